/**
 * Runs the one session of this kiosk: feeds inputs through the pure machine,
 * performs the effects it asks for (watch the card reader, capture a finger,
 * call central, print, write the ledger and the outbox), turns their results
 * back into inputs, keeps the idle and step timers in step with the
 * deadlines, and publishes a snapshot after every change.
 *
 * Every operation runs under an AbortController that `abort` (and any step
 * change) fires, and its results carry the op they answer: a late result of
 * an abandoned operation is dropped by the machine, so a slow reader or a
 * slow central can never move a session that has moved on.
 */
import { sameReadiness } from './kiosk-readiness.ts';
import { randomUUID } from 'node:crypto';
import type { CardReadEvent, CardReader } from '../../../drivers/card-reader/card-reader.ts';
import { maskRun } from '../../../common/run-mask.ts';
import { FINGER_POSITIONS } from '../../../common/fingers.ts';
import { passwordOwner } from '../../../common/password-rules.ts';
import type { FingerprintReader } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import {
  type ErrorCode,
  ERROR_CATALOGUE,
  fail,
  KIOSK_READY,
  type KioskMode,
  type KioskReadiness,
  type Language,
  ok,
  type Result,
  type SessionSnapshot,
} from '../../contract/index.ts';
import type { Logger } from '../../../common/log.ts';
import type { AuditRecordRequest, SessionEffect, SessionInput } from './session-inputs.ts';
import { type SessionLimits, transition } from './session-machine.ts';
import type { EnrollmentCentral, FingerImages, PrintGuidance, PrintReceipt, PrintUnlockSlip, SessionLedger } from './session-ports.ts';
import { toSnapshot } from './session-snapshot.ts';
import { type CardFacts, initialSessionState, isReadCard, type SessionState } from './session-state.ts';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How long a retry waits for the previous finger to be lifted before reading again. */
const LIFT_WAIT_MS = 4_000;

export interface SessionDevices {
  readonly cardReader: () => CardReader | null;
  readonly fingerprint: () => FingerprintReader | null;
  readonly print: PrintReceipt;
  /** The lockout screen's slip; absent: the kiosk cannot print one (the slip ends as failed). */
  readonly printUnlockSlip?: PrintUnlockSlip;
  /** Prints a failure screen's directions; absent: none are offered. */
  readonly printGuidance?: PrintGuidance;
  /** The receipt printer is ready (checked as a failure screen is entered). */
  readonly printerReady?: () => boolean;
}

export interface SessionRunnerOptions {
  readonly mode: KioskMode;
  readonly languages: readonly Language[];
  readonly defaultLanguage: Language;
  /** IANA zone the screens show dates in (the receipt's too). */
  readonly timeZone: string;
  readonly limits: SessionLimits;
  readonly devices: SessionDevices;
  /** Null: the kiosk has no central configured (every verification is "unavailable"). */
  readonly central: () => EnrollmentCentral | null;
  readonly ledger: SessionLedger;
  /** Judges each captured image and encodes the good ones (finger-images.ts in the service). */
  readonly fingerImages: FingerImages;
  /** True when new enrollments must be refused (disk or queue full). */
  readonly storageFull: () => boolean;
  /** What the kiosk knows of its readers, printer and central (default: all ready); call `readinessChanged()` when it changes. */
  readonly readiness?: () => KioskReadiness;
  readonly log: Logger;
  readonly publish: (snapshot: SessionSnapshot) => void;
  readonly clock?: Clock;
  readonly newSessionId?: () => string;
  /** Called after every transition has run its synchronous part (tests wait on it). */
  readonly onSettled?: () => void;
}

export class SessionRunner {
  #state: SessionState;
  readonly #options: SessionRunnerOptions;
  readonly #clock: Clock;
  #idleTimer: unknown = null;
  #stepTimer: unknown = null;
  #operation = new AbortController();
  /** The enrolled-fingers question runs beside the capture, so it has its own signal; `abort` ends it too. */
  #lookup = new AbortController();
  /** Outstanding effect promises, so close() and tests can wait for them. */
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #dispatching = false;
  #readinessPending = false;
  #shownReadiness: KioskReadiness = KIOSK_READY;
  #fingerOn = false;
  #trackedReader: FingerprintReader | null = null;
  #untrackFinger: (() => void) | null = null;
  readonly #queue: SessionInput[] = [];

  constructor(options: SessionRunnerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#state = initialSessionState(options.mode, options.defaultLanguage);
  }

  snapshot(): SessionSnapshot {
    return this.#snapshot();
  }

  /**
   * A device or central changed state: the screens (the welcome screen above
   * all) must see it, so the snapshot is published again under a new
   * revision, as mirrors drop snapshots that are not newer.
   */
  readinessChanged(): void {
    if (this.#closed) return;
    if (this.#dispatching) {
      this.#readinessPending = true;
      return;
    }
    const readiness = this.#options.readiness?.() ?? KIOSK_READY;
    const shown = this.#shownReadiness;
    if (sameReadiness(readiness, shown)) return;
    this.#state = { ...this.#state, revision: this.#state.revision + 1 };
    this.#options.publish(this.#snapshot());
  }

  #snapshot(): SessionSnapshot {
    const snapshot = toSnapshot(this.#state, this.#options.timeZone, this.#options.readiness?.() ?? KIOSK_READY);
    this.#shownReadiness = snapshot.readiness;
    return snapshot;
  }

  /** For tests and diagnostics: the step and whether the session holds a verification (never the token). */
  get step(): SessionState['step'] {
    return this.#state.step;
  }

  start(language: Language | undefined): Result<SessionSnapshot> {
    const idle = this.#state.step === 'idle';
    return this.dispatch({
      type: 'start',
      language,
      storageFull: idle && this.#options.storageFull(),
      readiness: this.#options.readiness?.() ?? KIOSK_READY,
    });
  }

  /**
   * Applies one input. An effect may produce a result synchronously (a
   * missing device); such inputs are queued and applied after the current
   * one has run all its effects and published, so transitions never nest.
   */
  dispatch(input: SessionInput): Result<SessionSnapshot> {
    if (this.#closed) return fail('service.unavailable');
    if (this.#dispatching) {
      this.#queue.push(input);
      return ok(this.#snapshot());
    }
    this.#dispatching = true;
    try {
      const result = this.#apply(input);
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) this.#apply(next);
      return result;
    } finally {
      this.#dispatching = false;
      if (this.#readinessPending) {
        this.#readinessPending = false;
        this.readinessChanged();
      }
      this.#options.onSettled?.();
    }
  }

  #apply(input: SessionInput): Result<SessionSnapshot> {
    const result = transition(this.#state, input, {
      nowMs: this.#clock.now(),
      printerReady: this.#options.devices.printGuidance !== undefined && (this.#options.devices.printerReady?.() ?? false),
      limits: this.#options.limits,
      languages: this.#options.languages,
      defaultLanguage: this.#options.defaultLanguage,
      newSessionId: this.#options.newSessionId ?? randomUUID,
    });
    if (!result.ok) return result;
    const { state, effects } = result.value;
    const previous = this.#state;
    const changed = state !== previous;
    this.#state = state;
    if (changed) {
      this.#armTimers(previous);
      if (state.step !== previous.step) this.#options.log.log('info', 'session.step', { step: state.step, revision: state.revision });
    }
    for (const effect of effects) this.#run(effect, previous);
    const snapshot = this.#snapshot();
    if (changed) this.#options.publish(snapshot);
    return ok(snapshot);
  }

  /** Resolves when every effect started so far has finished (results may start more). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#untrackFinger?.();
    this.#operation.abort(new Error('session runner closed'));
    this.#lookup.abort(new Error('session runner closed'));
    this.#clearTimer('idle');
    this.#clearTimer('step');
    await this.idle();
  }

  #armTimers(previous: SessionState): void {
    const state = this.#state;
    if (state.idleDeadlineMs !== previous.idleDeadlineMs || state.sessionId !== previous.sessionId) {
      this.#clearTimer('idle');
      if (state.idleDeadlineMs !== null) {
        this.#idleTimer = this.#clock.setTimeout(
          () => {
            this.#idleTimer = null;
            this.dispatch({ type: 'idle-timeout' });
          },
          Math.max(0, state.idleDeadlineMs - this.#clock.now()),
        );
      }
    }
    if (state.stepDeadlineMs !== previous.stepDeadlineMs || state.op !== previous.op) {
      this.#clearTimer('step');
      if (state.stepDeadlineMs !== null) {
        const op = state.op;
        this.#stepTimer = this.#clock.setTimeout(
          () => {
            this.#stepTimer = null;
            this.dispatch({ type: 'step-timeout', op });
          },
          Math.max(0, state.stepDeadlineMs - this.#clock.now()),
        );
      }
    }
  }

  #clearTimer(which: 'idle' | 'step'): void {
    const handle = which === 'idle' ? this.#idleTimer : this.#stepTimer;
    if (handle !== null) this.#clock.clearTimeout(handle);
    if (which === 'idle') this.#idleTimer = null;
    else this.#stepTimer = null;
  }

  /** Tracks an effect's promise; a rejection is logged (by code only) and never escapes. */
  #track(work: Promise<void>, what: string): void {
    const tracked = work
      .catch((error: unknown) => {
        this.#options.log.log('error', 'session.effect_failed', { effect: what, error: error instanceof Error ? error.name : 'unknown' });
      })
      .finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  #run(effect: SessionEffect, previous: SessionState): void {
    const { ledger } = this.#options;
    const now = this.#clock.now();
    switch (effect.type) {
      case 'abort':
        this.#operation.abort(new Error('session moved on'));
        this.#operation = new AbortController();
        this.#lookup.abort(new Error('session moved on'));
        this.#lookup = new AbortController();
        return;
      case 'lookup-fingers':
        this.#track(this.#lookupFingers(effect), effect.type);
        return;
      case 'session-started':
        ledger.sessionStarted(effect.sessionId, this.#state.mode, now);
        return;
      case 'session-ended':
        ledger.sessionEnded(effect.sessionId, effect.outcome, now);
        return;
      case 'audit':
        this.#audit(effect.record, previous.sessionId ?? this.#state.sessionId);
        return;
      case 'watch-card':
        this.#watchCard(effect.op);
        return;
      case 'capture-finger':
        this.#track(this.#captureFinger(effect.op, effect.finger), effect.type);
        return;
      case 'verify':
        this.#track(this.#verify(effect), effect.type);
        return;
      case 'issue-code':
        this.#track(this.#issueCode(effect), effect.type);
        return;
      case 'print-receipt':
        this.#track(this.#print(effect), effect.type);
        return;
      case 'print-unlock-slip':
        this.#track(this.#printUnlockSlip(effect), effect.type);
        break;
      case 'print-guidance':
        this.#track(this.#printGuidance(effect), effect.type);
        return;
      case 'activate':
        this.#track(this.#activate(effect), effect.type);
        return;
      case 'defer':
        this.#track(this.#defer(effect), effect.type);
        return;
    }
  }

  #audit(record: AuditRecordRequest, sessionId: string | null): void {
    this.#track(this.#options.ledger.audit(record, { sessionId, nowMs: this.#clock.now() }), 'audit');
  }

  /** A fresh signal for an operation; a step change or cancel aborts it. */
  #signal(): AbortSignal {
    this.#operation.abort(new Error('superseded'));
    this.#operation = new AbortController();
    return this.#operation.signal;
  }

  #watchCard(op: number): void {
    const signal = this.#signal();
    const reader = this.#options.devices.cardReader();
    if (reader === null) {
      this.dispatch({ type: 'card.failed', op, code: 'device' });
      return;
    }
    const offCard = reader.onCard((event) => this.dispatch(cardInput(op, event)));
    const offStatus = reader.onStatus((state) => {
      if (state === 'not-connected') this.dispatch({ type: 'card.failed', op, code: 'device' });
    });
    signal.addEventListener(
      'abort',
      () => {
        offCard();
        offStatus();
      },
      { once: true },
    );
    if (reader.state() === 'not-connected') this.dispatch({ type: 'card.failed', op, code: 'device' });
  }

  /**
   * Captures one finger. On a retry the finger that was just read may still
   * be on the glass: ask the citizen to lift it and wait for the reader to
   * see it go (bounded: a module that only looks while capturing may never
   * report the removal), so the same impression is not read twice.
   */
  async #captureFinger(op: number, finger: SessionState['finger']): Promise<void> {
    const signal = this.#signal();
    const reader = this.#options.devices.fingerprint();
    if (reader === null || reader.state() === 'not-connected') {
      this.dispatch({ type: 'finger.failed', op, reason: 'device' });
      return;
    }
    this.#trackFinger(reader);
    const offFinger = reader.onFinger((event) => {
      this.dispatch({ type: 'finger.feedback', op, feedback: event === 'present' ? 'detected' : 'waiting' });
    });
    try {
      if (this.#fingerOn) {
        this.dispatch({ type: 'finger.feedback', op, feedback: 'lift' });
        await this.#fingerLifted(reader, signal);
      }
      const timeoutMs = Math.max(1000, (this.#state.stepDeadlineMs ?? this.#clock.now() + this.#options.limits.fingerTimeoutMs) - this.#clock.now());
      const { image } = await reader.capture({ finger, timeoutMs, signal });
      try {
        if (signal.aborted) return;
        const { fingerImages, log } = this.#options;
        const assessment = fingerImages.assess(image);
        // Logged as numbers and a reason only: never pixels (CONVENTIONS, privacy rules).
        log.log('info', 'session.finger_quality', { score: assessment.score, guidance: assessment.guidance });
        this.dispatch({ type: 'finger.feedback', op, feedback: 'lift' });
        if (assessment.guidance !== 'ok') {
          // Not worth central's time nor an attempt at central: the citizen is told what to change.
          this.dispatch({ type: 'finger.unusable', op, guidance: assessment.guidance });
          return;
        }
        const record = fingerImages.encode(image, FINGER_POSITIONS[finger], assessment.score);
        this.dispatch({ type: 'finger.captured', op, capture: { finger, fingerImage: Buffer.from(record).toString('base64') } });
      } finally {
        // The session keeps only the sealed-for-central record; the raw pixels go now.
        image.pixels.fill(0);
      }
    } catch (error) {
      if (signal.aborted) return;
      const code = (error as { code?: unknown } | null)?.code;
      const reason = code === 'fingerprint.poor_quality' ? 'low_quality' : code === 'fingerprint.no_finger' ? 'timeout' : 'device';
      this.#options.log.log('warn', 'session.capture_failed', { code: typeof code === 'string' ? code : 'unknown' });
      this.dispatch({ type: 'finger.failed', op, reason });
    } finally {
      offFinger();
    }
  }

  /** Follows whether a finger is on the reader, across captures. */
  #trackFinger(reader: FingerprintReader): void {
    if (this.#trackedReader === reader) return;
    this.#untrackFinger?.();
    this.#trackedReader = reader;
    this.#fingerOn = false;
    this.#untrackFinger = reader.onFinger((event) => {
      this.#fingerOn = event === 'present';
    });
  }

  #fingerLifted(reader: FingerprintReader, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        off();
        this.#clock.clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const off = reader.onFinger((event) => {
        if (event === 'removed') done();
      });
      const timer = this.#clock.setTimeout(done, LIFT_WAIT_MS);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async #verify(effect: Extract<SessionEffect, { type: 'verify' }>): Promise<void> {
    const { op, card, capture } = effect;
    const signal = this.#signal();
    const central = this.#options.central();
    if (central === null) {
      this.dispatch({ type: 'verify.unavailable', op });
      return;
    }
    const outcome = await central.verifyIdentity(
      {
        run: card.run,
        ...(card.serial === null ? {} : { cardSerial: card.serial }),
        ...(card.expiry === null ? {} : { cardExpiry: card.expiry }),
        finger: capture.finger,
        fingerImage: capture.fingerImage,
      },
      { idempotencyKey: randomUUID(), signal },
    );
    switch (outcome.kind) {
      case 'matched':
        this.dispatch({ type: 'verify.matched', op, token: outcome.token, expiresAtMs: outcome.expiresAtMs, attemptsLeft: outcome.attemptsLeft });
        return;
      case 'no_match':
        this.dispatch({ type: 'verify.no_match', op, attemptsLeft: outcome.attemptsLeft });
        return;
      case 'finger_not_enrolled':
        this.dispatch({ type: 'verify.finger_not_enrolled', op, enrolledFingers: outcome.enrolledFingers });
        return;
      case 'template_unusable':
        this.dispatch({ type: 'verify.template_unusable', op });
        return;
      case 'image_unusable':
        this.dispatch({ type: 'verify.image_unusable', op, guidance: outcome.guidance });
        return;
      case 'refused':
        this.dispatch({ type: 'verify.refused', op, failure: outcome.failure, lockedUntilMs: outcome.lockedUntilMs ?? null });
        return;
      case 'unavailable':
        this.dispatch({ type: 'verify.unavailable', op });
        return;
    }
  }

  async #lookupFingers(effect: Extract<SessionEffect, { type: 'lookup-fingers' }>): Promise<void> {
    const central = this.#options.central();
    const { card, sessionId } = effect;
    // Only a card's holder may ask (central checks serial and expiry); a typed RUN keeps the right index.
    if (central === null || !isReadCard(card)) return;
    const signal = this.#lookup.signal;
    const fingers = await central.enrolledFingers(
      { run: card.run, cardSerial: card.serial, cardExpiry: card.expiry },
      { idempotencyKey: randomUUID(), signal },
    );
    if (fingers !== null && !signal.aborted) this.dispatch({ type: 'fingers.enrolled', sessionId, fingers });
  }

  async #issueCode(effect: Extract<SessionEffect, { type: 'issue-code' }>): Promise<void> {
    const { op } = effect;
    const signal = this.#signal();
    const central = this.#options.central();
    if (central === null) {
      this.dispatch({ type: 'code.failed', op, failure: 'central_unavailable' });
      return;
    }
    const outcome = await central.issueActivationCode(
      { verificationToken: effect.verificationToken, run: effect.run },
      { idempotencyKey: randomUUID(), signal },
    );
    if (outcome.kind === 'issued') this.dispatch({ type: 'code.issued', op, code: outcome.code, display: outcome.display, expiresAtMs: outcome.expiresAtMs });
    else this.dispatch({ type: 'code.failed', op, failure: outcome.failure });
  }

  async #print(effect: Extract<SessionEffect, { type: 'print-receipt' }>): Promise<void> {
    const { op } = effect;
    const signal = this.#signal();
    try {
      await this.#options.devices.print({
        code: effect.code,
        expiresAtMs: effect.expiresAtMs,
        runMasked: effect.runMasked,
        language: effect.language,
        reference: this.#state.sessionId ?? 'none',
        signal,
      });
      this.dispatch({ type: 'print.done', op });
    } catch (error) {
      const code = printerErrorCode(error);
      this.#options.log.log('warn', 'session.print_failed', { code });
      this.dispatch({ type: 'print.failed', op, code });
    }
  }

  async #printGuidance(effect: Extract<SessionEffect, { type: 'print-guidance' }>): Promise<void> {
    const { op } = effect;
    const signal = this.#signal();
    try {
      const print = this.#options.devices.printGuidance;
      if (print === undefined) throw Object.assign(new Error('no guidance printer'), { code: 'printer.unavailable' });
      await print({ topic: effect.topic, language: effect.language, signal });
      this.dispatch({ type: 'guidance.printed', op });
    } catch (error) {
      const code = printerErrorCode(error);
      this.#options.log.log('warn', 'session.guidance_print_failed', { code });
      this.dispatch({ type: 'guidance.print_failed', op, code });
    }
  }

  async #printUnlockSlip(effect: Extract<SessionEffect, { type: 'print-unlock-slip' }>): Promise<void> {
    const { op } = effect;
    const signal = this.#signal();
    const print = this.#options.devices.printUnlockSlip;
    try {
      if (print === undefined) throw Object.assign(new Error('no slip printer'), { code: 'printer.unavailable' });
      await print({ language: effect.language, liftsAtMs: effect.liftsAtMs, signal });
      this.dispatch({ type: 'slip.done', op });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const known = typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code) && code.startsWith('printer.');
      this.#options.log.log('warn', 'session.unlock_slip_failed', { code: known ? code : 'unknown' });
      this.dispatch({ type: 'slip.failed', op, code: known ? (code as ErrorCode) : 'printer.unavailable' });
    }
  }

  async #activate(effect: Extract<SessionEffect, { type: 'activate' }>): Promise<void> {
    const { op } = effect;
    const signal = this.#signal();
    const central = this.#options.central();
    if (central === null) {
      this.dispatch({ type: 'activate.failed', op, failure: 'central_unavailable' });
      return;
    }
    const outcome = await central.activateOneStep(
      {
        verificationToken: effect.verificationToken,
        run: effect.run,
        email: effect.email,
        phone: effect.phone,
        language: effect.language,
        ...('typed' in effect.password ? { password: effect.password.typed } : { generate: effect.password.generate }),
      },
      { idempotencyKey: randomUUID(), signal },
    );
    if (outcome.kind === 'activated') this.dispatch({ type: 'activate.done', op });
    else if (outcome.kind === 'password_rejected') this.dispatch({ type: 'activate.password_rejected', op, rules: outcome.rules });
    else this.dispatch({ type: 'activate.failed', op, failure: outcome.failure });
  }

  async #defer(effect: Extract<SessionEffect, { type: 'defer' }>): Promise<void> {
    const { op } = effect;
    this.#signal();
    try {
      await this.#options.ledger.deferEnrollment(effect, this.#clock.now());
      this.dispatch({ type: 'defer.done', op });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      this.#options.log.log('error', 'session.defer_failed', { code: typeof code === 'string' ? code : 'unknown' });
      this.dispatch({ type: 'defer.failed', op, failure: code === 'outbox.storage_full' ? 'storage_full' : 'internal' });
    }
  }
}

/** A printer's typed error code, or `printer.unavailable` for anything that is not one. */
function printerErrorCode(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code) && code.startsWith('printer.') ? (code as ErrorCode) : 'printer.unavailable';
}

/** A card reader's report → the session's input; the RUN is kept only in the session's memory. */
export function cardInput(op: number, event: CardReadEvent): SessionInput {
  if (!event.ok) return { type: 'card.failed', op, code: event.error.code };
  const card = event.value;
  const facts: CardFacts = {
    run: card.run.formatted,
    runMasked: maskRun(card.run.formatted),
    serial: card.serial,
    expiry: card.expiryDate,
    firstName: firstGivenName(card.givenNames),
    passwordOwner: passwordOwner(card.run.number, [card.givenNames ?? '', card.surnames ?? '']),
  };
  return { type: 'card.read', op, card: facts };
}

function firstGivenName(givenNames: string | null): string {
  const first = givenNames?.trim().split(/\s+/)[0] ?? '';
  if (first.length === 0) return '—';
  // MRZ names are upper case; show them as a name is written.
  return first.charAt(0).toLocaleUpperCase('es-CL') + first.slice(1).toLocaleLowerCase('es-CL');
}
