/**
 * The kiosk's client for the central enrollment API (central/openapi.yaml):
 * one typed method per operation, over one mTLS keep-alive pool
 * (central-transport.ts). Every answer is checked against the contract's
 * schema (central-contract.ts) before anyone sees it; every failure is one of
 * the named errors of central-errors.ts; every call's outcome tells the
 * connectivity signal (connectivity.ts).
 *
 * Idempotency. Every state-changing call takes the caller's Idempotency-Key:
 * the caller creates it once per logical operation (the outbox, when it
 * enqueues the row; the session, when the citizen confirms) and passes the
 * same key on every retry. The client never makes one up, so a retry after a
 * lost answer gets central's stored answer (`replayed: true`) instead of a
 * second effect (reliability-security.md §2).
 *
 * Retries inside a call. A citizen is standing at the kiosk, so a call retries
 * by itself, with the same key, a few failures that are over in a moment and
 * safe to repeat: the connection reset or closed without an answer (which
 * includes an answer lost after central committed: the retry gets the stored
 * one), 503 (honouring Retry-After), and 409 idempotency_request_in_flight.
 * At most `maxAttempts` requests (default 3), with full-jitter backoff, and
 * only while the next attempt can start before the call's deadline. Timeouts,
 * refusals, DNS and TLS failures are not retried here: they do not clear up in
 * a second, and the deadline is mostly spent. The outbox worker, which has its
 * own backoff, should pass `maxAttempts: 1` so retries happen at one layer
 * only (AWS Builders' Library, §2.3).
 *
 * Time limits per call: connect (the pool's), headers and body (per request),
 * and a deadline over the whole call, retries included. Defaults: 5 s
 * connect, 10 s headers, 10 s body, 20 s deadline.
 *
 * Nothing here logs a request or response body: log lines carry the
 * operation, the status, the error code and the attempt count.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { Logger } from '../../../common/log.ts';
import {
  type Activation,
  type ActivationCode,
  type ActivationCodeRequest,
  activationCodeSchema,
  activationSchema,
  type AuditEventsRequest,
  type AuditReceipt,
  auditReceiptSchema,
  type CentralHealth,
  type DeferredEnrollmentRequest,
  type DeferredEnrollmentResult,
  deferredEnrollmentResultSchema,
  type EnrolledFingers,
  type EnrolledFingersRequest,
  enrolledFingersSchema,
  healthSchema,
  type HpkePublicKey,
  hpkePublicKeySchema,
  lockedProblemSchema,
  type OneStepActivationRequest,
  type PasswordPolicy,
  passwordPolicySchema,
  problemSchema,
  type VerificationResult,
  verificationResultSchema,
  type VerifyIdentityRequest,
} from './central-contract.ts';
import {
  type CentralAnswer,
  CentralBadResponse,
  CentralProblem,
  CentralRequestInvalid,
  CentralUnavailable,
  isCentralCallError,
  parseRetryAfter,
} from './central-errors.ts';
import { type HeartbeatAnswer, heartbeatAnswerSchema, type HeartbeatRequest } from './heartbeat-contract.ts';
import { CentralTransport, type CentralTransportOptions, type RawResponse, transportError } from './central-transport.ts';
import { CentralConnectivity, type ConnectivityOptions } from './connectivity.ts';

export interface CentralTimeouts {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
  /** The whole call, connecting and retries included. */
  readonly deadlineMs: number;
}

export const DEFAULT_TIMEOUTS: CentralTimeouts = { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000, deadlineMs: 20_000 };
/** Central's answers are a few hundred bytes; the password policy is the largest. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

export interface CentralClientOptions extends Omit<CentralTransportOptions, 'connectTimeoutMs'> {
  readonly timeouts?: Partial<CentralTimeouts>;
  readonly maxResponseBytes?: number;
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number; readonly maxDelayMs?: number };
  /** A shared signal, or options for the client's own. */
  readonly connectivity?: CentralConnectivity | ConnectivityOptions;
  readonly logger?: Logger;
  /** For the backoff jitter; Math.random by default. */
  readonly random?: () => number;
  readonly now?: () => number;
}

/** Per-call overrides. */
export interface CallOptions {
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  readonly deadlineMs?: number;
  readonly maxResponseBytes?: number;
  /** 1 = no retry inside the call. */
  readonly maxAttempts?: number;
  /** The caller's cancellation (the session was cancelled): ends in CentralUnavailable('aborted'). */
  readonly signal?: AbortSignal;
}

export interface ChangeOptions extends CallOptions {
  /** Created once per logical operation by the caller and reused on every retry: 1–255 printable ASCII characters, no `"` or `\`. */
  readonly idempotencyKey: string;
}

/** Printable ASCII that can sit inside an RFC 8941 sf-string as is (no DQUOTE, no backslash). */
const IDEMPOTENCY_KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,255}$/;

interface OperationSpec<T> {
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly success: number;
  readonly schema: z.ZodType<T>;
  readonly body?: unknown;
  /** A body already serialised (an outbox row), sent byte for byte so its idempotent replay matches. */
  readonly serializedBody?: string;
}

/** The changes an outbox row can carry, by path: what `postSerialized` sends them as and checks the answer against. */
const SERIALIZED_CHANGES = {
  '/v1/audit-events': { operation: 'send_audit_events', success: 200, schema: auditReceiptSchema },
  '/v1/deferred-enrollments': { operation: 'submit_deferred_enrollment', success: 202, schema: deferredEnrollmentResultSchema },
  '/v1/heartbeats': { operation: 'send_heartbeat', success: 200, schema: heartbeatAnswerSchema },
} as const satisfies Record<string, Pick<OperationSpec<unknown>, 'operation' | 'success' | 'schema'>>;
export type SerializedChangePath = keyof typeof SERIALIZED_CHANGES;

export class CentralClient {
  readonly connectivity: CentralConnectivity;
  readonly #transport: CentralTransport;
  readonly #timeouts: CentralTimeouts;
  readonly #maxResponseBytes: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #ownsConnectivity: boolean;
  readonly #logger: Logger | undefined;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(options: CentralClientOptions) {
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#transport = new CentralTransport({ ...options, connectTimeoutMs: this.#timeouts.connectMs });
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 3);
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 250;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 2_000;
    this.#logger = options.logger;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#ownsConnectivity = !(options.connectivity instanceof CentralConnectivity);
    this.connectivity =
      options.connectivity instanceof CentralConnectivity
        ? options.connectivity
        : new CentralConnectivity({ ...options.connectivity, ...(options.logger && { logger: options.logger }) });
    this.connectivity.setProbe(() => this.health({ maxAttempts: 1 }));
  }

  /** TLS settings of the pool (minimum version, verification on). */
  get tlsPolicy(): CentralTransport['tlsPolicy'] {
    return this.#transport.tlsPolicy;
  }

  /** The developer panel's switch: while on, every call fails with CentralUnavailable('simulated') without touching the network. */
  simulateOutage(on: boolean): void {
    this.connectivity.simulateOutage(on);
  }

  // ---- reads ------------------------------------------------------------------

  async health(options: CallOptions = {}): Promise<CentralHealth> {
    return (await this.#call({ operation: 'health', method: 'GET', path: '/v1/health', success: 200, schema: healthSchema }, options)).value;
  }

  async hpkePublicKey(options: CallOptions = {}): Promise<HpkePublicKey> {
    return (await this.#call({ operation: 'hpke_public_key', method: 'GET', path: '/v1/hpke-public-key', success: 200, schema: hpkePublicKeySchema }, options))
      .value;
  }

  async passwordPolicy(options: CallOptions = {}): Promise<PasswordPolicy> {
    return (await this.#call({ operation: 'password_policy', method: 'GET', path: '/v1/password-policy', success: 200, schema: passwordPolicySchema }, options))
      .value;
  }

  // ---- changes (each needs the caller's Idempotency-Key) ------------------------------

  verifyIdentity(request: VerifyIdentityRequest, options: ChangeOptions): Promise<CentralAnswer<VerificationResult>> {
    const base64 = (bytes: Uint8Array | string): string => (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('base64'));
    const sample = request.fingerImage !== undefined ? { fingerImage: base64(request.fingerImage) } : { template: base64(request.template) };
    const body = {
      run: request.run,
      ...(request.cardSerial !== undefined && { cardSerial: request.cardSerial }),
      ...(request.cardExpiry !== undefined && { cardExpiry: request.cardExpiry }),
      finger: request.finger,
      ...sample,
    };
    return this.#call(
      { operation: 'verify_identity', method: 'POST', path: '/v1/identity-verifications', success: 200, schema: verificationResultSchema, body },
      options,
    );
  }

  /** Which fingers the card's holder has enrolled (asked after the card is read, before the first capture). */
  enrolledFingers(request: EnrolledFingersRequest, options: ChangeOptions): Promise<CentralAnswer<EnrolledFingers>> {
    const body = { run: request.run, cardSerial: request.cardSerial, ...(request.cardExpiry !== undefined && { cardExpiry: request.cardExpiry }) };
    return this.#call(
      { operation: 'enrolled_fingers', method: 'POST', path: '/v1/enrolled-fingers', success: 200, schema: enrolledFingersSchema, body },
      options,
    );
  }

  issueActivationCode(request: ActivationCodeRequest, options: ChangeOptions): Promise<CentralAnswer<ActivationCode>> {
    const body = { verificationToken: request.verificationToken, ...(request.run !== undefined && { run: request.run }) };
    return this.#call(
      { operation: 'issue_activation_code', method: 'POST', path: '/v1/activation-codes', success: 201, schema: activationCodeSchema, body },
      options,
    );
  }

  activateOneStep(request: OneStepActivationRequest, options: ChangeOptions): Promise<CentralAnswer<Activation>> {
    const body = {
      verificationToken: request.verificationToken,
      ...(request.run !== undefined && { run: request.run }),
      email: request.email,
      phone: request.phone,
      ...(request.language !== undefined && { language: request.language }),
      ...(request.password !== undefined ? { password: request.password } : { generate: request.generate }),
    };
    return this.#call(
      { operation: 'activate_one_step', method: 'POST', path: '/v1/activations/one-step', success: 201, schema: activationSchema, body },
      options,
    );
  }

  submitDeferredEnrollment(request: DeferredEnrollmentRequest, options: ChangeOptions): Promise<CentralAnswer<DeferredEnrollmentResult>> {
    const body = { sealed: request.sealed, ...(request.keyId !== undefined && { keyId: request.keyId }) };
    return this.#call(
      { operation: 'submit_deferred_enrollment', method: 'POST', path: '/v1/deferred-enrollments', success: 202, schema: deferredEnrollmentResultSchema, body },
      options,
    );
  }

  sendAuditEvents(request: AuditEventsRequest, options: ChangeOptions): Promise<CentralAnswer<AuditReceipt>> {
    const events = request.events.map((e) => ({
      eventId: e.eventId,
      at: e.at,
      type: e.type,
      outcome: e.outcome,
      ...(e.detail !== undefined && { detail: e.detail }),
      ...(e.subject !== undefined && { subject: e.subject }),
    }));
    return this.#call(
      { operation: 'send_audit_events', method: 'POST', path: '/v1/audit-events', success: 200, schema: auditReceiptSchema, body: { events } },
      options,
    );
  }

  /** The heartbeat body is sent as given (heartbeat/kiosk-heartbeat.ts builds it, heartbeat-sender.ts checks it against the schema); the answer is checked here. */
  sendHeartbeat(request: HeartbeatRequest, options: ChangeOptions): Promise<CentralAnswer<HeartbeatAnswer>> {
    return this.#call(
      { operation: 'send_heartbeat', method: 'POST', path: '/v1/heartbeats', success: 200, schema: heartbeatAnswerSchema, body: request },
      options,
    );
  }

  /**
   * For the outbox worker: POSTs a row's body, serialised when the row was
   * queued, to its path with the row's Idempotency-Key, and checks the answer
   * like the typed call would. Pair with `deliveryOutcomeOfCall` and
   * `maxAttempts: 1` (the worker has its own backoff).
   */
  postSerialized(path: SerializedChangePath, body: string, options: ChangeOptions): Promise<CentralAnswer<unknown>> {
    const change = SERIALIZED_CHANGES[path];
    if (change === undefined) return Promise.reject(new CentralRequestInvalid('body', 'not a change an outbox row can carry'));
    return this.#call<unknown>({ ...change, method: 'POST', path, serializedBody: body }, options);
  }

  /** Closes the pool (calls in flight finish) and stops the connectivity probe. */
  async close(): Promise<void> {
    if (this.#ownsConnectivity) this.connectivity.close();
    await this.#transport.close();
  }

  // ---- one call ---------------------------------------------------------------------

  async #call<T>(spec: OperationSpec<T>, options: CallOptions & { idempotencyKey?: string }): Promise<CentralAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    let body: string | undefined;
    if (spec.method === 'POST') {
      const key = options.idempotencyKey;
      if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
        throw new CentralRequestInvalid(
          'idempotency_key',
          `${spec.operation} needs the caller's Idempotency-Key: 1-255 printable ASCII characters without " or \\`,
        );
      }
      // draft-ietf-httpapi-idempotency-key-header: the value is an sf-string.
      headers['idempotency-key'] = `"${key}"`;
      headers['content-type'] = 'application/json';
      body = spec.serializedBody ?? JSON.stringify(spec.body);
    }
    if (this.connectivity.outageSimulated) {
      const simulated = new CentralUnavailable('simulated');
      this.#settled(spec, simulated, 0);
      throw simulated;
    }

    const deadlineMs = options.deadlineMs ?? this.#timeouts.deadlineMs;
    const maxAttempts = Math.max(1, options.maxAttempts ?? this.#maxAttempts);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new CentralUnavailable('timeout', { phase: 'deadline' })), deadlineMs);
    const endsAt = this.#now() + deadlineMs;
    let attempts = 0;
    try {
      for (;;) {
        attempts += 1;
        try {
          const raw = await this.#transport.exchange({
            method: spec.method,
            path: spec.path,
            headers,
            ...(body !== undefined && { body }),
            headersTimeoutMs: options.headersTimeoutMs ?? this.#timeouts.headersMs,
            bodyTimeoutMs: options.bodyTimeoutMs ?? this.#timeouts.bodyMs,
            maxResponseBytes: options.maxResponseBytes ?? this.#maxResponseBytes,
            deadline: deadline.signal,
            ...(options.signal && { signal: options.signal }),
          });
          const answer = interpretResponse(raw, spec, this.#now());
          this.#settled(spec, undefined, attempts);
          return { ...answer, attempts };
        } catch (error) {
          const delay = attempts < maxAttempts ? this.#retryDelay(error, attempts) : undefined;
          // Retry only if the wait ends comfortably before the deadline, so the next attempt has time to run.
          if (delay === undefined || this.#now() + delay >= endsAt - 100) throw error;
          this.#logger?.log('debug', 'central.call_retry', { operation: spec.operation, attempt: attempts, code: errorCode(error) });
          try {
            await sleep(delay, undefined, { signal: options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal });
          } catch {
            throw transportError(error, { deadline: deadline.signal, ...(options.signal && { signal: options.signal }) });
          }
        }
      }
    } catch (error) {
      const named = isCentralCallError(error) ? error : transportError(error, { deadline: deadline.signal, ...(options.signal && { signal: options.signal }) });
      this.#settled(spec, named, attempts);
      throw named;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Full jitter (reliability-security.md §2.3), at least Retry-After when central sent one; undefined = do not retry. */
  #retryDelay(error: unknown, attempt: number): number | undefined {
    const inFlight = error instanceof CentralProblem && error.status === 409 && error.problemCode === 'idempotency_request_in_flight';
    const unavailable503 = error instanceof CentralUnavailable && error.status === 503;
    const reset = error instanceof CentralUnavailable && error.kind === 'connection_reset';
    if (!inFlight && !unavailable503 && !reset) return undefined;
    const jitter = Math.floor(this.#random() * Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1)));
    const retryAfter = error instanceof CentralUnavailable || error instanceof CentralProblem ? (error.retryAfterMs ?? 0) : 0;
    return Math.max(jitter, retryAfter);
  }

  #settled(spec: OperationSpec<unknown>, error: Error | undefined, attempts: number): void {
    if (error === undefined) {
      this.connectivity.recordSuccess();
      this.#logger?.log('debug', 'central.call', { operation: spec.operation, outcome: 'ok', attempts });
      return;
    }
    this.connectivity.recordFailure(error);
    const fields: Record<string, string | number> = { operation: spec.operation, code: errorCode(error), attempts };
    if (error instanceof CentralUnavailable) fields.kind = error.kind;
    if (error instanceof CentralProblem) fields.problemCode = error.problemCode;
    if (error instanceof CentralProblem || error instanceof CentralBadResponse || error instanceof CentralUnavailable) {
      if (error.status !== undefined) fields.status = error.status;
    }
    this.#logger?.log(error instanceof CentralProblem ? 'info' : 'warn', 'central.call_failed', fields);
  }
}

function errorCode(error: unknown): string {
  return isCentralCallError(error) ? error.code : 'central.internal';
}

// ---- answers -------------------------------------------------------------------------

/** Maps one HTTP answer to the operation's value, or throws the named error. Pure: exported for the property tests. */
export function interpretResponse<T>(raw: RawResponse, spec: Pick<OperationSpec<T>, 'success' | 'schema'>, now: number): { value: T; replayed: boolean } {
  const { status } = raw;
  const retryAfterMs = parseRetryAfter(raw.headers['retry-after'], now);
  if (status >= 500 && status <= 599) {
    // A 5xx is central (or a proxy in front of it) failing, whatever the body says: never a bad response.
    const problem = problemOf(raw);
    const details = { status, ...(problem && { problemCode: problem.code }), ...(retryAfterMs !== undefined && { retryAfterMs }) };
    throw new CentralUnavailable(problem?.code === 'fault_injected' ? 'fault_injected' : 'server_error', details);
  }
  if (status >= 400 && status <= 499) {
    const json = decodeJson(raw, ['application/problem+json', 'application/json']);
    const parsed = (status === 423 ? lockedProblemSchema : problemSchema).safeParse(json);
    if (!parsed.success) throw new CentralBadResponse('shape', { status, issues: issuesOf(parsed.error) });
    throw new CentralProblem(status, parsed.data, retryAfterMs);
  }
  if (status !== spec.success) throw new CentralBadResponse('unexpected_status', { status });
  const json = decodeJson(raw, ['application/json']);
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success) throw new CentralBadResponse('shape', { status, issues: issuesOf(parsed.error) });
  const replayed = raw.headers['idempotent-replayed'];
  return { value: parsed.data, replayed: (Array.isArray(replayed) ? replayed[0] : replayed) === 'true' };
}

function problemOf(raw: RawResponse): z.infer<typeof problemSchema> | undefined {
  try {
    const parsed = problemSchema.safeParse(decodeJson(raw, ['application/problem+json', 'application/json']));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function decodeJson(raw: RawResponse, mediaTypes: readonly string[]): unknown {
  const contentType = raw.headers['content-type'];
  const mediaType = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === undefined || !mediaTypes.includes(mediaType))
    throw new CentralBadResponse('not_json', { status: raw.status, issues: [`content-type ${mediaType ?? '(none)'}`] });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw.body);
  } catch (error) {
    throw new CentralBadResponse('not_utf8', { status: raw.status, cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CentralBadResponse('not_json', { status: raw.status, cause: error });
  }
}

/** Paths and zod's messages (which name types and patterns, not the values received). */
function issuesOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
}
