/**
 * Is central reachable? Told by the outcomes of real calls, not guessed from
 * a ping loop or navigator.onLine (reliability-security.md §2.3): every call
 * the client makes reports here. A success means online; a failure to reach
 * central or a failure on its side (timeout, refused, reset, DNS, TLS, 5xx,
 * an answer outside the contract) means offline; a 4xx problem means central
 * answered, so online. A call the caller aborted says nothing.
 *
 * While offline, a slow probe (the client's `health()`, through an injected
 * scheduler) notices the return when no real call happens to. It backs off
 * from `probeIntervalMs` to `maxProbeIntervalMs`; any success, probe or real,
 * ends it.
 *
 * `simulateOutage(true)` is the developer panel's "take central offline": the
 * client then fails every call with CentralUnavailable('simulated') without
 * touching the network, and this signal goes offline. Turning it off probes at
 * once; the state comes back online when central actually answers.
 */
import type { Logger } from '../../../common/log.ts';
import { CentralBadResponse, CentralProblem, type CentralUnavailableKind, CentralUnavailable } from './central-errors.ts';

export type ConnectivityState = 'unknown' | 'online' | 'offline';
export type ConnectivityErrorKind = CentralUnavailableKind | 'bad_response';

export interface ConnectivitySnapshot {
  readonly state: ConnectivityState;
  /** What the last failure was, while offline; undefined when online or unknown. */
  readonly lastError: ConnectivityErrorKind | undefined;
  /** When the state last changed (epoch ms). */
  readonly since: number;
  readonly outageSimulated: boolean;
}

export interface ProbeScheduler {
  schedule(delayMs: number, task: () => void): { cancel(): void };
}

/** Real timers, unref'd so a pending probe does not keep the service process alive. */
export const timerScheduler: ProbeScheduler = {
  schedule(delayMs, task) {
    const timer = setTimeout(task, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export interface ConnectivityOptions {
  readonly scheduler?: ProbeScheduler;
  /** First probe after going offline; default 15 s. 0 disables probing. */
  readonly probeIntervalMs?: number;
  /** Probes back off (doubling) up to this; default 2 min. */
  readonly maxProbeIntervalMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

export type ConnectivityListener = (snapshot: ConnectivitySnapshot) => void;

export class CentralConnectivity {
  readonly #scheduler: ProbeScheduler;
  readonly #probeIntervalMs: number;
  readonly #maxProbeIntervalMs: number;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #listeners = new Set<ConnectivityListener>();
  #state: ConnectivityState = 'unknown';
  #lastError: ConnectivityErrorKind | undefined;
  #since: number;
  #outageSimulated = false;
  #probe: (() => Promise<unknown>) | undefined;
  #pendingProbe: { cancel(): void } | undefined;
  #probing = false;
  #probeAgainAtOnce = false;
  #nextProbeDelayMs: number;
  #closed = false;

  constructor(options: ConnectivityOptions = {}) {
    this.#scheduler = options.scheduler ?? timerScheduler;
    this.#probeIntervalMs = options.probeIntervalMs ?? 15_000;
    this.#maxProbeIntervalMs = Math.max(options.maxProbeIntervalMs ?? 120_000, this.#probeIntervalMs);
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#since = this.#now();
    this.#nextProbeDelayMs = this.#probeIntervalMs;
  }

  /** The call that tells whether central is back (the client sets its own `health()`); it must report its outcome here, as client calls do. */
  setProbe(probe: () => Promise<unknown>): void {
    this.#probe = probe;
    if (this.#state === 'offline') this.#scheduleProbe();
  }

  /** True only after a call succeeded (or central answered a problem) and nothing has failed since. */
  isOnline(): boolean {
    return this.#state === 'online';
  }

  get state(): ConnectivityState {
    return this.#state;
  }

  get lastError(): ConnectivityErrorKind | undefined {
    return this.#lastError;
  }

  get outageSimulated(): boolean {
    return this.#outageSimulated;
  }

  snapshot(): ConnectivitySnapshot {
    return { state: this.#state, lastError: this.#lastError, since: this.#since, outageSimulated: this.#outageSimulated };
  }

  /** Called with every change of state or of the failure kind; returns the unsubscribe function. */
  onChange(listener: ConnectivityListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  recordSuccess(): void {
    this.#set('online', undefined);
  }

  /** Classifies a failed call's error (see the file comment); errors that say nothing about central leave the state alone. */
  recordFailure(error: unknown): void {
    if (error instanceof CentralProblem) {
      // 5xx problems arrive as CentralUnavailable; a CentralProblem is a 4xx: central is there.
      this.#set('online', undefined);
    } else if (error instanceof CentralUnavailable) {
      if (error.saysOffline) this.#set('offline', error.kind);
    } else if (error instanceof CentralBadResponse) {
      this.#set('offline', 'bad_response');
    }
  }

  simulateOutage(on: boolean): void {
    if (this.#outageSimulated === on) return;
    this.#outageSimulated = on;
    this.#logger?.log('warn', on ? 'central.outage_simulated' : 'central.outage_simulation_ended');
    if (on) {
      this.#set('offline', 'simulated', true);
    } else {
      this.#notify();
      this.#nextProbeDelayMs = this.#probeIntervalMs;
      this.#pendingProbe?.cancel();
      this.#pendingProbe = undefined;
      // A probe already in flight started under the simulated outage: probe again as soon as it ends.
      if (this.#probing) this.#probeAgainAtOnce = true;
      else this.#scheduleProbe(0);
    }
  }

  close(): void {
    this.#closed = true;
    this.#pendingProbe?.cancel();
    this.#pendingProbe = undefined;
    this.#listeners.clear();
  }

  #set(state: ConnectivityState, lastError: ConnectivityErrorKind | undefined, force = false): void {
    const changed = state !== this.#state || lastError !== this.#lastError;
    if (state !== this.#state) this.#since = this.#now();
    this.#state = state;
    this.#lastError = lastError;
    if (state === 'online') {
      this.#pendingProbe?.cancel();
      this.#pendingProbe = undefined;
      this.#nextProbeDelayMs = this.#probeIntervalMs;
    } else if (state === 'offline') {
      this.#scheduleProbe();
    }
    if (changed || force) {
      if (state !== 'unknown')
        this.#logger?.log(
          state === 'online' ? 'info' : 'warn',
          state === 'online' ? 'central.online' : 'central.offline',
          lastError === undefined ? {} : { kind: lastError },
        );
      this.#notify();
    }
  }

  #notify(): void {
    const snapshot = this.snapshot();
    for (const listener of [...this.#listeners]) {
      try {
        listener(snapshot);
      } catch (error) {
        // One broken listener must not stop the others or the call that reported.
        this.#logger?.log('error', 'central.connectivity_listener_failed', { error: error instanceof Error ? error.name : typeof error });
      }
    }
  }

  #scheduleProbe(delayMs?: number): void {
    if (this.#closed || this.#probe === undefined || this.#probing || this.#pendingProbe !== undefined || this.#probeIntervalMs <= 0) return;
    const delay = delayMs ?? this.#nextProbeDelayMs;
    this.#pendingProbe = this.#scheduler.schedule(delay, () => {
      this.#pendingProbe = undefined;
      void this.#runProbe();
    });
  }

  async #runProbe(): Promise<void> {
    const probe = this.#probe;
    if (this.#closed || probe === undefined || this.#state === 'online') return;
    this.#probing = true;
    try {
      await probe();
    } catch {
      // The probe is a client call: its outcome has already been recorded here.
    } finally {
      this.#probing = false;
    }
    const atOnce = this.#probeAgainAtOnce;
    this.#probeAgainAtOnce = false;
    if (!this.isOnline()) {
      if (!atOnce) this.#nextProbeDelayMs = Math.min(this.#nextProbeDelayMs * 2, this.#maxProbeIntervalMs);
      this.#scheduleProbe(atOnce ? 0 : undefined);
    }
  }
}
