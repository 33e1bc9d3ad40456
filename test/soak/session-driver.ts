/**
 * One citizen at one kiosk, from session.start to a final step, through the
 * contract's commands (as the renderer sends them) and the dev.* commands
 * (as the simulated devices feel them), with the session's planned fault
 * injected at its moment. The driver reacts to the step the service shows,
 * like a patient citizen: it never assumes a step it has not been shown.
 */
import { performance } from 'node:perf_hooks';
import { type Result, SESSION_STEPS, type SessionSnapshot } from '../../electron/contract/index.ts';
import type { FaultKind, PlannedSession } from './fault-plan.ts';
import type { SoakKiosk } from './service-process.ts';

export const FINAL_STEPS = new Set(['code-printed', 'code-on-screen', 'activated', 'deferred', 'failed']);
/** Steps a session reaches only once the reader has taken the citizen's finger: the contract lists them from verifying to deferred. */
const AFTER_CAPTURE = new Set<string>(SESSION_STEPS.slice(SESSION_STEPS.indexOf('verifying'), SESSION_STEPS.indexOf('deferred') + 1));
/** Password typed on the ChileAtiende step: synthetic, passes the rules for any synthetic name. */
const TYPED_PASSWORD = 'una frase sintética bastante larga';

export interface FaultHooks {
  /** Arms one central fault for this kiosk's next request to `route`. */
  armCentral(kind: 'central-503' | 'central-latency' | 'central-drop' | 'central-lost-response', route: string): Promise<void>;
  disarmCentral(): Promise<void>;
  /** Stops central and schedules its return (the outage coordinator). */
  centralDown(): Promise<void>;
}

export interface SessionResult {
  readonly sessionId: string | null;
  /** The last step shown before the session ended ('idle' when it ended without a final step: idle timeout, kill). */
  readonly finalStep: string;
  readonly failure: string | null;
  readonly durationMs: number | null;
  readonly activatedReported: boolean;
  readonly deferred: boolean;
  /** What went wrong in the harness's eyes (a refused command, a session that did not move): counted as errors. */
  readonly errors: readonly string[];
  /** Waiting for a session start the kiosk refused (out of service, no codes now), in ms. */
  readonly startWaitMs: number;
  /** The session got past the finger step: the simulated reader has drawn this citizen's finger. */
  readonly fingerTaken: boolean;
}

/**
 * Whose turn it is to have a citizen at a kiosk. The two kiosks of a soak
 * share the machine's cores with central; in production each has its own
 * machine, so by default one session runs at a time (the other kiosk's
 * background work, outbox deliveries and heartbeats, still runs beside it).
 * `--parallel` gives each kiosk a turn of its own.
 */
export interface Turn {
  take(): Promise<void>;
  give(): void;
}

export function sharedTurn(): Turn {
  let held = false;
  const queue: (() => void)[] = [];
  return {
    take: () => {
      if (!held) {
        held = true;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => queue.push(resolve));
    },
    give: () => {
      const next = queue.shift();
      if (next) next();
      else held = false;
    },
  };
}

export const ownTurn = (): Turn => ({ take: () => Promise.resolve(), give: () => undefined });

export interface DriveOptions {
  readonly kiosk: SoakKiosk;
  readonly planned: PlannedSession;
  readonly run: string;
  readonly email: string;
  readonly hooks: FaultHooks;
  /** Taken while a citizen is at the kiosk; given back while the kiosk refuses to start or the citizen has walked away. */
  readonly turn: Turn;
  readonly idleTimeoutSeconds: number;
  /** Upper bound for one session, faults included. */
  readonly sessionBoundMs: number;
}

const ROUTES: Readonly<Record<'civil-digital' | 'chileatiende', readonly string[]>> = {
  'civil-digital': ['/v1/identity-verifications', '/v1/activation-codes', '/v1/audit-events'],
  chileatiende: ['/v1/identity-verifications', '/v1/activations/one-step', '/v1/audit-events'],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CENTRAL_FAULTS = new Set<FaultKind>(['central-503', 'central-latency', 'central-drop', 'central-lost-response']);

/** A session the kiosk never started. */
const notStarted = (errors: string[]): SessionResult => ({
  sessionId: null,
  finalStep: 'idle',
  failure: null,
  durationMs: null,
  activatedReported: false,
  deferred: false,
  errors,
  startWaitMs: 0,
  fingerTaken: false,
});

export async function driveSession(options: DriveOptions): Promise<SessionResult> {
  const { turn } = options;
  const trace = (what: string) =>
    process.env.SOAK_TRACE === '1' && process.stderr.write(`${options.planned.index} at ${performance.now().toFixed(0)} ${what}\n`);
  trace('waits for its turn');
  await turn.take();
  trace(`has its turn (fault ${options.planned.fault ?? 'none'})`);
  let holding = true;
  const giveTurn = () => {
    if (holding) turn.give();
    holding = false;
  };
  try {
    return await drive(options, giveTurn, async () => {
      if (!holding) await turn.take();
      holding = true;
    });
  } finally {
    giveTurn();
    trace('gave its turn');
  }
}

async function drive(options: DriveOptions, giveTurn: () => void, takeTurn: () => Promise<void>): Promise<SessionResult> {
  const { kiosk, planned, run, hooks } = options;
  const fault = planned.fault;
  const errors: string[] = [];
  const expectOk = async (command: string, payload?: unknown): Promise<Result<unknown>> => {
    const result = await kiosk.invoke(command, payload);
    if (!result.ok) errors.push(`${command} refused: ${result.error.code}`);
    return result;
  };

  if (fault === 'central-down') await hooks.centralDown();

  // Start: a kiosk out of service or without central (Civil Digital) refuses; a citizen would come back later.
  const waitStarted = performance.now();
  let started: SessionSnapshot | null = null;
  while (started === null) {
    const result = await kiosk.invoke('session.start', { language: 'es-CL' });
    if (result.ok) started = result.value as SessionSnapshot;
    else if (['session.out_of_service', 'session.no_codes_now', 'service.unavailable'].includes(result.error.code)) {
      if (performance.now() - waitStarted > 10 * 60_000) {
        errors.push(`session.start refused for 10 min: ${result.error.code}`);
        return notStarted(errors);
      }
      giveTurn();
      await sleep(500);
      await takeTurn();
    } else {
      errors.push(`session.start refused: ${result.error.code}`);
      return notStarted(errors);
    }
  }
  const startWaitMs = performance.now() - waitStarted;
  const t0 = performance.now();
  const sessionId = started.sessionId;
  const deadline = Date.now() + options.sessionBoundMs;
  let handled = -1;
  let cardInserted = false;
  let fingerPlaced = 0;
  let injected = false;
  let printerFault: 'paperOut' | 'coverOpen' | null = null;
  let killed = false;
  let last: SessionSnapshot = started;
  let durationMs: number | null = null;
  let finalStep = 'idle';
  let activatedReported = false;
  let fingerTaken = false;

  const mine = (s: SessionSnapshot) => s.sessionId === sessionId || s.step === 'idle';
  const ended = (s: SessionSnapshot) => s.step === 'idle' || s.sessionId !== sessionId;

  const unplugAndReplug = async (role: 'cardReader' | 'fingerprint') => {
    await expectOk('dev.unplug', { role });
    // The citizen's session notices the cable (device failure) or keeps waiting; either way the cable comes back.
    await kiosk.waitFor((s) => !mine(s) || FINAL_STEPS.has(s.step) || ended(s), 3000, 'a reaction to the unplugged device').catch(() => undefined);
    await expectOk('dev.replug', { role });
    await waitDevicesReady(kiosk, errors);
  };

  try {
    for (;;) {
      if (Date.now() > deadline) {
        errors.push(`session did not end within ${options.sessionBoundMs} ms (step ${last.step})`);
        break;
      }
      let s: SessionSnapshot;
      try {
        s = await kiosk.waitFor(
          (x) => ended(x) || (x.sessionId === sessionId && !x.busy && x.revision !== handled),
          last.step === 'finger' || last.step === 'card' ? 4000 : 60_000,
          `a step after ${last.step}`,
        );
      } catch {
        // The reader did not react: present the card or the finger again, as a citizen would.
        if (last.step === 'card') cardInserted = false;
        else if (last.step === 'finger' && fingerPlaced < 6) {
          await expectOk('dev.liftFinger');
          fingerPlaced = 0;
        } else if (last.busy) continue;
        handled = -1;
        continue;
      }
      last = s;
      if (s.sessionId === sessionId && AFTER_CAPTURE.has(s.step)) fingerTaken = true;
      if (process.env.SOAK_TRACE === '1')
        process.stderr.write(
          `${planned.index} ${(performance.now() - t0).toFixed(0)} ms ${s.step} busy=${s.busy} rev=${s.revision} err=${s.error?.code ?? ''}\n`,
        );
      if (ended(s)) break;
      handled = s.revision;

      if (FINAL_STEPS.has(s.step)) {
        durationMs = performance.now() - t0;
        finalStep = s.step;
        activatedReported = s.step === 'activated';
        if (fault === 'service-kill' && !injected) {
          // Killed after the citizen saw the result: what was committed must still reach central.
          injected = true;
          killed = true;
          await kiosk.kill();
          break;
        }
        const finish = await kiosk.invoke('session.send', { type: 'finish' });
        if (!finish.ok) errors.push(`finish refused on ${s.step}: ${finish.error.code}`);
        break;
      }
      switch (s.step) {
        case 'welcome':
          await expectOk('session.send', { type: 'continue' });
          break;
        case 'consent':
          if (fault === 'idle-timeout') {
            // The citizen walks away: nothing more is sent; the kiosk must wipe the session by itself.
            injected = true;
            giveTurn();
            const gone = await kiosk
              .waitFor(ended, (options.idleTimeoutSeconds + 60) * 1000, 'the idle timeout')
              .catch((error: Error) => (errors.push(error.message), null));
            if (gone) last = gone;
            return finishResult();
          }
          await expectOk('session.send', { type: 'consent.accept' });
          break;
        case 'card':
          if (fault === 'service-kill' && planned.where < 0.33 && !injected) {
            injected = true;
            killed = true;
            await kiosk.kill();
            return finishResult();
          }
          if (fault === 'card-unplug' && !injected) {
            injected = true;
            await unplugAndReplug('cardReader');
            handled = -1;
            break;
          }
          if (!cardInserted) {
            cardInserted = true;
            const noise = fault === 'card-garbage' && !injected ? 'ocr' : 'none';
            if (noise === 'ocr') injected = true;
            await expectOk('dev.insertCard', { run, format: noise === 'ocr' ? 'mrz' : 'both', noise });
          } else {
            // Read refused (garbage): the citizen presents the card again.
            await expectOk('dev.insertCard', { run, format: 'both' });
          }
          break;
        case 'finger':
          if (!injected && fault !== null) {
            if (fault === 'finger-unplug') {
              injected = true;
              await unplugAndReplug('fingerprint');
              handled = -1;
              break;
            }
            if (fault === 'printer-paper-out' || fault === 'printer-cover-open') {
              injected = true;
              printerFault = fault === 'printer-paper-out' ? 'paperOut' : 'coverOpen';
              await expectOk('dev.printerFault', { fault: printerFault, on: true });
            }
            if (CENTRAL_FAULTS.has(fault)) {
              injected = true;
              const routes = ROUTES[planned.mode];
              await hooks.armCentral(fault as 'central-503', routes[Math.floor(planned.where * routes.length)]!);
            }
          }
          if (fingerPlaced === 0 || s.error !== null) {
            if (fingerPlaced > 0) await expectOk('dev.liftFinger');
            fingerPlaced += 1;
            await expectOk('dev.placeFinger', { run });
          }
          if (fault === 'service-kill' && planned.where >= 0.33 && planned.where < 0.66 && !injected) {
            // Killed while the capture and the verification are in flight.
            injected = true;
            killed = true;
            await kiosk.kill();
            return finishResult();
          }
          break;
        case 'deferred-offer':
          await expectOk('session.send', { type: 'deferred.accept' });
          break;
        case 'email':
          if (fault === 'service-kill' && !injected) {
            injected = true;
            killed = true;
            await kiosk.kill();
            return finishResult();
          }
          await expectOk('session.send', { type: 'email.submit', email: options.email, confirmation: options.email });
          break;
        case 'phone':
          await expectOk('session.send', { type: 'phone.submit', phone: '9 1234 5678' });
          break;
        case 'password':
          if (s.deferred || s.error !== null) await expectOk('session.send', { type: 'password.generate', channel: 'email' });
          else await expectOk('session.send', { type: 'password.submit', password: TYPED_PASSWORD });
          break;
        case 'review':
          await expectOk('session.send', { type: 'review.confirm' });
          break;
        default:
          // verifying, issuing-code, printing, activating, deferring: the service is working; a new revision follows.
          break;
      }
    }
  } finally {
    await cleanUp();
  }
  return finishResult();

  async function cleanUp() {
    if (!killed || kiosk.pid() !== undefined) {
      await kiosk.invoke('dev.liftFinger', undefined);
      if (printerFault) await expectOk('dev.printerFault', { fault: printerFault, on: false });
    }
    if (fault !== null && CENTRAL_FAULTS.has(fault)) await hooks.disarmCentral();
    // A session the harness gave up on is cancelled so the next one can start (it counts as an error already).
    const now = kiosk.latest();
    if (now && now.step !== 'idle' && !killed) {
      await kiosk.waitFor((x) => !x.busy || x.step === 'idle', 60_000, 'a session not busy').catch(() => undefined);
      const cancel = await kiosk.invoke('session.cancel', undefined);
      if (cancel.ok && (cancel.value as SessionSnapshot).step !== 'idle') errors.push('session not idle after cancel');
    }
  }

  function finishResult(): SessionResult {
    return {
      sessionId,
      finalStep: killed && finalStep === 'idle' ? 'killed' : finalStep,
      failure: last.failure,
      durationMs,
      activatedReported,
      deferred: last.deferred,
      errors,
      startWaitMs,
      fingerTaken,
    };
  }
}

export async function waitDevicesReady(kiosk: SoakKiosk, errors: string[], timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await kiosk.invoke('devices.status', undefined);
    if (status.ok) {
      const roles = (status.value as { roles: Record<string, { state: string }> }).roles;
      if (Object.values(roles).every((r) => r.state === 'ready')) return;
    }
    if (Date.now() > until) {
      errors.push(`devices not ready within ${timeoutMs} ms`);
      return;
    }
    await sleep(100);
  }
}
