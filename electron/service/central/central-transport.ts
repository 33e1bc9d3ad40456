/**
 * One HTTPS exchange with central over undici: one keep-alive pool for the
 * central origin, mutual TLS with the kiosk's certificate, only the pinned
 * central CA trusted (no system roots), TLS 1.2 minimum set explicitly so a
 * `--tls-min-v1.0` flag or a changed tls.DEFAULT_MIN_VERSION cannot weaken it
 * (reliability-security.md §7, Decreto 9).
 *
 * Time limits: `connectTimeoutMs` belongs to the pool (a connection is shared
 * by the calls that reuse it); headers and body timeouts are per request; a
 * per-call deadline (an AbortSignal) bounds the whole exchange, connecting
 * included. Bodies larger than `maxResponseBytes` are cut off unread.
 *
 * Errors leave here already named: a `CentralUnavailable` of the right kind,
 * or `CentralBadResponse` for a body too large or a peer that does not speak
 * HTTP. Statuses are not interpreted here (central-client.ts does that).
 */
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import { CentralBadResponse, CentralRequestInvalid, CentralUnavailable, type TimeoutPhase } from './central-errors.ts';

export interface CentralTlsCredentials {
  /** The central CA (PEM): the only trust anchor. */
  readonly ca: string;
  /** The kiosk's client certificate and its key (PEM). */
  readonly cert: string;
  readonly key: string;
}

/** Before it registers, a kiosk has no certificate of its own: it trusts central's CA and presents nothing. */
export interface CentralTrustAnchor {
  readonly ca: string;
  readonly cert?: undefined;
  readonly key?: undefined;
}

export interface CentralTransportOptions {
  readonly baseUrl: string;
  readonly tls: CentralTlsCredentials | CentralTrustAnchor;
  /** SNI and certificate name check, when central is reached by an address its certificate does not name. */
  readonly servername?: string;
  /** 'TLSv1.2' (default) or 'TLSv1.3'; nothing older is accepted. */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  readonly connectTimeoutMs?: number;
  /** Idle keep-alive sockets are closed after this long; below the server's own keep-alive timeout (5 s in the sandbox) so the kiosk closes first. */
  readonly keepAliveTimeoutMs?: number;
  /** Concurrent connections to central; default 2: a session's call and the outbox's (or the probe's) need not wait for each other. */
  readonly connections?: number;
  /** Sees each connection once its TLS handshake is done (the technician's probe reads the version and central's certificate). */
  readonly onSecureConnect?: (socket: TLSSocket) => void;
}

export interface ExchangeRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** Aborts the exchange when the call's deadline passes. */
  readonly deadline: AbortSignal;
  /** The caller's own cancellation. */
  readonly signal?: AbortSignal;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export class CentralTransport {
  readonly origin: string;
  /** The TLS options the pool connects with (for diagnostics and tests; the key is not included). */
  readonly tlsPolicy: { readonly minVersion: 'TLSv1.2' | 'TLSv1.3'; readonly rejectUnauthorized: true; readonly servername: string | undefined };
  readonly #agent: Agent;
  #closed = false;

  constructor(options: CentralTransportOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:') throw new CentralRequestInvalid('body', 'central URL must be https');
    this.origin = url.origin;
    const minVersion = options.minVersion ?? 'TLSv1.2';
    if (minVersion !== 'TLSv1.2' && minVersion !== 'TLSv1.3') throw new CentralRequestInvalid('body', 'TLS minimum version must be TLSv1.2 or TLSv1.3');
    this.tlsPolicy = { minVersion, rejectUnauthorized: true, servername: options.servername };
    this.#agent = createCentralAgent(options, minVersion);
  }

  get closed(): boolean {
    return this.#closed;
  }

  async exchange(call: ExchangeRequest): Promise<RawResponse> {
    if (this.#closed) throw new CentralRequestInvalid('client_closed', 'the central client is closed');
    const signal = call.signal ? AbortSignal.any([call.deadline, call.signal]) : call.deadline;
    try {
      const response = await request(`${this.origin}${call.path}`, {
        dispatcher: this.#agent,
        method: call.method,
        headers: call.headers,
        ...(call.body !== undefined && { body: call.body }),
        headersTimeout: call.headersTimeoutMs,
        bodyTimeout: call.bodyTimeoutMs,
        signal,
      });
      const body = await readCapped(response.body, call.maxResponseBytes, response.statusCode);
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      throw transportError(error, call);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#agent.close();
  }

  /** Closes at once, failing calls in flight. */
  async destroy(): Promise<void> {
    this.#closed = true;
    await this.#agent.destroy();
  }
}

/**
 * The one undici agent every kiosk call to central goes through (the central
 * client, registration, the technician's probe): only the pinned CA, the
 * kiosk's certificate when it has one, TLS 1.2 minimum, HTTP/1.1.
 */
function createCentralAgent(options: CentralTransportOptions, minVersion: 'TLSv1.2' | 'TLSv1.3'): Agent {
  const tls = {
    ca: options.tls.ca,
    ...(options.tls.cert !== undefined && { cert: options.tls.cert, key: options.tls.key }),
    minVersion,
    rejectUnauthorized: true,
    ...(options.servername !== undefined && { servername: options.servername }),
    timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
  // HTTP/1.1 only: the sandbox speaks nothing else, and it keeps one set of timeout semantics.
  const pool = { allowH2: false, keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000, connections: options.connections ?? 2 };
  const { onSecureConnect } = options;
  if (onSecureConnect === undefined) return new Agent({ connect: tls, ...pool });
  // undici's own connector, watched: it calls back once the TLS handshake is complete.
  const connector = buildConnector({ ...tls, allowH2: false });
  return new Agent({
    ...pool,
    connect: (connectOptions, callback) =>
      connector(connectOptions, (...args) => {
        const [error, socket] = args;
        if (error === null) onSecureConnect(socket as TLSSocket);
        callback(...args);
      }),
  });
}

/**
 * One exchange on a connection of its own, closed after: for the calls that
 * must not share a pool (registration, before the kiosk has a certificate; the
 * technician's probe, which reports on the connection it made).
 */
export async function exchangeOnce(options: CentralTransportOptions, call: ExchangeRequest): Promise<RawResponse> {
  const transport = new CentralTransport({ ...options, connections: 1 });
  try {
    return await transport.exchange(call);
  } finally {
    await transport.destroy();
  }
}

/** The OS, TLS or undici code behind a failed exchange (ECONNREFUSED, CERT_HAS_EXPIRED …): the deepest along the cause chain is the most specific. */
export function networkErrorCode(error: unknown): string | undefined {
  return errorCodes(error)
    .filter((code) => /^[A-Z][A-Z0-9_]*$/.test(code))
    .at(-1);
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, limit: number, status: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      const tooLarge = new CentralBadResponse('too_large', { status });
      body.destroy(tooLarge);
      throw tooLarge;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const TLS_UNTRUSTED =
  /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_\w+|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|INVALID_CA|UNABLE_TO_DECRYPT_CERT_SIGNATURE)$/;

/** Names a failure of one exchange; the cause is kept for diagnostics (it holds no request data). */
export function transportError(error: unknown, call: Pick<ExchangeRequest, 'deadline' | 'signal'>): Error {
  if (error instanceof CentralBadResponse || error instanceof CentralUnavailable || error instanceof CentralRequestInvalid) return error;
  if (call.deadline.aborted) return new CentralUnavailable('timeout', { phase: 'deadline', cause: error });
  if (call.signal?.aborted) return new CentralUnavailable('aborted', { cause: error });
  const codes = errorCodes(error);
  const has = (pattern: RegExp) => codes.some((code) => pattern.test(code));
  const timeout = (phase: TimeoutPhase) => new CentralUnavailable('timeout', { phase, cause: error });
  if (has(/^UND_ERR_CONNECT_TIMEOUT$/) || has(/^ETIMEDOUT$/)) return timeout('connect');
  if (has(/^UND_ERR_HEADERS_TIMEOUT$/)) return timeout('headers');
  if (has(/^UND_ERR_BODY_TIMEOUT$/)) return timeout('body');
  if (has(/^UND_ERR_RES_EXCEEDED_MAX_SIZE$/)) return new CentralBadResponse('too_large', { cause: error });
  if (has(/^HPE_/) || (error as { name?: unknown }).name === 'HTTPParserError') return new CentralBadResponse('not_http', { cause: error });
  if (has(TLS_UNTRUSTED)) return new CentralUnavailable('tls_untrusted', { cause: error });
  if (has(/^ERR_SSL_|^ERR_TLS_|^EPROTO$/)) return new CentralUnavailable('tls_failed', { cause: error });
  if (has(/^ECONNREFUSED$/)) return new CentralUnavailable('connection_refused', { cause: error });
  if (has(/^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED)$/)) return new CentralUnavailable('connection_reset', { cause: error });
  if (has(/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/)) return new CentralUnavailable('dns', { cause: error });
  if (has(/^UND_ERR_DESTROYED$/)) return new CentralRequestInvalid('client_closed', 'the central client is closed');
  return new CentralUnavailable('network', { cause: error });
}

/** Error codes along the cause chain (undici wraps socket errors in some paths). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}
