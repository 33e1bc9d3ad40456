/// <reference types="vite/client" />
import { useEffect, useId, useReducer, useRef } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import type { Result } from '../../electron/contract/errors.ts';
import { useFingerName, useSessionStep } from '../store/hooks.ts';
import './dev-panel.css';
import {
  centralOutageCommand,
  CITIZEN_LIST_LIMIT,
  citizenLabel,
  commandStatus,
  DEVICE_LABELS,
  DEVICE_ROLES,
  type DevPanelEffect,
  devPanelReducer,
  type FingerKind,
  fingerPlacement,
  INITIAL_DEV_PANEL_STATE,
  PRINTER_FAULT_LABELS,
  PRINTER_FAULTS,
  SCENARIO_FILTERS,
  SCENARIO_LABELS,
  type ScenarioFilter,
  selectedCitizen,
} from './dev-panel-model.ts';

type DevApi = NonNullable<KioskApi['dev']>;

const FINGER_BUTTONS: ReadonlyArray<{ readonly kind: FingerKind; readonly label: string }> = [
  { kind: 'matching', label: 'Place matching finger' },
  { kind: 'stranger', label: 'Place non-matching finger' },
  { kind: 'poor', label: 'Place poor-quality finger' },
];

/**
 * The developer panel: synthetic citizens in front of the simulated card
 * reader and fingerprint reader, cables pulled, printer faults, central taken
 * offline. English only: it is for developers, never for citizens, and it is
 * only loaded when window.kiosk.dev exists (see DevPanelMount).
 */
export function DevPanel({ dev }: { readonly dev: DevApi }) {
  const [state, dispatch] = useReducer(devPanelReducer, INITIAL_DEV_PANEL_STATE);
  const step = useSessionStep();
  const finger = useFingerName();
  const ids = { panel: useId(), title: useId(), scenario: useId(), citizen: useId() };
  const centralOutage = centralOutageCommand(dev);
  const citizen = selectedCitizen(state);
  const closeRef = useRef<HTMLButtonElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!state.open) return;
    let live = true;
    const scenario = state.scenario === 'all' ? {} : { scenario: state.scenario };
    void dev.citizens({ ...scenario, limit: CITIZEN_LIST_LIMIT }).then((result) => {
      if (!live) return;
      if (result.ok) dispatch({ type: 'citizens-loaded', citizens: result.value.citizens });
      else dispatch({ type: 'done', status: commandStatus('Loading citizens.', result) });
    });
    return () => {
      live = false;
    };
  }, [dev, state.open, state.scenario]);

  useEffect(() => {
    if (state.open) closeRef.current?.focus();
  }, [state.open]);

  async function run(done: string, command: () => Promise<Result<unknown>>, effect?: DevPanelEffect): Promise<void> {
    dispatch({ type: 'pending' });
    const result = await command();
    dispatch({ type: 'done', status: commandStatus(done, result), ...(result.ok && effect !== undefined ? { effect } : {}) });
  }

  function placeFinger(kind: FingerKind): void {
    if (citizen === null) return;
    const placement = fingerPlacement(kind, state.citizens, citizen.run);
    if (!placement.ok) {
      dispatch({ type: 'done', status: commandStatus('Choosing another citizen.', placement) });
      return;
    }
    const whose = placement.value.run === citizen.run ? citizen.run : `${placement.value.run} (not ${citizen.run})`;
    void run(`Finger placed: ${whose}${kind === 'poor' ? ', poor quality' : ''}.`, () => dev.placeFinger(placement.value));
  }

  const noCitizen = citizen === null || state.pending;
  return (
    <>
      <button
        ref={toggleRef}
        type="button"
        className="dev-toggle"
        aria-expanded={state.open}
        aria-controls={ids.panel}
        onClick={() => dispatch({ type: 'toggle-open' })}
      >
        Desarrollo
      </button>
      <aside id={ids.panel} className="dev-panel" aria-labelledby={ids.title} hidden={!state.open}>
        <div className="dev-panel-head">
          <h2 id={ids.title} className="dev-panel-title">
            Developer panel
          </h2>
          <button
            ref={closeRef}
            type="button"
            className="dev-button"
            onClick={() => {
              dispatch({ type: 'close' });
              // The button is about to be hidden: focus goes back to what opened the panel, not to <body>.
              toggleRef.current?.focus();
            }}
          >
            Close developer panel
          </button>
        </div>
        <p className="dev-note">
          Simulated devices only. Session step: <strong>{step ?? 'unknown'}</strong>
          {finger === null ? null : <> · asks for {finger}</>}
        </p>

        <section className="dev-section" aria-label="Synthetic citizen">
          <label htmlFor={ids.scenario}>Scenario</label>
          <select id={ids.scenario} value={state.scenario} onChange={(event) => dispatch({ type: 'scenario', scenario: event.target.value as ScenarioFilter })}>
            {SCENARIO_FILTERS.map((scenario) => (
              <option key={scenario} value={scenario}>
                {SCENARIO_LABELS[scenario]}
              </option>
            ))}
          </select>
          <label htmlFor={ids.citizen}>Citizen</label>
          <select id={ids.citizen} value={state.selectedRun ?? ''} onChange={(event) => dispatch({ type: 'select', run: event.target.value })}>
            {state.citizens.map((c) => (
              <option key={c.run} value={c.run}>
                {citizenLabel(c)}
              </option>
            ))}
          </select>
        </section>

        <section className="dev-section" aria-label="Card and finger">
          <div className="dev-row">
            <button
              type="button"
              className="dev-button"
              disabled={noCitizen}
              onClick={() => citizen !== null && void run(`Card inserted: ${citizen.run}.`, () => dev.insertCard({ run: citizen.run }))}
            >
              Insert card
            </button>
          </div>
          <div className="dev-row">
            {FINGER_BUTTONS.map(({ kind, label }) => (
              <button key={kind} type="button" className="dev-button" disabled={noCitizen} onClick={() => placeFinger(kind)}>
                {label}
              </button>
            ))}
            <button type="button" className="dev-button" disabled={state.pending} onClick={() => void run('Finger lifted.', () => dev.liftFinger())}>
              Lift finger
            </button>
          </div>
        </section>

        <section className="dev-section" aria-label="Device cables">
          {DEVICE_ROLES.map((role) => (
            <div key={role} className="dev-row">
              <button
                type="button"
                className="dev-button"
                disabled={state.pending || state.unplugged[role]}
                onClick={() => void run(`Unplugged the ${DEVICE_LABELS[role]}.`, () => dev.unplug({ role }), { kind: 'plug', role, unplugged: true })}
              >
                Unplug {DEVICE_LABELS[role]}
              </button>
              <button
                type="button"
                className="dev-button"
                disabled={state.pending}
                onClick={() => void run(`Replugged the ${DEVICE_LABELS[role]}.`, () => dev.replug({ role }), { kind: 'plug', role, unplugged: false })}
              >
                Replug {DEVICE_LABELS[role]}
              </button>
            </div>
          ))}
        </section>

        <section className="dev-section" aria-label="Printer faults">
          <div className="dev-row">
            {PRINTER_FAULTS.map((fault) => {
              const on = state.printerFaults[fault];
              return (
                <button
                  key={fault}
                  type="button"
                  className="dev-button dev-toggle-button"
                  aria-pressed={on}
                  disabled={state.pending}
                  onClick={() =>
                    void run(`${PRINTER_FAULT_LABELS[fault]}: ${on ? 'off' : 'on'}.`, () => dev.printerFault({ fault, on: !on }), {
                      kind: 'printer-fault',
                      fault,
                      on: !on,
                    })
                  }
                >
                  <PressedMark on={on} />
                  {PRINTER_FAULT_LABELS[fault]}
                </button>
              );
            })}
          </div>
        </section>

        <section className="dev-section" aria-label="Central API">
          <div className="dev-row">
            <button
              type="button"
              className="dev-button dev-toggle-button"
              aria-pressed={state.centralOffline}
              disabled={state.pending || centralOutage === null}
              onClick={() => {
                if (centralOutage === null) return;
                const offline = !state.centralOffline;
                void run(`Central API ${offline ? 'offline' : 'online'}.`, () => centralOutage({ on: offline }), { kind: 'central', offline });
              }}
            >
              <PressedMark on={state.centralOffline} />
              Central API offline
            </button>
          </div>
          {centralOutage === null ? (
            <p className="dev-note">This build&apos;s window.kiosk.dev has no centralOutage command (electron/contract/api.ts).</p>
          ) : null}
        </section>

        <p className={`dev-status dev-status-${state.status?.tone ?? 'info'}`} role="status">
          {state.status?.text ?? ''}
        </p>
      </aside>
    </>
  );
}

/** A visible tick on a switched-on toggle; aria-pressed already says it, so the tick stays out of the button's name. */
function PressedMark({ on }: { readonly on: boolean }) {
  return on ? <span aria-hidden="true">✓ </span> : null;
}
