import { describe, expect, it } from 'vitest';
import { type KioskReadiness, SessionSnapshotSchema } from '../../../electron/contract/index.ts';
import { transition } from '../../../electron/service/session/session-machine.ts';
import { toSnapshot } from '../../../electron/service/session/session-snapshot.ts';
import { initialSessionState } from '../../../electron/service/session/session-state.ts';
import { context, drive, T0, TO_FINGER, TO_VERIFYING } from './machine-support.ts';

const ZONE = 'America/Santiago';
const READY: KioskReadiness = { readers: true, central: true, printer: true, outOfService: { reasons: [], office: null } };
const start = (readiness: KioskReadiness) => ({ type: 'start', language: 'es-CL', storageFull: false, readiness }) as const;

describe('session machine: no session that cannot end', () => {
  it('refuses to start while a reader is out of service, in either mode', () => {
    for (const mode of ['civil-digital', 'chileatiende'] as const) {
      const result = transition(initialSessionState(mode, 'es-CL'), start({ ...READY, readers: false }), context());
      expect(result).toMatchObject({ ok: false, error: { code: 'session.out_of_service' } });
    }
  });

  it('refuses Civil Digital while central is known down, but lets ChileAtiende start (it has its deferred path)', () => {
    const down = { ...READY, central: false };
    expect(transition(initialSessionState('civil-digital', 'es-CL'), start(down), context())).toMatchObject({
      ok: false,
      error: { code: 'session.no_codes_now' },
    });
    expect(transition(initialSessionState('chileatiende', 'es-CL'), start(down), context())).toMatchObject({ ok: true, value: { state: { step: 'welcome' } } });
  });

  it('starts Civil Digital without a printer: the code will be shown on screen', () => {
    expect(transition(initialSessionState('civil-digital', 'es-CL'), start({ ...READY, printer: false }), context())).toMatchObject({ ok: true });
  });

  it('refuses to start while central’s directive (or anything else) keeps the kiosk out of service, in either mode', () => {
    const directed = { ...READY, outOfService: { reasons: ['directive' as const], office: 'Oficina del Registro Civil, Av. Ejemplo 123' } };
    for (const mode of ['civil-digital', 'chileatiende'] as const)
      expect(transition(initialSessionState(mode, 'es-CL'), start(directed), context())).toMatchObject({
        ok: false,
        error: { code: 'session.out_of_service' },
      });
  });

  it('carries the readiness it is given into the snapshot', () => {
    const readiness: KioskReadiness = { readers: true, central: false, printer: false, outOfService: { reasons: ['central'], office: null } };
    const snapshot = toSnapshot(initialSessionState('civil-digital', 'es-CL'), ZONE, readiness);
    expect(SessionSnapshotSchema.parse(snapshot).readiness).toEqual(readiness);
  });
});

describe('session machine: lockout', () => {
  const liftsAtMs = T0 + 86_400_000;
  const locked = () => drive('civil-digital', [...TO_VERIFYING, { type: 'verify.refused', op: -1, failure: 'locked', lockedUntilMs: liftsAtMs }]);

  it('keeps when the lock lifts and shows it on the lock screen only', () => {
    const { state } = locked();
    expect(toSnapshot(state, ZONE)).toMatchObject({ step: 'failed', failure: 'locked', lock: { liftsAt: new Date(liftsAtMs).toISOString(), slip: 'none' } });
    const other = drive('civil-digital', [...TO_VERIFYING, { type: 'verify.refused', op: -1, failure: 'card_blocked' }]).state;
    expect(toSnapshot(other, ZONE).lock).toBeNull();
  });

  it('prints the unlock procedure on request, in the session language, and says how it went', () => {
    const { state } = locked();
    const asked = transition(state, { type: 'event', event: { type: 'unlock-procedure.print' } }, context());
    expect(asked.ok).toBe(true);
    if (!asked.ok) return;
    expect(asked.value.effects).toEqual([{ type: 'print-unlock-slip', op: asked.value.state.op, language: 'en', liftsAtMs }]);
    expect(toSnapshot(asked.value.state, ZONE).lock?.slip).toBe('printing');
    // A second tap while it prints is refused; the slip is printed once.
    expect(transition(asked.value.state, { type: 'event', event: { type: 'unlock-procedure.print' } }, context()).ok).toBe(false);
    const done = transition(asked.value.state, { type: 'slip.done', op: asked.value.state.op }, context());
    expect(done.ok && toSnapshot(done.value.state, ZONE).lock?.slip).toBe('printed');
    const failed = transition(asked.value.state, { type: 'slip.failed', op: asked.value.state.op, code: 'printer.paper_out' }, context());
    expect(failed.ok && toSnapshot(failed.value.state, ZONE).lock?.slip).toBe('failed');
    // The failure screen is still final: Terminar wipes it.
    expect(drive('civil-digital', [{ type: 'finish' }], asked.value.state).state.step).toBe('idle');
  });

  it('offers no slip on other failures', () => {
    const { state } = drive('civil-digital', [...TO_FINGER, { type: 'step-timeout', op: -1 }]);
    expect(state.step).toBe('failed');
    expect(transition(state, { type: 'event', event: { type: 'unlock-procedure.print' } }, context())).toMatchObject({ ok: false });
  });
});
