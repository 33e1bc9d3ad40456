/**
 * What a call to the central API can end in, as values with names
 * (CONVENTIONS.md): central refused (`CentralProblem`, its RFC 9457 problem
 * with the fields the kiosk branches on), central could not be reached or
 * failed on its side (`CentralUnavailable`, with what went wrong), central
 * answered something that is not the contract (`CentralBadResponse`), or the
 * kiosk's own request was unusable before anything was sent
 * (`CentralRequestInvalid`).
 *
 * `deliveryOutcomeOf` turns any of them into what the outbox worker does with
 * its row, following reliability-security.md §2.3:
 *
 * | what happened                                         | outcome                          |
 * |-------------------------------------------------------|----------------------------------|
 * | 2xx with a body of the contract's shape               | delivered                        |
 * | timeout, refused, reset, DNS, other network error     | retry                            |
 * | 5xx (problem or not), 503 fault_injected              | retry (Retry-After honoured)     |
 * | 408, 429 rate_limited                                 | retry (Retry-After honoured)     |
 * | 409 idempotency_request_in_flight                     | retry                            |
 * | 401 client_certificate_required                       | retry + alarm kiosk_certificate  |
 * | TLS: central not trusted / handshake refused          | retry + alarm tls                |
 * | answer not of the contract's shape (bad_response)     | retry + alarm contract           |
 * | simulated outage (developer panel), call aborted      | retry                            |
 * | 400, 403, 404, 409 (other), 410, 413, 415, 422, 423 … | permanent (dead letter)          |
 * | request unusable before sending, anything unexpected  | permanent                        |
 *
 * 401 is retry-with-alarm, not permanent: the row is fine, the kiosk's
 * identity is not (certificate revoked, expired, or a central whose CA
 * changed). Dead-lettering would throw away every queued audit record and
 * deferred enrollment because of a problem a technician fixes by registering
 * the kiosk again, after which the same rows, with the same keys, go through.
 * The same reasoning holds for TLS failures and answers that are not the
 * contract (a proxy, a captive portal, a version skew): the request is not at
 * fault, and its Idempotency-Key makes sending it again harmless. The outbox's
 * maximum row age (7 days, central keeps keys 14) still bounds the retrying.
 *
 * Nothing here holds request data: errors carry codes, statuses and the
 * problem's fields (attempts left, failed rule ids, finger names), never a
 * RUN, e-mail, phone, password, template or token.
 */
import type { AnyProblemCode, PasswordRuleId, ProblemBody, ProblemCode } from './central-contract.ts';

export type CentralUnavailableKind =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns'
  | 'network'
  | 'tls_untrusted'
  | 'tls_failed'
  | 'server_error'
  | 'fault_injected'
  | 'simulated'
  | 'aborted';

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'deadline';

export type CentralAlarm = 'kiosk_certificate' | 'tls' | 'contract';

export class CentralUnavailable extends Error {
  readonly code = 'central.unavailable';
  readonly kind: CentralUnavailableKind;
  /** For `timeout`: which wait ran out. */
  readonly phase: TimeoutPhase | undefined;
  /** For `server_error` / `fault_injected`: the HTTP status and, when central sent a problem, its code. */
  readonly status: number | undefined;
  readonly problemCode: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Always true: the same request may succeed later, unchanged. */
  readonly retryable = true;
  constructor(
    kind: CentralUnavailableKind,
    details: { phase?: TimeoutPhase; status?: number; problemCode?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(unavailableMessage(kind, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CentralUnavailable';
    this.kind = kind;
    this.phase = details.phase;
    this.status = details.status;
    this.problemCode = details.problemCode;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** A failure that says nothing about central's health (the caller gave up). */
  get saysOffline(): boolean {
    return this.kind !== 'aborted';
  }

  get alarm(): CentralAlarm | undefined {
    return this.kind === 'tls_untrusted' || this.kind === 'tls_failed' ? 'tls' : undefined;
  }
}

function unavailableMessage(kind: CentralUnavailableKind, details: { phase?: TimeoutPhase; status?: number; problemCode?: string }): string {
  const extra = [details.phase, details.status, details.problemCode].filter((part) => part !== undefined).join(', ');
  return `central is unavailable: ${kind}${extra ? ` (${extra})` : ''}`;
}

/** Central answered with a problem (4xx): a refusal the kiosk can explain to the citizen or act on. */
export class CentralProblem extends Error {
  readonly code = 'central.problem';
  readonly status: number;
  readonly problemCode: AnyProblemCode;
  readonly title: string;
  readonly detail: string | undefined;
  /** invalid_input: the offending field (a path, never its value). */
  readonly field: string | undefined;
  /** no match / identity_locked: verification attempts left before (or after) the lockout. */
  readonly attemptsLeft: number | undefined;
  readonly unlockProcedure: Readonly<{ es: string; en: string }> | undefined;
  /** identity_locked: when the lock lifts by itself (epoch ms). */
  readonly lockedUntilMs: number | undefined;
  readonly failedRules: readonly PasswordRuleId[] | undefined;
  readonly enrolledFingers: readonly string[] | undefined;
  /** image_unusable: a guidance reason (too_light, off_centre …), never image data. */
  readonly reason: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** From the Retry-After header, or retryAfterSeconds. */
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;
  constructor(status: number, problem: ProblemBody, retryAfterMs?: number) {
    super(`central refused the request: ${status} ${problem.code}`);
    this.name = 'CentralProblem';
    this.status = status;
    this.problemCode = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.field = problem.field;
    this.attemptsLeft = problem.attemptsLeft;
    this.unlockProcedure = problem.unlockProcedure;
    this.lockedUntilMs = problem.lockedUntil === undefined ? undefined : Date.parse(problem.lockedUntil);
    this.failedRules = problem.failedRules;
    this.enrolledFingers = problem.enrolledFingers;
    this.reason = problem.reason;
    this.retryAfterSeconds = problem.retryAfterSeconds;
    this.retryAfterMs = retryAfterMs ?? (problem.retryAfterSeconds !== undefined ? problem.retryAfterSeconds * 1000 : undefined);
    this.retryable =
      status === 401 || status === 408 || status === 429 || (status === 409 && problem.code === 'idempotency_request_in_flight') || status >= 500;
  }

  get alarm(): CentralAlarm | undefined {
    return this.status === 401 ? 'kiosk_certificate' : undefined;
  }

  /** Whether central refused with `code`: a code the contract lists, so a misspelt one does not compile. */
  is(code: ProblemCode): boolean {
    return this.problemCode === code;
  }
}

export type BadResponseReason = 'not_json' | 'not_utf8' | 'shape' | 'too_large' | 'unexpected_status' | 'not_http';

/** Central (or something in its place) answered outside the contract. */
export class CentralBadResponse extends Error {
  readonly code = 'central.bad_response';
  readonly reason: BadResponseReason;
  readonly status: number | undefined;
  /** Where the body departed from the schema (paths and messages, never values). */
  readonly issues: readonly string[];
  readonly retryable = true;
  readonly alarm: CentralAlarm = 'contract';
  constructor(reason: BadResponseReason, details: { status?: number; issues?: readonly string[]; cause?: unknown } = {}) {
    super(
      `central answered outside the contract: ${reason}${details.status === undefined ? '' : ` (HTTP ${details.status})`}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'CentralBadResponse';
    this.reason = reason;
    this.status = details.status;
    this.issues = details.issues ?? [];
  }
}

/** The kiosk's request could not be sent as it is (a missing or malformed Idempotency-Key, a closed client). Nothing was sent. */
export class CentralRequestInvalid extends Error {
  readonly code = 'central.request_invalid';
  readonly reason: 'idempotency_key' | 'client_closed' | 'body';
  readonly retryable = false;
  constructor(reason: CentralRequestInvalid['reason'], message: string) {
    super(message);
    this.name = 'CentralRequestInvalid';
    this.reason = reason;
  }
}

export type CentralCallError = CentralUnavailable | CentralProblem | CentralBadResponse | CentralRequestInvalid;

export function isCentralCallError(error: unknown): error is CentralCallError {
  return (
    error instanceof CentralUnavailable || error instanceof CentralProblem || error instanceof CentralBadResponse || error instanceof CentralRequestInvalid
  );
}

// ---- outbox delivery --------------------------------------------------------------

export type DeliveryOutcome =
  | { readonly type: 'delivered'; readonly replayed: boolean }
  | { readonly type: 'retry'; readonly reason: string; readonly retryAfterMs?: number; readonly alarm?: CentralAlarm }
  | { readonly type: 'permanent'; readonly reason: string };

/** What a successful client call resolves to (central-client.ts). */
export interface CentralAnswer<T> {
  readonly value: T;
  /** Central answered with the stored response of an earlier request with this Idempotency-Key. */
  readonly replayed: boolean;
  /** Requests sent for this call (> 1 when the client retried with the same key). */
  readonly attempts: number;
}

export function isCentralAnswer(value: unknown): value is CentralAnswer<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    typeof (value as { replayed?: unknown }).replayed === 'boolean' &&
    typeof (value as { attempts?: unknown }).attempts === 'number'
  );
}

/**
 * The outbox worker's decision for a call's result: a `CentralAnswer` is
 * delivered; an error is classified by the table at the top of this file.
 * Reasons are stable codes a technician sees on a dead-lettered row
 * (`central.problem.invalid_input`, `central.unavailable.timeout` …).
 */
export function deliveryOutcomeOf(result: unknown): DeliveryOutcome {
  if (isCentralAnswer(result)) return { type: 'delivered', replayed: result.replayed };
  const retry = (reason: string, retryAfterMs: number | undefined, alarm: CentralAlarm | undefined): DeliveryOutcome => ({
    type: 'retry',
    reason,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    ...(alarm !== undefined && { alarm }),
  });
  if (result instanceof CentralUnavailable) return retry(`central.unavailable.${result.kind}`, result.retryAfterMs, result.alarm);
  if (result instanceof CentralBadResponse) return retry(`central.bad_response.${result.reason}`, undefined, result.alarm);
  if (result instanceof CentralProblem) {
    const reason = `central.problem.${result.problemCode}`;
    return result.retryable ? retry(reason, result.retryAfterMs, result.alarm) : { type: 'permanent', reason };
  }
  if (result instanceof CentralRequestInvalid) return { type: 'permanent', reason: `central.request_invalid.${result.reason}` };
  return { type: 'permanent', reason: 'central.internal' };
}

/** `deliveryOutcomeOf` for a call still in flight: never rejects. */
export async function deliveryOutcomeOfCall(call: Promise<CentralAnswer<unknown>>): Promise<DeliveryOutcome> {
  try {
    return deliveryOutcomeOf(await call);
  } catch (error) {
    return deliveryOutcomeOf(error);
  }
}

const MAX_RETRY_AFTER_MS = 3_600_000;

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; capped at an hour so a wild value cannot park the outbox. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  let ms: number;
  if (/^\d{1,10}$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    // An HTTP-date (IMF-fixdate, or the obsolete RFC 850 / asctime forms) has a day or month name and a time; Date.parse alone would take '-5' for a year.
    if (!/[A-Za-z]{3}/.test(trimmed) || !/\d{1,2}:\d{2}:\d{2}/.test(trimmed)) return undefined;
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
