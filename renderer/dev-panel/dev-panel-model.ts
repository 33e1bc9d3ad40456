/**
 * The developer panel's pure core: what it remembers between taps, and how a
 * tap becomes the argument of a `dev.*` command. No React and no window here,
 * so every rule has a unit test (test/renderer/dev-panel/).
 *
 * The panel exists only when `window.kiosk.dev` does (simulated devices): it
 * drives the in-process simulators, never a real reader or printer.
 */
import type { KioskApi } from '../../electron/contract/api.ts';
import type { Result } from '../../electron/contract/errors.ts';
import type { DevCitizens, DevPlaceFingerArgs, DevPrinterFaultArgs, DevRoleArgs } from '../../electron/contract/service-status.ts';

export type DevCitizen = DevCitizens['citizens'][number];
export type CitizenScenario = DevCitizen['scenario'];
export type DeviceRole = DevRoleArgs['role'];
export type PrinterFault = DevPrinterFaultArgs['fault'];

/** The scenario filter: every scenario the contract names, or all of them. */
export type ScenarioFilter = CitizenScenario | 'all';

export const SCENARIO_FILTERS: readonly ScenarioFilter[] = ['all', 'ok', 'card_expired', 'card_blocked', 'has_account', 'under_age'];

export const SCENARIO_LABELS: Readonly<Record<ScenarioFilter, string>> = {
  all: 'All scenarios',
  ok: 'OK (can enroll)',
  card_expired: 'Card expired',
  card_blocked: 'Card blocked',
  has_account: 'Already has an account',
  under_age: 'Under age',
};

export const DEVICE_ROLES: readonly DeviceRole[] = ['cardReader', 'fingerprint', 'printer'];

export const DEVICE_LABELS: Readonly<Record<DeviceRole, string>> = {
  cardReader: 'card reader',
  fingerprint: 'fingerprint reader',
  printer: 'printer',
};

/** The faults a field technician meets most; `paperNearEnd` only warns and does not stop a receipt. */
export const PRINTER_FAULTS: readonly PrinterFault[] = ['paperOut', 'coverOpen', 'offline', 'paperNearEnd'];

export const PRINTER_FAULT_LABELS: Readonly<Record<PrinterFault, string>> = {
  paperOut: 'Paper out',
  coverOpen: 'Cover open',
  offline: 'Printer offline',
  paperNearEnd: 'Paper near end',
};

/** How many citizens the panel lists (the contract's maximum per call). */
export const CITIZEN_LIST_LIMIT = 50;

/** A quality the simulated reader renders as a blurred or a dry impression, which the kiosk's own image check refuses. */
export const POOR_FINGER_QUALITY = 5;

export type FingerKind = 'matching' | 'stranger' | 'poor';

export interface DevPanelStatus {
  readonly tone: 'info' | 'ok' | 'error';
  readonly text: string;
}

export interface DevPanelState {
  readonly open: boolean;
  readonly scenario: ScenarioFilter;
  readonly citizens: readonly DevCitizen[];
  /** RUN of the citizen the card and finger actions use. */
  readonly selectedRun: string | null;
  /** What the panel itself switched on; the simulators have no "read back" command. */
  readonly printerFaults: Readonly<Record<PrinterFault, boolean>>;
  readonly unplugged: Readonly<Record<DeviceRole, boolean>>;
  readonly centralOffline: boolean;
  /** A command is on its way: the buttons wait, so a double tap does not send twice. */
  readonly pending: boolean;
  readonly status: DevPanelStatus | null;
}

export const INITIAL_DEV_PANEL_STATE: DevPanelState = {
  open: false,
  scenario: 'ok',
  citizens: [],
  selectedRun: null,
  printerFaults: { paperOut: false, coverOpen: false, offline: false, paperNearEnd: false },
  unplugged: { cardReader: false, fingerprint: false, printer: false },
  centralOffline: false,
  pending: false,
  status: null,
};

export type DevPanelAction =
  | { readonly type: 'toggle-open' }
  | { readonly type: 'close' }
  | { readonly type: 'scenario'; readonly scenario: ScenarioFilter }
  | { readonly type: 'citizens-loaded'; readonly citizens: readonly DevCitizen[] }
  | { readonly type: 'select'; readonly run: string }
  | { readonly type: 'pending' }
  | { readonly type: 'done'; readonly status: DevPanelStatus; readonly effect?: DevPanelEffect };

/** What a successful command changed, so the toggles show the simulators' state. */
export type DevPanelEffect =
  | { readonly kind: 'printer-fault'; readonly fault: PrinterFault; readonly on: boolean }
  | { readonly kind: 'plug'; readonly role: DeviceRole; readonly unplugged: boolean }
  | { readonly kind: 'central'; readonly offline: boolean };

export function devPanelReducer(state: DevPanelState, action: DevPanelAction): DevPanelState {
  switch (action.type) {
    case 'toggle-open':
      return { ...state, open: !state.open };
    case 'close':
      return { ...state, open: false };
    case 'scenario':
      return { ...state, scenario: action.scenario };
    case 'citizens-loaded': {
      // Keep the chosen citizen when the new list still has them, so a refresh does not move the selection.
      const kept = action.citizens.some((c) => c.run === state.selectedRun);
      return { ...state, citizens: action.citizens, selectedRun: kept ? state.selectedRun : (action.citizens[0]?.run ?? null) };
    }
    case 'select':
      return state.citizens.some((c) => c.run === action.run) ? { ...state, selectedRun: action.run } : state;
    case 'pending':
      // The last outcome goes, so the status line never shows an old answer as the new one.
      return { ...state, pending: true, status: null };
    case 'done':
      return applyEffect({ ...state, pending: false, status: action.status }, action.effect);
  }
}

function applyEffect(state: DevPanelState, effect: DevPanelEffect | undefined): DevPanelState {
  if (effect === undefined) return state;
  switch (effect.kind) {
    case 'printer-fault':
      return { ...state, printerFaults: { ...state.printerFaults, [effect.fault]: effect.on } };
    case 'plug':
      return { ...state, unplugged: { ...state.unplugged, [effect.role]: effect.unplugged } };
    case 'central':
      return { ...state, centralOffline: effect.offline };
  }
}

export function selectedCitizen(state: Pick<DevPanelState, 'citizens' | 'selectedRun'>): DevCitizen | null {
  return state.citizens.find((c) => c.run === state.selectedRun) ?? null;
}

/** How a citizen reads in the list: synthetic name, RUN and scenario, so the right test person is easy to find. */
export function citizenLabel(citizen: DevCitizen): string {
  const card = citizen.cardType === 'CEDULA_EXT' ? ', foreigner card' : '';
  return `${citizen.name} · ${citizen.run} · ${SCENARIO_LABELS[citizen.scenario]}${card}`;
}

/**
 * Someone else's finger for a "no match": another listed citizen, preferring
 * one who could enroll (so the mismatch, not their own scenario, is what the
 * kiosk reacts to).
 */
export function strangerFor(citizens: readonly DevCitizen[], run: string): DevCitizen | null {
  const others = citizens.filter((c) => c.run !== run);
  return others.find((c) => c.scenario === 'ok') ?? others[0] ?? null;
}

/**
 * The placeFinger argument for each finger button. No finger name: the
 * simulated citizen puts down the finger the kiosk asks for.
 */
export function fingerPlacement(kind: FingerKind, citizens: readonly DevCitizen[], run: string): Result<DevPlaceFingerArgs> {
  switch (kind) {
    case 'matching':
      return { ok: true, value: { run } };
    case 'poor':
      return { ok: true, value: { run, quality: POOR_FINGER_QUALITY } };
    case 'stranger': {
      const stranger = strangerFor(citizens, run);
      // Spelled out rather than built with the contract's fail(): that module brings zod into the renderer's bundle.
      return stranger === null
        ? { ok: false, error: { code: 'dev.unknown_citizen', messageKey: 'errors.invalidRequest', retryable: false } }
        : { ok: true, value: { run: stranger.run } };
    }
  }
}

/** The panel's status line after a command: what was done, or the error code the service answered. */
export function commandStatus(done: string, result: Result<unknown>): DevPanelStatus {
  return result.ok ? { tone: 'ok', text: done } : { tone: 'error', text: `${done.replace(/\.$/, '')} failed: ${result.error.code}` };
}

type DevApi = NonNullable<KioskApi['dev']>;
export type CentralOutageCommand = (args: { readonly on: boolean }) => Promise<Result<{ accepted: true }>>;

/**
 * `window.kiosk.dev.centralOutage`, when the host's API carries it. The
 * contract declares the `dev.centralOutage` command, but `createKioskApi`
 * may not expose it yet; the panel then shows the switch disabled rather
 * than reaching past window.kiosk for it.
 */
export function centralOutageCommand(dev: DevApi): CentralOutageCommand | null {
  const candidate: unknown = (dev as DevApi & { readonly centralOutage?: unknown }).centralOutage;
  return typeof candidate === 'function' ? (args) => (candidate as CentralOutageCommand).call(dev, args) : null;
}
