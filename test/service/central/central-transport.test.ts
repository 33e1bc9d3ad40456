/**
 * How the client fails when the network or the peer misbehaves, against tiny
 * fake servers speaking real TCP/TLS: silent peers (each timeout by its
 * phase), refused connections, a server from another CA, a TLS 1.1-only
 * server, oversized answers, and answers that are not the contract. Time
 * limits here are small values to make the waits short; the assertions are
 * about the error's kind, never about how long it took.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureVersion, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCentralPki, type CentralPki } from '../../../central/pki/central-pki.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import {
  CentralBadResponse,
  CentralClient,
  type CentralClientOptions,
  CentralProblem,
  CentralRequestInvalid,
  CentralUnavailable,
  deliveryOutcomeOf,
  isCentralCallError,
} from '../../../electron/service/central/index.ts';
import { centralHttpsFetch } from '../../../electron/service/central/central-registration.ts';
import { exchangeOnce, networkErrorCode } from '../../../electron/service/central/central-transport.ts';
import { exchangeError, httpsExchange } from '../../../electron/service/maintenance/central-probe.ts';
import { registerKiosk } from '../../central/server/https-client.ts';

let central: CentralServer;
let otherCa: CentralPki;
let credentials: { ca: string; cert: string; key: string };
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-transport-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  // A real sandbox only for its CA, its server certificate and a kiosk certificate it issued.
  central = await startCentralServer({ dataDir: temp(), port: 0 });
  otherCa = await loadOrCreateCentralPki(temp());
  const kiosk = await registerKiosk(central, 'kiosk-transport-01');
  credentials = { ca: central.pki.ca.pem, cert: kiosk.certificatePem, key: kiosk.privateKeyPem };
}, 30_000);

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await central?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function clientFor(port: number, options: Partial<CentralClientOptions> = {}): CentralClient {
  const client = new CentralClient({
    baseUrl: `https://127.0.0.1:${port}`,
    tls: credentials,
    retry: { maxAttempts: 1 },
    connectivity: { probeIntervalMs: 0 },
    ...options,
  });
  closers.push(() => client.close());
  return client;
}

async function listening<S extends NetServer>(server: S): Promise<{ server: S; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { server, port: (server.address() as { port: number }).port };
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** An HTTPS server with central's own certificate (so TLS succeeds) answering with `handler`. */
function fakeCentral(
  handler: Handler,
  tls: { minVersion?: SecureVersion; maxVersion?: SecureVersion; pki?: CentralPki } = {},
): Promise<{ server: HttpsServer; port: number }> {
  const pki = tls.pki ?? central.pki;
  return listening(
    createHttpsServer(
      {
        key: pki.server.keyPem,
        cert: pki.server.certificatePem,
        ...(tls.minVersion && { minVersion: tls.minVersion }),
        ...(tls.maxVersion && { maxVersion: tls.maxVersion }),
      },
      handler,
    ),
  );
}

const answer =
  (status: number, contentType: string | undefined, body: string | Uint8Array, headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(status, { ...(contentType !== undefined && { 'content-type': contentType }), ...headers });
    response.end(body);
  };

async function failure(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e as Error,
  );
  expect(isCentralCallError(error), String(error)).toBe(true);
  return error;
}

describe('timeouts, each named by its phase', () => {
  it('a peer that accepts TCP and never speaks → timeout in the connect phase', async () => {
    const { port } = await listening(createNetServer(() => {}));
    const client = clientFor(port, { timeouts: { connectMs: 150 } });
    const error = await failure(client.health());
    expect(error).toBeInstanceOf(CentralUnavailable);
    expect(error).toMatchObject({ kind: 'timeout', phase: 'connect' });
    expect(client.connectivity.snapshot()).toMatchObject({ state: 'offline', lastError: 'timeout' });
    expect(deliveryOutcomeOf(error)).toEqual({ type: 'retry', reason: 'central.unavailable.timeout' });
  }, 15_000);

  it('a server that completes TLS but never answers → timeout waiting for headers', async () => {
    const { port } = await fakeCentral(() => {});
    const error = await failure(clientFor(port).health({ headersTimeoutMs: 150 }));
    expect(error).toMatchObject({ kind: 'timeout', phase: 'headers' });
  }, 15_000);

  it('a server that stops in the middle of the body → timeout reading the body', async () => {
    const { port } = await fakeCentral((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"status":');
    });
    const error = await failure(clientFor(port).health({ bodyTimeoutMs: 150 }));
    expect(error).toMatchObject({ kind: 'timeout', phase: 'body' });
  }, 15_000);

  it('the call’s deadline bounds everything, whatever the other limits say', async () => {
    const { port } = await fakeCentral(() => {});
    const error = await failure(clientFor(port).health({ headersTimeoutMs: 60_000, deadlineMs: 150 }));
    expect(error).toMatchObject({ kind: 'timeout', phase: 'deadline' });
  }, 15_000);

  it('a call the caller aborts ends as aborted and says nothing about connectivity', async () => {
    const { port } = await fakeCentral(() => {});
    const client = clientFor(port);
    const controller = new AbortController();
    const pending = client.health({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ kind: 'aborted' });
    expect(client.connectivity.state).toBe('unknown');
  }, 15_000);
});

describe('connections and TLS', () => {
  it('connection refused → CentralUnavailable connection_refused', async () => {
    const { server, port } = await listening(createNetServer());
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(clientFor(port).health());
    expect(error).toMatchObject({ code: 'central.unavailable', kind: 'connection_refused', retryable: true });
  });

  it('a server whose certificate another CA signed → tls_untrusted, retried by the outbox with a TLS alarm', async () => {
    const { port } = await fakeCentral(answer(200, 'application/json', '{}'), { pki: otherCa });
    const error = await failure(clientFor(port).health());
    expect(error).toMatchObject({ kind: 'tls_untrusted' });
    expect(deliveryOutcomeOf(error)).toEqual({ type: 'retry', reason: 'central.unavailable.tls_untrusted', alarm: 'tls' });
  });

  it('never speaks TLS below 1.2: a TLS 1.1-only server is refused, a TLS 1.2 one is fine; older minimums cannot be configured', async () => {
    const health = answer(200, 'application/json', JSON.stringify({ status: 'ok', kioskId: 'kiosk-transport-01', time: '2026-11-21T12:00:00Z' }));
    const old = await fakeCentral(health, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
    const client = clientFor(old.port);
    expect(client.tlsPolicy).toEqual({ minVersion: 'TLSv1.2', rejectUnauthorized: true, servername: undefined });
    expect(await failure(client.health())).toMatchObject({ kind: 'tls_failed' });

    const tls12 = await fakeCentral(health, { maxVersion: 'TLSv1.2' });
    expect(await clientFor(tls12.port).health()).toMatchObject({ status: 'ok' });
    expect(await failure(clientFor(tls12.port, { minVersion: 'TLSv1.3' }).health())).toMatchObject({ kind: 'tls_failed' });
    expect(() => clientFor(tls12.port, { minVersion: 'TLSv1.1' as never })).toThrow(CentralRequestInvalid);
    expect(() => new CentralClient({ baseUrl: `http://127.0.0.1:${tls12.port}`, tls: credentials })).toThrow(CentralRequestInvalid);
  });

  it('keeps its connection alive across calls instead of a handshake per call', async () => {
    let connections = 0;
    const { server, port } = await fakeCentral(answer(200, 'application/json', JSON.stringify({ status: 'ok', kioskId: 'k', time: 't' })));
    server.on('secureConnection', () => (connections += 1));
    // One connection in the pool, so the count does not depend on when undici hands a finished socket back.
    const client = clientFor(port, { connections: 1 });
    for (let i = 0; i < 5; i += 1) await client.health();
    expect(connections).toBe(1);
  });
});

describe('one exchange on a connection of its own (registration, the technician’s probe)', () => {
  const healthBody = JSON.stringify({ status: 'ok', kioskId: 'kiosk-transport-01', time: '2026-11-21T12:00:00Z' });
  const call = () => ({
    method: 'GET' as const,
    path: '/v1/health',
    headers: { accept: 'application/json' },
    headersTimeoutMs: 5_000,
    bodyTimeoutMs: 5_000,
    maxResponseBytes: 1024,
    deadline: AbortSignal.timeout(10_000),
  });

  it('presents no certificate with a trust anchor only, the kiosk’s with credentials, a new connection each time, and shows the handshake', async () => {
    const presented: boolean[] = [];
    const { server, port } = await listening(
      createHttpsServer(
        { key: central.pki.server.keyPem, cert: central.pki.server.certificatePem, ca: central.pki.ca.pem, requestCert: true, rejectUnauthorized: false },
        (request, response) => {
          presented.push(Object.keys((request.socket as TLSSocket).getPeerCertificate()).length > 0);
          answer(200, 'application/json', healthBody)(request, response);
        },
      ),
    );
    let connections = 0;
    server.on('secureConnection', () => (connections += 1));
    const handshakes: string[] = [];
    const onSecureConnect = (socket: TLSSocket) => handshakes.push(`${socket.getProtocol()} ${socket.getPeerCertificate().subject?.CN}`);
    const baseUrl = `https://127.0.0.1:${port}`;
    const anonymous = await exchangeOnce({ baseUrl, tls: { ca: credentials.ca }, onSecureConnect }, call());
    const kiosk = await exchangeOnce({ baseUrl, tls: credentials, onSecureConnect }, call());
    expect([anonymous.status, kiosk.status]).toEqual([200, 200]);
    expect(presented).toEqual([false, true]);
    expect(connections).toBe(2);
    expect(handshakes).toHaveLength(2);
    expect(handshakes[0]).toMatch(/^TLSv1\.[23] /);
  });

  it('holds registration and the probe to the client’s TLS floor: a TLS 1.1-only central is refused by both', async () => {
    const { port } = await fakeCentral(answer(200, 'application/json', healthBody), { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
    const url = new URL(`https://127.0.0.1:${port}/v1/health`);
    const registration = await centralHttpsFetch(url, { method: 'GET', headers: {}, tls: { ca: credentials.ca } }).then(
      () => new Error('expected a refusal'),
      (error: unknown) => error,
    );
    expect(registration).toMatchObject({ code: 'central.unavailable', kind: 'tls_failed' });
    const probe = await httpsExchange(url, { method: 'GET', headers: {}, tls: credentials, timeoutMs: 5_000 }).then(
      () => new Error('expected a refusal'),
      (error: unknown) => error,
    );
    expect(exchangeError(probe, url, 5_000)).toMatchObject({
      code: 'central.unreachable',
      messageKey: 'centralUnreachable',
      params: { os: expect.stringMatching(/^(ERR_SSL_|EPROTO)/) },
    });
    expect(networkErrorCode(probe)).toMatch(/^(ERR_SSL_|EPROTO)/);
  });

  it('names the probe’s deadline central.timeout, with the limit it waited', async () => {
    const { port } = await listening(createNetServer());
    const url = new URL(`https://127.0.0.1:${port}/v1/health`);
    const error = await httpsExchange(url, { method: 'GET', headers: {}, tls: credentials, timeoutMs: 300 }).then(
      () => new Error('expected a timeout'),
      (e: unknown) => e,
    );
    expect(exchangeError(error, url, 300)).toMatchObject({ code: 'central.timeout', messageKey: 'centralTimeout', params: { timeoutMs: 300 } });
  });
});

describe('answers outside the contract → central.bad_response', () => {
  const health = { status: 'ok', kioskId: 'kiosk-transport-01', time: '2026-11-21T12:00:00Z' };
  const cases: [string, Handler, Record<string, unknown>][] = [
    ['a body missing a member', answer(200, 'application/json', JSON.stringify({ status: 'ok' })), { reason: 'shape' }],
    ['a wrong constant', answer(200, 'application/json', JSON.stringify({ ...health, status: 'degraded' })), { reason: 'shape' }],
    ['an HTML page with 200 (a captive portal)', answer(200, 'text/html', '<html>login</html>'), { reason: 'not_json' }],
    ['JSON that does not parse', answer(200, 'application/json', '{"status":'), { reason: 'not_json' }],
    ['bytes that are not UTF-8', answer(200, 'application/json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), { reason: 'not_utf8' }],
    ['a status the operation does not answer with', answer(201, 'application/json', JSON.stringify(health)), { reason: 'unexpected_status', status: 201 }],
    ['a redirect', answer(302, undefined, '', { location: 'https://example.org/' }), { reason: 'unexpected_status', status: 302 }],
    ['a 4xx that is not a problem', answer(404, 'text/plain', 'not here'), { reason: 'not_json', status: 404 }],
    ['a problem without its members', answer(403, 'application/problem+json', JSON.stringify({ code: 'card_blocked' })), { reason: 'shape', status: 403 }],
    [
      'a 423 without the unlock procedure',
      answer(
        423,
        'application/problem+json',
        JSON.stringify({ type: 'urn:claveunica-central:problem:identity_locked', title: 't', status: 423, code: 'identity_locked' }),
      ),
      { reason: 'shape' },
    ],
  ];
  it.each(cases)('%s', async (_name, handler, expected) => {
    const { port } = await fakeCentral(handler);
    const client = clientFor(port);
    const error = await failure(client.health());
    expect(error).toBeInstanceOf(CentralBadResponse);
    expect(error).toMatchObject({ code: 'central.bad_response', ...expected });
    expect(client.connectivity.snapshot()).toMatchObject({ state: 'offline', lastError: 'bad_response' });
    expect(deliveryOutcomeOf(error)).toMatchObject({ type: 'retry', alarm: 'contract' });
  });

  it('a verification answer with a malformed token, or with extra members, is refused', async () => {
    const request = { run: '12.345.678-5', cardSerial: 'A1', finger: 2 as const, template: new Uint8Array([1, 2, 3]) };
    for (const body of [
      { matched: true, verificationToken: 'short', expiresAt: 'x', attemptsLeft: 3 },
      { matched: false, attemptsLeft: 2, name: 'someone' },
      { matched: false, attemptsLeft: 0 },
    ]) {
      const { port } = await fakeCentral(answer(200, 'application/json', JSON.stringify(body)));
      expect(await failure(clientFor(port).verifyIdentity(request, { idempotencyKey: 'k-1' }))).toMatchObject({ reason: 'shape' });
    }
  });

  it('an answer larger than the cap is cut off unread', async () => {
    const big = JSON.stringify({ status: 'ok', kioskId: 'k'.repeat(2_000_000), time: 't' });
    const { port } = await fakeCentral(answer(200, 'application/json', big));
    expect(await failure(clientFor(port).health())).toMatchObject({ reason: 'too_large' });
    const small = await fakeCentral(answer(200, 'application/json', JSON.stringify(health)));
    expect(await failure(clientFor(small.port).health({ maxResponseBytes: 16 }))).toMatchObject({ reason: 'too_large' });
  });

  it('a peer that does not speak HTTP → bad_response not_http', async () => {
    const { port } = await listening(
      createTlsServer({ key: central.pki.server.keyPem, cert: central.pki.server.certificatePem }, (socket) => {
        socket.once('data', () => socket.end('HELLO THERE\r\n\r\n'));
      }),
    );
    expect(await failure(clientFor(port).health())).toMatchObject({ code: 'central.bad_response', reason: 'not_http' });
  });

  it('a 5xx is central failing, whatever its body: server_error with status and problem code', async () => {
    const html = await fakeCentral(answer(502, 'text/html', '<h1>Bad Gateway</h1>', { 'retry-after': '7' }));
    expect(await failure(clientFor(html.port).health())).toMatchObject({ kind: 'server_error', status: 502, problemCode: undefined, retryAfterMs: 7000 });
    const problem = { type: 'urn:claveunica-central:problem:internal_error', title: 'Internal error', status: 500, code: 'internal_error' };
    const internal = await fakeCentral(answer(500, 'application/problem+json', JSON.stringify(problem)));
    expect(await failure(clientFor(internal.port).health())).toMatchObject({ kind: 'server_error', status: 500, problemCode: 'internal_error' });
  });

  it('a problem code the contract does not list yet is still a CentralProblem (RFC 9457 extensions are ignored)', async () => {
    const problem = { type: 'urn:claveunica-central:problem:kiosk_suspended', title: 'Suspended', status: 403, code: 'kiosk_suspended', since: '2026-01-01' };
    const { port } = await fakeCentral(answer(403, 'application/problem+json', JSON.stringify(problem)));
    const error = await failure(clientFor(port).health());
    expect(error).toBeInstanceOf(CentralProblem);
    expect(error).toMatchObject({ status: 403, problemCode: 'kiosk_suspended' });
  });
});

describe('property: any answer ends in a valid value or a typed error', () => {
  const statuses = fc.oneof(fc.constantFrom(200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 423, 429, 500, 502, 503), fc.integer({ min: 200, max: 599 }));
  const contentTypes = fc.constantFrom('application/json', 'application/problem+json', 'text/html', 'application/json; charset=utf-8', '');
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
    fc.json().map((text) => Buffer.from(text)),
    fc
      .record({
        type: fc.constant('urn:claveunica-central:problem:x'),
        title: fc.string(),
        status: fc.integer(),
        code: fc.string(),
        attemptsLeft: fc.anything(),
      })
      .map((v) => Buffer.from(JSON.stringify(v))),
    fc
      .record({ matched: fc.boolean(), verificationToken: fc.string(), attemptsLeft: fc.integer() }, { requiredKeys: [] })
      .map((v) => Buffer.from(JSON.stringify(v))),
  );

  it('over the wire, for health and for a verification', async () => {
    let current: { status: number; contentType: string; body: Buffer; retryAfter: string } = {
      status: 200,
      contentType: '',
      body: Buffer.alloc(0),
      retryAfter: '',
    };
    const { port } = await fakeCentral((_request, response) => {
      const headers: Record<string, string> = {};
      if (current.contentType) headers['content-type'] = current.contentType;
      if (current.retryAfter) headers['retry-after'] = current.retryAfter;
      response.writeHead(current.status, headers);
      response.end(current.status === 204 || current.status === 304 ? undefined : current.body);
    });
    const client = clientFor(port);
    await fc.assert(
      fc.asyncProperty(
        statuses,
        contentTypes,
        bodies,
        fc.oneof(
          fc.constant(''),
          fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
        ),
        async (status, contentType, body, retryAfter) => {
          current = { status, contentType, body, retryAfter };
          for (const call of [
            client.health(),
            client.verifyIdentity({ run: '1-9', cardSerial: 'A', finger: 2, template: 'AA==' }, { idempotencyKey: 'prop' }),
          ]) {
            const outcome = await call.then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            );
            if ('error' in outcome) expect(isCentralCallError(outcome.error), String(outcome.error)).toBe(true);
            else expect(status).toBeGreaterThanOrEqual(200);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
