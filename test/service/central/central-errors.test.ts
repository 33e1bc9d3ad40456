/**
 * The outbox's decision for every kind of call result (the table in
 * central-errors.ts), from typed errors and from central's raw HTTP answers,
 * Retry-After parsing, and the naming of transport failures that the
 * real-network tests cannot provoke reliably (DNS).
 */
import { describe, expect, it } from 'vitest';
import { interpretResponse } from '../../../electron/service/central/central-client.ts';
import { auditReceiptSchema } from '../../../electron/service/central/central-contract.ts';
import { parseRetryAfter } from '../../../electron/service/central/central-errors.ts';
import { transportError } from '../../../electron/service/central/central-transport.ts';
import {
  CentralBadResponse,
  CentralProblem,
  CentralRequestInvalid,
  CentralUnavailable,
  type CentralUnavailableKind,
  deliveryOutcomeOf,
  deliveryOutcomeOfCall,
  type ProblemCode,
} from '../../../electron/service/central/index.ts';

const problem = (status: number, code: ProblemCode, extra: Record<string, unknown> = {}) =>
  new CentralProblem(status, { type: `urn:claveunica-central:problem:${code}`, title: code, status, code, ...extra });

describe('deliveryOutcomeOf', () => {
  it('delivers an answer, replayed or not', () => {
    expect(deliveryOutcomeOf({ value: { received: 1, stored: 1 }, replayed: false, attempts: 1 })).toEqual({ type: 'delivered', replayed: false });
    expect(deliveryOutcomeOf({ value: { received: 1, stored: 0 }, replayed: true, attempts: 2 })).toEqual({ type: 'delivered', replayed: true });
  });

  it.each([
    'timeout',
    'connection_refused',
    'connection_reset',
    'dns',
    'network',
    'server_error',
    'fault_injected',
    'simulated',
    'aborted',
  ] as CentralUnavailableKind[])('retries %s', (kind) => {
    expect(deliveryOutcomeOf(new CentralUnavailable(kind))).toEqual({ type: 'retry', reason: `central.unavailable.${kind}` });
  });

  it('retries TLS failures with an alarm, and honours Retry-After', () => {
    expect(deliveryOutcomeOf(new CentralUnavailable('tls_untrusted'))).toEqual({ type: 'retry', reason: 'central.unavailable.tls_untrusted', alarm: 'tls' });
    expect(deliveryOutcomeOf(new CentralUnavailable('tls_failed'))).toMatchObject({ alarm: 'tls' });
    expect(deliveryOutcomeOf(new CentralUnavailable('server_error', { status: 503, retryAfterMs: 30_000 }))).toEqual({
      type: 'retry',
      reason: 'central.unavailable.server_error',
      retryAfterMs: 30_000,
    });
  });

  it.each([
    [401, 'client_certificate_required', { alarm: 'kiosk_certificate' }],
    [408, 'invalid_request', {}],
    [429, 'rate_limited', { retryAfterMs: 42_000 }],
    [409, 'idempotency_request_in_flight', {}],
  ] as const)('retries %i %s', (status, code, extra) => {
    const error = problem(status, code, code === 'rate_limited' ? { retryAfterSeconds: 42 } : {});
    expect(error.retryable).toBe(true);
    expect(deliveryOutcomeOf(error)).toEqual({ type: 'retry', reason: `central.problem.${code}`, ...extra });
  });

  it.each([
    [400, 'invalid_input'],
    [400, 'idempotency_key_missing'],
    [403, 'card_blocked'],
    [403, 'verification_token_invalid'],
    [404, 'unknown_person'],
    [405, 'method_not_allowed'],
    [409, 'already_has_account'],
    [409, 'activation_code_used'],
    [410, 'activation_code_expired'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [422, 'idempotency_key_reused'],
    [422, 'sealed_payload_invalid'],
    [423, 'identity_locked'],
  ] as const)('dead-letters %i %s', (status, code) => {
    const error = problem(status, code);
    expect(error.retryable).toBe(false);
    expect(deliveryOutcomeOf(error)).toEqual({ type: 'permanent', reason: `central.problem.${code}` });
  });

  it('retries an answer outside the contract with an alarm; dead-letters what the kiosk could not send or did not expect', async () => {
    expect(deliveryOutcomeOf(new CentralBadResponse('shape', { status: 200 }))).toEqual({
      type: 'retry',
      reason: 'central.bad_response.shape',
      alarm: 'contract',
    });
    expect(deliveryOutcomeOf(new CentralRequestInvalid('idempotency_key', 'x'))).toEqual({
      type: 'permanent',
      reason: 'central.request_invalid.idempotency_key',
    });
    expect(deliveryOutcomeOf(new TypeError('bug'))).toEqual({ type: 'permanent', reason: 'central.internal' });
    expect(deliveryOutcomeOf(undefined)).toEqual({ type: 'permanent', reason: 'central.internal' });
    expect(await deliveryOutcomeOfCall(Promise.reject(new CentralUnavailable('timeout', { phase: 'headers' })))).toEqual({
      type: 'retry',
      reason: 'central.unavailable.timeout',
    });
  });
});

describe('central’s raw answers as outcomes (interpretResponse, then deliveryOutcomeOf)', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  const encode = (body: unknown) => new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  const problemBody = (status: number, code: string) => ({ type: `urn:claveunica-central:problem:${code}`, title: code, status, code });
  /** What the outbox worker records for one answer to an audit batch (success: 200 with an AuditReceipt). */
  function outcome(status: number, body: unknown, headers: Record<string, string> = {}) {
    const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
    try {
      return deliveryOutcomeOf({
        ...interpretResponse(
          { status, headers: { 'content-type': contentType, ...headers }, body: encode(body) },
          { success: 200, schema: auditReceiptSchema },
          now,
        ),
        attempts: 1,
      });
    } catch (error) {
      return deliveryOutcomeOf(error);
    }
  }

  it('delivers the operation’s success status with a body of the contract, replayed or not', () => {
    expect(outcome(200, { received: 1, stored: 1 })).toEqual({ type: 'delivered', replayed: false });
    expect(outcome(200, { received: 1, stored: 0 }, { 'idempotent-replayed': 'true' })).toEqual({ type: 'delivered', replayed: true });
  });

  it('retries 5xx whatever the body, honouring the Retry-After header', () => {
    expect(outcome(503, problemBody(503, 'fault_injected'), { 'retry-after': '1' })).toEqual({
      type: 'retry',
      reason: 'central.unavailable.fault_injected',
      retryAfterMs: 1_000,
    });
    expect(outcome(429, problemBody(429, 'rate_limited'), { 'retry-after': '7' })).toEqual({
      type: 'retry',
      reason: 'central.problem.rate_limited',
      retryAfterMs: 7_000,
    });
    for (const status of [500, 502, 504]) {
      expect(outcome(status, '<html>not json</html>', { 'content-type': 'text/html' })).toEqual({ type: 'retry', reason: 'central.unavailable.server_error' });
    }
  });

  it('retries 401 with the certificate alarm; dead-letters 403, 405 and the other refusals', () => {
    expect(outcome(401, problemBody(401, 'client_certificate_required'))).toEqual({
      type: 'retry',
      reason: 'central.problem.client_certificate_required',
      alarm: 'kiosk_certificate',
    });
    expect(outcome(403, problemBody(403, 'admin_required'))).toEqual({ type: 'permanent', reason: 'central.problem.admin_required' });
    expect(outcome(405, problemBody(405, 'method_not_allowed'))).toEqual({ type: 'permanent', reason: 'central.problem.method_not_allowed' });
    expect(outcome(422, { ...problemBody(422, 'sealed_payload_invalid'), detail: 'x' })).toEqual({
      type: 'permanent',
      reason: 'central.problem.sealed_payload_invalid',
    });
  });

  it('retries, with the contract alarm, an answer that is not the contract: an unnamed problem, another 2xx', () => {
    expect(outcome(400, { ...problemBody(400, 'invalid_input'), code: 'Not A Code <script>' })).toEqual({
      type: 'retry',
      reason: 'central.bad_response.shape',
      alarm: 'contract',
    });
    expect(outcome(204, '')).toEqual({ type: 'retry', reason: 'central.bad_response.unexpected_status', alarm: 'contract' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  it('reads delay-seconds and HTTP-dates, caps at an hour, and ignores nonsense', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(['120'], now)).toBe(120_000);
    expect(parseRetryAfter(['5', '9'], now)).toBe(5_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Saturday, 21-Nov-26 12:00:30 GMT', now)).toBe(30_000); // RFC 850, obsolete but allowed
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('99999999', now)).toBe(3_600_000);
    for (const bad of [undefined, '', ' ', 'soon', '-5', '-1', '1.5', '2026-11-21T12:00:30Z', '99999999999']) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
});

describe('transportError', () => {
  const call = { deadline: new AbortController().signal };
  const coded = (code: string, cause?: unknown) => Object.assign(new Error(code, cause === undefined ? undefined : { cause }), { code });
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connection_refused'],
    ['ECONNRESET', 'connection_reset'],
    ['UND_ERR_SOCKET', 'connection_reset'],
    ['EHOSTUNREACH', 'network'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls_untrusted'],
    ['CERT_HAS_EXPIRED', 'tls_untrusted'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_untrusted'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls_failed'],
  ])('%s → %s', (code, kind) => {
    expect(transportError(coded(code), call)).toMatchObject({ kind });
  });

  it('looks through wrapping errors to the socket error, and names a passed deadline first', () => {
    expect(transportError(coded('UND_ERR_INFO', coded('ENOTFOUND')), call)).toMatchObject({ kind: 'dns' });
    const passed = new AbortController();
    passed.abort();
    expect(transportError(coded('ECONNRESET'), { deadline: passed.signal })).toMatchObject({ kind: 'timeout', phase: 'deadline' });
  });
});
