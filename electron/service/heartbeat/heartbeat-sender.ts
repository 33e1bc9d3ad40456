/**
 * Sends the kiosk's heartbeat to central every interval, the first one soon
 * after start (and again soon after central is first reached), so a kiosk
 * that was just installed shows up in the fleet within seconds.
 *
 * One heartbeat at a time, each with a fresh Idempotency-Key: a heartbeat
 * says how the kiosk is now, so a failed one is not queued or retried; the
 * next tick sends a new one (never a backlog). A failure is logged with its
 * code. Counters (session outcomes, lockouts) are reset only when central
 * acknowledges the heartbeat that carried them. The answer's `receivedAt`
 * gives the next heartbeat's clock-skew estimate; its alerts are kept for the
 * technician; a directive changes anything only once verified.
 *
 * Time comes from the injected schedule and clock: tests drive every tick.
 */
import type { Logger } from '../../../common/log.ts';
import type { Schedule } from '../../../common/timers.ts';
import {
  type DirectivePayload,
  type HeartbeatAlert,
  type HeartbeatAnswer,
  type HeartbeatRequest,
  heartbeatRequestSchema,
  type SignedDirective,
} from '../central/heartbeat-contract.ts';
import type { DirectiveVerdict } from './directive-verifier.ts';
import type { PendingCounts } from './heartbeat-store.ts';

/** The first heartbeat after start, or after central is first reached. */
export const FIRST_HEARTBEAT_DELAY_MS = 2_000;

/** What the technician's Health panel shows of heartbeats. */
export interface HeartbeatStatus {
  readonly lastSentAt: string | null;
  readonly lastAcknowledgedAt: string | null;
  /** The code of the last heartbeat's failure; null once one is acknowledged. */
  readonly lastFailure: string | null;
  readonly alerts: readonly HeartbeatAlert[];
  readonly clockSkewSeconds: number | null;
}

export interface HeartbeatSenderOptions {
  readonly intervalSeconds: number;
  readonly firstDelayMs?: number;
  readonly schedule: Schedule;
  readonly now: () => number;
  readonly newKey: () => string;
  readonly log: Logger;
  /** The body for a heartbeat sent now, and the counters it carries. */
  readonly build: (context: { readonly nowMs: number; readonly clockSkewSeconds: number | null }) => { body: HeartbeatRequest; counts: PendingCounts };
  /** One POST /v1/heartbeats; rejects with a coded error when it cannot be sent or answered. */
  readonly send: (body: HeartbeatRequest, idempotencyKey: string) => Promise<HeartbeatAnswer>;
  readonly acknowledge: (counts: PendingCounts, nowMs: number) => void;
  readonly verify: (directive: SignedDirective, heartbeatKey: string) => DirectiveVerdict;
  /** A verified directive (the caller keeps it and re-evaluates readiness). */
  readonly onDirective: (directive: DirectivePayload) => void;
  /** Every change of `status()`. */
  readonly onStatus?: (status: HeartbeatStatus) => void;
}

export class HeartbeatSender {
  readonly #options: HeartbeatSenderOptions;
  #cancelTimer: (() => void) | null = null;
  #inFlight: Promise<void> | null = null;
  #stopped = true;
  #status: HeartbeatStatus = { lastSentAt: null, lastAcknowledgedAt: null, lastFailure: null, alerts: [], clockSkewSeconds: null };

  constructor(options: HeartbeatSenderOptions) {
    this.#options = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#arm(this.#options.firstDelayMs ?? FIRST_HEARTBEAT_DELAY_MS);
  }

  /** Central was just reached: if nothing was acknowledged yet, do not wait a whole interval. */
  centralReached(): void {
    if (this.#stopped || this.#inFlight !== null || this.#status.lastAcknowledgedAt !== null) return;
    this.#arm(this.#options.firstDelayMs ?? FIRST_HEARTBEAT_DELAY_MS);
  }

  status(): HeartbeatStatus {
    return this.#status;
  }

  /** The heartbeat in flight, if any (tests and close wait for it). */
  settled(): Promise<void> {
    return this.#inFlight ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    await this.settled();
  }

  #arm(delayMs: number): void {
    this.#cancelTimer?.();
    this.#cancelTimer = this.#options.schedule(() => {
      this.#cancelTimer = null;
      this.#inFlight = this.#beat()
        .catch((error: unknown) => this.#failed('heartbeat.internal', error))
        .finally(() => {
          this.#inFlight = null;
          if (!this.#stopped) this.#arm(this.#options.intervalSeconds * 1000);
        });
    }, delayMs);
  }

  async #beat(): Promise<void> {
    const { log, now } = this.#options;
    const sentAtMs = now();
    const key = this.#options.newKey();
    let built: { body: HeartbeatRequest; counts: PendingCounts };
    try {
      built = this.#options.build({ nowMs: sentAtMs, clockSkewSeconds: this.#status.clockSkewSeconds });
    } catch (error) {
      this.#failed(codeOf(error, 'heartbeat.build_failed'), error);
      return;
    }
    const checked = heartbeatRequestSchema.safeParse(built.body);
    if (!checked.success) {
      // A kiosk bug, not central's: say which field, never its value.
      log.log('error', 'heartbeat.body_invalid', { field: checked.error.issues[0]?.path.join('.') ?? '(body)' });
      this.#update({ lastFailure: 'heartbeat.body_invalid' });
      return;
    }
    this.#update({ lastSentAt: new Date(sentAtMs).toISOString() });
    let answer: HeartbeatAnswer;
    try {
      answer = await this.#options.send(checked.data, key);
    } catch (error) {
      this.#failed(codeOf(error, 'heartbeat.send_failed'), error);
      return;
    }
    const answeredAtMs = now();
    this.#options.acknowledge(built.counts, answeredAtMs);
    const receivedAtMs = Date.parse(answer.receivedAt);
    // Kiosk minus central, taking central's clock as read halfway through the exchange.
    const clockSkewSeconds = Math.round((sentAtMs + answeredAtMs) / 2 - receivedAtMs) / 1000;
    this.#update({ lastAcknowledgedAt: new Date(answeredAtMs).toISOString(), lastFailure: null, alerts: answer.alerts, clockSkewSeconds });
    log.log('info', 'heartbeat.acknowledged', { alerts: answer.alerts.length, directive: answer.directive !== null });
    if (answer.directive !== null) this.#directive(answer.directive, key);
  }

  #directive(directive: SignedDirective, key: string): void {
    const verdict = this.#options.verify(directive, key);
    if (!verdict.ok) {
      // The kiosk keeps its state; the code says why, the payload is never logged.
      this.#options.log.log('warn', 'heartbeat.directive_refused', { code: verdict.code });
      return;
    }
    this.#options.log.log('info', 'heartbeat.directive_accepted', { outOfService: verdict.payload.outOfService });
    this.#options.onDirective(verdict.payload);
  }

  #failed(code: string, error: unknown): void {
    this.#options.log.log('warn', 'heartbeat.failed', { code, error: error instanceof Error ? error.name : 'unknown' });
    this.#update({ lastFailure: code });
  }

  #update(change: Partial<HeartbeatStatus>): void {
    this.#status = { ...this.#status, ...change };
    this.#options.onStatus?.(this.#status);
  }
}

function codeOf(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[a-z][a-z0-9_.-]{0,63}$/.test(code) ? code : fallback;
}
