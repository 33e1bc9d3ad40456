import { describe, expect, it } from 'vitest';
import { createKioskApi } from '../../../electron/contract/api.ts';
import { ok } from '../../../electron/contract/errors.ts';
import {
  centralOutageCommand,
  citizenLabel,
  commandStatus,
  type DevCitizen,
  devPanelReducer,
  fingerPlacement,
  INITIAL_DEV_PANEL_STATE,
  POOR_FINGER_QUALITY,
  SCENARIO_FILTERS,
  SCENARIO_LABELS,
  selectedCitizen,
  strangerFor,
} from '../../../renderer/dev-panel/dev-panel-model.ts';
import { CITIZEN_SCENARIOS } from '../../../electron/contract/service-status.ts';

const citizen = (run: string, scenario: DevCitizen['scenario'] = 'ok', name = `Persona ${run}`): DevCitizen => ({ run, name, scenario, cardType: 'CEDULA' });
const ANA = citizen('11.111.111-1', 'ok', 'Ana Prueba Sintética');
const BETO = citizen('22.222.222-2', 'card_expired');
const CATA = citizen('33.333.333-3', 'ok');

describe('the developer panel state', () => {
  it('starts closed, on citizens who can enroll, with nothing switched on', () => {
    expect(INITIAL_DEV_PANEL_STATE).toMatchObject({ open: false, scenario: 'ok', selectedRun: null, centralOffline: false, pending: false });
    expect(Object.values(INITIAL_DEV_PANEL_STATE.printerFaults)).toEqual([false, false, false, false]);
    expect(Object.values(INITIAL_DEV_PANEL_STATE.unplugged)).toEqual([false, false, false]);
  });

  it('opens and closes', () => {
    const opened = devPanelReducer(INITIAL_DEV_PANEL_STATE, { type: 'toggle-open' });
    expect(opened.open).toBe(true);
    expect(devPanelReducer(opened, { type: 'toggle-open' }).open).toBe(false);
    expect(devPanelReducer(opened, { type: 'close' }).open).toBe(false);
  });

  it('selects the first citizen of a new list, and keeps a selection the new list still has', () => {
    const loaded = devPanelReducer(INITIAL_DEV_PANEL_STATE, { type: 'citizens-loaded', citizens: [ANA, BETO, CATA] });
    expect(loaded.selectedRun).toBe(ANA.run);
    const chosen = devPanelReducer(loaded, { type: 'select', run: CATA.run });
    expect(devPanelReducer(chosen, { type: 'citizens-loaded', citizens: [CATA, ANA] }).selectedRun).toBe(CATA.run);
    expect(devPanelReducer(chosen, { type: 'citizens-loaded', citizens: [BETO] }).selectedRun).toBe(BETO.run);
    expect(devPanelReducer(chosen, { type: 'citizens-loaded', citizens: [] }).selectedRun).toBeNull();
  });

  it('ignores the selection of a RUN that is not listed', () => {
    const loaded = devPanelReducer(INITIAL_DEV_PANEL_STATE, { type: 'citizens-loaded', citizens: [ANA] });
    expect(devPanelReducer(loaded, { type: 'select', run: '99.999.999-9' })).toBe(loaded);
  });

  it('waits while a command is on its way, with the last outcome cleared, then shows the new one', () => {
    const earlier = { ...INITIAL_DEV_PANEL_STATE, status: { tone: 'ok', text: 'Finger lifted.' } } as const;
    const pending = devPanelReducer(earlier, { type: 'pending' });
    expect(pending).toMatchObject({ pending: true, status: null });
    const done = devPanelReducer(pending, { type: 'done', status: { tone: 'ok', text: 'Card inserted.' } });
    expect(done).toMatchObject({ pending: false, status: { tone: 'ok', text: 'Card inserted.' } });
  });

  it('records what a successful command switched: printer faults, cables, central', () => {
    const status = { tone: 'ok', text: '' } as const;
    let state = devPanelReducer(INITIAL_DEV_PANEL_STATE, { type: 'done', status, effect: { kind: 'printer-fault', fault: 'paperOut', on: true } });
    state = devPanelReducer(state, { type: 'done', status, effect: { kind: 'plug', role: 'printer', unplugged: true } });
    state = devPanelReducer(state, { type: 'done', status, effect: { kind: 'central', offline: true } });
    expect(state.printerFaults).toEqual({ paperOut: true, coverOpen: false, offline: false, paperNearEnd: false });
    expect(state.unplugged).toEqual({ cardReader: false, fingerprint: false, printer: true });
    expect(state.centralOffline).toBe(true);
    state = devPanelReducer(state, { type: 'done', status, effect: { kind: 'printer-fault', fault: 'paperOut', on: false } });
    expect(state.printerFaults.paperOut).toBe(false);
  });

  it('finds the selected citizen', () => {
    const loaded = devPanelReducer(INITIAL_DEV_PANEL_STATE, { type: 'citizens-loaded', citizens: [ANA, BETO] });
    expect(selectedCitizen(loaded)).toEqual(ANA);
    expect(selectedCitizen(INITIAL_DEV_PANEL_STATE)).toBeNull();
  });
});

describe('the scenario filter', () => {
  it('offers every scenario of the contract, plus all of them', () => {
    expect([...SCENARIO_FILTERS].sort()).toEqual(['all', ...CITIZEN_SCENARIOS].sort());
    for (const filter of SCENARIO_FILTERS) expect(SCENARIO_LABELS[filter]).not.toBe('');
  });
});

describe('fingers', () => {
  it("a matching finger is the citizen's own, the one the kiosk asks for (no finger name)", () => {
    expect(fingerPlacement('matching', [ANA, CATA], ANA.run)).toEqual(ok({ run: ANA.run }));
  });

  it("a poor-quality finger is the citizen's own at a quality the reader refuses", () => {
    expect(fingerPlacement('poor', [ANA], ANA.run)).toEqual(ok({ run: ANA.run, quality: POOR_FINGER_QUALITY }));
    expect(POOR_FINGER_QUALITY).toBeLessThan(20);
  });

  it("a non-matching finger is another citizen's, preferably one who could enroll", () => {
    expect(fingerPlacement('stranger', [ANA, BETO, CATA], ANA.run)).toEqual(ok({ run: CATA.run }));
    expect(strangerFor([ANA, BETO], ANA.run)).toEqual(BETO);
    expect(strangerFor([ANA], ANA.run)).toBeNull();
  });

  it('says so when the list has nobody else', () => {
    expect(fingerPlacement('stranger', [ANA], ANA.run)).toMatchObject({ ok: false, error: { code: 'dev.unknown_citizen' } });
  });
});

describe('labels and status lines', () => {
  it('names a citizen by synthetic name, RUN and scenario', () => {
    expect(citizenLabel(ANA)).toBe('Ana Prueba Sintética · 11.111.111-1 · OK (can enroll)');
    expect(citizenLabel({ ...BETO, cardType: 'CEDULA_EXT' })).toBe('Persona 22.222.222-2 · 22.222.222-2 · Card expired, foreigner card');
  });

  it('reports a command as done, or with the code the service answered', () => {
    expect(commandStatus('Card inserted.', ok({ accepted: true }))).toEqual({ tone: 'ok', text: 'Card inserted.' });
    expect(
      commandStatus('Card inserted.', { ok: false, error: { code: 'dev.unknown_citizen', messageKey: 'errors.invalidRequest', retryable: false } }),
    ).toEqual({
      tone: 'error',
      text: 'Card inserted failed: dev.unknown_citizen',
    });
  });
});

describe('the central outage switch', () => {
  const transport = { invoke: async () => ok({ accepted: true }), subscribe: () => () => {} };

  it('uses window.kiosk.dev.centralOutage when the API has it', async () => {
    const calls: unknown[] = [];
    const dev = {
      ...createKioskApi(transport, { dev: true }).dev!,
      centralOutage: async (args: { on: boolean }) => (calls.push(args), ok({ accepted: true as const })),
    };
    const command = centralOutageCommand(dev);
    expect(command).not.toBeNull();
    expect(await command!({ on: true })).toEqual(ok({ accepted: true }));
    expect(calls).toEqual([{ on: true }]);
  });

  it('is absent (the switch disabled) when the API lacks it', () => {
    const dev = createKioskApi(transport, { dev: true }).dev!;
    const withoutOutage = Object.fromEntries(Object.entries(dev).filter(([name]) => name !== 'centralOutage')) as typeof dev;
    expect(centralOutageCommand(withoutOutage)).toBeNull();
  });
});
