/**
 * The central sandbox's HTTPS server: TLS 1.2 minimum with AEAD suites only, client certificates
 * from the development CA, JSON routes, RFC 9457 errors.
 *
 * How a request without a valid client certificate is refused: the TLS layer
 * asks every client for a certificate (`requestCert`) but does not abort the
 * handshake when there is none or it does not verify (`rejectUnauthorized:
 * false`), because kiosk registration must be reachable by a kiosk that has no
 * certificate yet, on the same origin. The decision is made per request,
 * before routing: unless the matched route is public, a connection whose
 * certificate did not chain to the dev CA, is not a recorded kiosk
 * certificate, is revoked or expired gets `401 client_certificate_required`
 * with nothing else in it (not even whether the path exists) and the
 * connection is closed. The reason is logged server-side only.
 * (reliability-security.md §7; ASVS 12.1.3.)
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { loadOrCreateCentralPki, type CentralPki } from '../pki/central-pki.ts';
import { createKioskCertificateAuthority, type KioskAuthentication, type KioskCertificateAuthority } from '../pki/kiosk-registration.ts';
import { createInMemoryKioskPkiStore, type KioskPkiStore } from '../pki/kiosk-pki-store.ts';
import { silentCentralLogger, type CentralLogger } from './log.ts';
import { createFaultInjector, type FaultConfig, type FaultInjector } from './faults.ts';
import { PROBLEM_CONTENT_TYPE, Problem, problem, TRANSPORT_PROBLEMS } from './problem.ts';
import { DEFAULT_BODY_LIMIT_BYTES, discardUnreadBody, hasUnreadBody, readRequestBody } from './request-body.ts';
import { createRouter, type CentralResponse, type HttpMethod, type RouteDefinition, type Router } from './router.ts';
import { transportRoutes } from './registration-routes.ts';

export interface CentralServerOptions {
  dataDir: string;
  /** 0 (the default) picks a free port; read it back from `port`. */
  port?: number;
  /** Loopback by default: the sandbox is not meant to be reachable from the network. */
  host?: string;
  /**
   * The application's routes, or a factory that receives what the server
   * creates at start (its PKI: the HPKE key pair for opening sealed payloads).
   */
  routes?: readonly RouteDefinition[] | ((started: { pki: CentralPki }) => readonly RouteDefinition[]);
  /** Registration tokens and issued certificates; in memory unless the storage layer provides one. */
  store?: KioskPkiStore;
  logger?: CentralLogger;
  now?: () => Date;
  bodyLimitBytes?: number;
  /** How long `close()` waits for in-flight requests before cutting connections. */
  closeGraceMs?: number;
  /** Fault injection (sandbox only, see faults.ts); off when absent. Changeable later with `setFaults`. */
  faults?: FaultConfig | null;
  /**
   * Who answers the paths no route matches that it `handles` (the OpenID
   * Connect provider, oidc/provider.ts), made once the server listens and
   * knows its URL. Those requests are public and get the raw request and
   * response; any other unmatched path is refused as before.
   */
  fallthrough?: (started: { url: string; pki: CentralPki }) => Fallthrough | Promise<Fallthrough>;
}

export interface Fallthrough {
  handles(path: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export interface CentralServer {
  url: string;
  host: string;
  port: number;
  pki: CentralPki;
  authority: KioskCertificateAuthority;
  router: Router;
  /** Turns fault injection on (a fresh PRNG from the config's seed) or off (null). */
  setFaults(config: FaultConfig | null): void;
  /** Puts an injector of the caller's in place (faults.ts createArmableFaultInjector), or none. */
  setFaultInjector(injector: FaultInjector | null): void;
  close(): Promise<void>;
}

/**
 * TLS 1.3's suites (all AEAD), then for TLS 1.2 only ECDHE (forward secrecy)
 * with an AEAD (AES-GCM, ChaCha20-Poly1305): no CBC suite, whose MAC-then-
 * encrypt construction is what Lucky13-style padding oracles attack, and no
 * static RSA key exchange (BSI TR-02102-2, Mozilla "intermediate"). The ECDSA
 * ones serve the sandbox's P-256 certificate; the RSA ones are there for a
 * deployment that swaps in an RSA certificate.
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** RFC 9110 §15.5.2 requires a challenge on 401; there is no registered scheme for client certificates, so this one only names what is missing. */
const CLIENT_CERTIFICATE_CHALLENGE = 'ClientCertificate realm="claveunica-central"';

export async function startCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? silentCentralLogger;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const pki = await loadOrCreateCentralPki(options.dataDir, now);
  const authority = createKioskCertificateAuthority(pki, options.store ?? createInMemoryKioskPkiStore(), now);
  const routes = typeof options.routes === 'function' ? options.routes({ pki }) : (options.routes ?? []);
  const router = createRouter([...transportRoutes({ authority, hpke: pki.hpke, logger, now }), ...routes]);
  const faults: FaultHolder = { injector: null };
  const unmatched: { handler: Fallthrough | null } = { handler: null };
  const setFaults = (config: FaultConfig | null) => {
    faults.injector = config === null ? null : createFaultInjector(config);
    if (config !== null) logger.log('warn', 'fault_injection_on', { ...faults.injector!.config });
  };
  if (options.faults) setFaults(options.faults);

  const server = createServer(
    {
      key: pki.server.keyPem,
      cert: pki.server.certificatePem,
      ca: pki.ca.pem,
      requestCert: true,
      rejectUnauthorized: false,
      // Explicit, so a --tls-min-v1.0 flag or a changed tls.DEFAULT_MIN_VERSION cannot weaken it (§7, Decreto 9).
      minVersion: 'TLSv1.2',
      ciphers: TLS_CIPHERS,
      honorCipherOrder: true,
      handshakeTimeout: 10_000,
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
    },
    (request, response) => {
      handleRequest(request, response, { router, authority, logger, bodyLimit, faults, unmatched }).catch((error: unknown) => {
        // Only send() can get here (a socket torn down mid-write); the request is already lost.
        logger.log('warn', 'response_failed', { error: error instanceof Error ? error.name : typeof error });
        response.destroy();
      });
    },
  );
  server.on('tlsClientError', (error: NodeJS.ErrnoException) => logger.log('info', 'tls_handshake_refused', { code: error.code ?? error.name }));

  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (options.fallthrough) unmatched.handler = await options.fallthrough({ url, pki });
  logger.log('info', 'central_listening', { url, caCertificate: pki.paths.caCertificate });
  const setFaultInjector = (injector: FaultInjector | null) => void (faults.injector = injector);
  return { url, host, port, pki, authority, router, setFaults, setFaultInjector, close: () => closeServer(server, options.closeGraceMs ?? 5_000) };
}

interface RequestContext {
  router: Router;
  authority: KioskCertificateAuthority;
  logger: CentralLogger;
  bodyLimit: number;
  faults: FaultHolder;
  unmatched: { handler: Fallthrough | null };
}

interface FaultHolder {
  injector: FaultInjector | null;
}

async function handleRequest(request: IncomingMessage, response: ServerResponse, context: RequestContext): Promise<void> {
  const started = performance.now();
  let pattern = '(unmatched)';
  let kioskId: string | null = null;
  let result: CentralResponse;
  let closeConnection = false;
  let loseResponse = false;
  try {
    const target = requestTarget(request.url);
    const method = (request.method ?? 'GET') as HttpMethod;
    const match = context.router.match(method, target.path);
    if (match.kind === 'not_found' && context.unmatched.handler?.handles(target.path)) {
      await context.unmatched.handler.handle(request, response);
      context.logger.log('info', 'request', {
        method,
        route: '(fallthrough)',
        status: response.statusCode,
        kioskId: null,
        ms: Math.round(performance.now() - started),
      });
      return;
    }
    const isPublic = match.kind === 'found' ? match.route.auth === 'public' : match.kind === 'method_not_allowed' && match.public;
    const authentication = isPublic ? null : authenticate(request, context.authority);
    if (authentication !== null && !authentication.ok) {
      context.logger.log('info', 'client_certificate_refused', { reason: authentication.reason });
      closeConnection = true;
      throw TRANSPORT_PROBLEMS.clientCertificateRequired();
    }
    kioskId = authentication?.kiosk.kioskId ?? null;
    if (match.kind === 'not_found') throw TRANSPORT_PROBLEMS.notFound();
    if (match.kind === 'method_not_allowed') throw TRANSPORT_PROBLEMS.methodNotAllowed(match.allow);
    pattern = match.route.pattern;
    const fault = match.route.auth === 'kiosk' ? context.faults.injector?.next(match.route.pattern, kioskId ?? undefined) : undefined;
    if (fault) {
      if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault.action === 'drop') {
        context.logger.log('info', 'fault_injected', { route: pattern, fault: 'drop' });
        request.socket.destroy();
        return;
      }
      if (fault.action === 'error') {
        context.logger.log('info', 'fault_injected', { route: pattern, fault: 'error' });
        throw problem(503, 'fault_injected', 'Fault injected by the sandbox', 'a simulated server error; nothing was changed, retry', {
          headers: { 'retry-after': '1' },
        });
      }
      loseResponse = fault.action === 'lose_response';
    }
    const body = await readRequestBody(request, match.route.body, match.route.bodyLimitBytes ?? context.bodyLimit);
    const base = { method, path: target.path, params: match.params, query: target.query, headers: request.headers, body, raw: request };
    const chosen = match.route;
    if (chosen.auth === 'public') result = await chosen.handler({ ...base, kiosk: null });
    else if (authentication?.ok) result = await chosen.handler({ ...base, kiosk: authentication.kiosk });
    else throw TRANSPORT_PROBLEMS.clientCertificateRequired(); // unreachable: kiosk routes were authenticated above
  } catch (error) {
    if (!(error instanceof Problem)) {
      context.logger.log('error', 'request_failed', { route: pattern, error: error instanceof Error ? error.name : typeof error });
    }
    const refusal = error instanceof Problem ? error : TRANSPORT_PROBLEMS.internal();
    result = {
      status: refusal.status,
      headers: {
        'content-type': PROBLEM_CONTENT_TYPE,
        ...(refusal.status === 401 && { 'www-authenticate': CLIENT_CERTIFICATE_CHALLENGE }),
        ...refusal.headers,
      },
      body: JSON.stringify(refusal),
    };
  }
  if (loseResponse) {
    // The handler ran and its change committed; the answer is lost on the way.
    context.logger.log('info', 'fault_injected', { route: pattern, fault: 'lose_response', status: result.status });
    request.socket.destroy();
    return;
  }
  // Refusals of unauthenticated or oversized requests also end the connection;
  // when part of the body is still on its way, it is discarded (bounded)
  // before the close, so the client gets to read our answer.
  if (!hasUnreadBody(request)) {
    send(response, result, closeConnection);
  } else {
    discardUnreadBody(request, closeConnection || result.status === 413);
    send(response, result, false);
  }
  context.logger.log('info', 'request', {
    method: request.method ?? '',
    route: pattern,
    status: result.status,
    kioskId,
    ms: Math.round(performance.now() - started),
  });
}

/**
 * Origin-form only (RFC 9112 §3.2.1). Parsed by hand rather than with
 * `new URL(target, base)`, which would read `//host/x` as another authority
 * and route it as `/x`. Anything else matches no route.
 */
function requestTarget(raw = '/'): { path: string; query: URLSearchParams } {
  const queryStart = raw.indexOf('?');
  const path = queryStart === -1 ? raw : raw.slice(0, queryStart);
  return { path: path.startsWith('/') ? path : '', query: new URLSearchParams(queryStart === -1 ? '' : raw.slice(queryStart + 1)) };
}

function authenticate(request: IncomingMessage, authority: KioskCertificateAuthority): KioskAuthentication | { ok: false; reason: string } {
  const socket = request.socket as TLSSocket;
  const peer = socket.getPeerCertificate(false);
  if (!peer?.raw) return { ok: false, reason: 'no_certificate' };
  // authorizationError is an OpenSSL verify code (e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE for another CA's certificate).
  if (!socket.authorized) return { ok: false, reason: `tls_${String(socket.authorizationError)}` };
  return authority.authenticate(peer.raw);
}

function send(response: ServerResponse, result: CentralResponse, closeConnection: boolean): void {
  if (response.headersSent) return;
  const body = result.body ?? '';
  response.writeHead(result.status, {
    // API answers carry certificates, keys' public halves and, later, citizen data: never cache them.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...result.headers,
    'content-length': String(Buffer.byteLength(body)),
    ...(closeConnection && { connection: 'close' }),
  });
  response.end(body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stop accepting, let in-flight requests finish, drop idle keep-alive sockets, and cut whatever is left after the grace period. */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
