import type { Language, Result, SessionSnapshot } from '../../contract/index.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import { initialSessionState, type SessionAction, type SessionState, toSnapshot, transition } from './session-machine.ts';

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

/**
 * Owns the one session of this kiosk: applies actions through the pure
 * machine, keeps the idle timer in step with the deadline, and publishes a
 * snapshot after every change.
 */
export class SessionController {
  #state: SessionState;
  #timer: unknown = null;
  readonly #config: ServiceConfig;
  readonly #clock: Clock;
  readonly #newSessionId: () => string;
  readonly #publish: (snapshot: SessionSnapshot) => void;

  constructor(config: ServiceConfig, clock: Clock, newSessionId: () => string, publish: (snapshot: SessionSnapshot) => void) {
    this.#config = config;
    this.#clock = clock;
    this.#newSessionId = newSessionId;
    this.#publish = publish;
    this.#state = initialSessionState(config.mode, config.defaultLanguage);
  }

  snapshot(): SessionSnapshot {
    return toSnapshot(this.#state);
  }

  apply(action: SessionAction): Result<SessionSnapshot> {
    const result = transition(this.#state, action, {
      nowMs: this.#clock.now(),
      idleTimeoutMs: this.#config.idleTimeoutSeconds * 1000,
      languages: this.#config.languages,
      defaultLanguage: this.#config.defaultLanguage,
      newSessionId: this.#newSessionId,
    });
    if (!result.ok) return result;
    const changed = result.value !== this.#state;
    this.#state = result.value;
    this.#armIdleTimer();
    const snapshot = toSnapshot(this.#state);
    if (changed) this.#publish(snapshot);
    return { ok: true, value: snapshot };
  }

  start(language: Language | undefined): Result<SessionSnapshot> {
    return this.apply({ type: 'start', language });
  }

  close(): void {
    this.#disarm();
  }

  #armIdleTimer(): void {
    this.#disarm();
    const deadline = this.#state.idleDeadlineMs;
    if (deadline === null) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.apply({ type: 'idle-timeout' });
    }, Math.max(0, deadline - this.#clock.now()));
  }

  #disarm(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
