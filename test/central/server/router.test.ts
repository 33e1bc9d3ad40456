import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskTlsOptions, type KioskCredentials } from '../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { problem } from '../../../central/server/problem.ts';
import { createRouter, html, json, publicRoute, route } from '../../../central/server/router.ts';
import { httpsCall, recordingLogger, registerKiosk, temporaryDataDir } from './https-client.ts';

describe('matching', () => {
  const router = createRouter([
    route('GET', '/v1/kiosks/:kioskId', () => json(200, {})),
    route('POST', '/v1/kiosks/:kioskId', () => json(200, {})),
    publicRoute('GET', '/activate', () => html(200, '<p>hi</p>')),
  ]);

  it('binds :parameters, percent-decoded', () => {
    expect(router.match('GET', '/v1/kiosks/k%2D1')).toMatchObject({ kind: 'found', params: { kioskId: 'k-1' } });
  });

  it('tells a wrong method (with what is allowed) from an unknown path', () => {
    expect(router.match('DELETE', '/v1/kiosks/k1')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'POST'], public: false });
    expect(router.match('POST', '/activate')).toEqual({ kind: 'method_not_allowed', allow: ['GET'], public: true });
    for (const path of ['/v1/kiosks', '/v1/kiosks/', '/v1/kiosks/k1/x', '/v1/kiosks/%E0%A4%A']) {
      expect(router.match('GET', path)).toEqual({ kind: 'not_found' });
    }
  });

  it('refuses a duplicate route and a pattern without a leading slash', () => {
    expect(() => router.add(route('GET', '/v1/kiosks/:id', () => json(200, {})))).not.toThrow();
    expect(() => router.add(route('GET', '/v1/kiosks/:kioskId', () => json(200, {})))).toThrow(/duplicate/);
    expect(() => route('GET', 'v1', () => json(200, {}))).toThrow(RangeError);
  });
});

describe('routes over HTTPS', () => {
  const logger = recordingLogger();
  let server: CentralServer;
  let kiosk: KioskCredentials;
  let tls: ReturnType<typeof kioskTlsOptions>;

  beforeAll(async () => {
    server = await startCentralServer({
      dataDir: temporaryDataDir(),
      logger,
      bodyLimitBytes: 1024,
      routes: [
        route('POST', '/v1/echo/:name', (request) =>
          json(200, { name: request.params.name, kiosk: request.kiosk, body: request.body, q: request.query.get('q') }),
        ),
        route('POST', '/v1/big', (request) => json(200, { length: JSON.stringify(request.body).length }), { bodyLimitBytes: 8192 }),
        route('GET', '/v1/locked', () => {
          throw problem(423, 'identity_locked', 'Identity is locked', 'three failed verifications in 24 h', {
            extensions: { unlockProcedure: 'visit an office' },
          });
        }),
        route('GET', '/v1/broken', () => {
          throw new Error('secret detail: 12.345.678-5');
        }),
        publicRoute(
          'POST',
          '/activate',
          (request) =>
            html(200, `<p>${request.kiosk === null ? 'anonymous' : 'kiosk'} ${(request.body as URLSearchParams).get('run') === null ? '' : 'run'}</p>`),
          { body: 'form' },
        ),
      ],
    });
    kiosk = await registerKiosk(server, 'kiosk-router');
    tls = kioskTlsOptions(kiosk);
  });
  afterAll(() => server.close());

  const post = (path: string, body: string | Buffer, contentType = 'application/json') =>
    httpsCall(server, { method: 'POST', path, headers: { 'content-type': contentType }, body, tls });

  function expectProblem(result: Awaited<ReturnType<typeof httpsCall>>, status: number, code: string) {
    expect(result.status).toBe(status);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.json).toMatchObject({ type: `urn:claveunica-central:problem:${code}`, status, code });
    expect(typeof (result.json as { title: unknown }).title).toBe('string');
  }

  it('hands the handler the parsed body, path parameters, query and the authenticated kiosk', async () => {
    const result = await post('/v1/echo/hello?q=1', JSON.stringify({ a: [1, 'ñ'] }), 'application/json; charset=UTF-8');
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      name: 'hello',
      kiosk: { kioskId: 'kiosk-router', serial: kiosk.certificatePem ? expect.any(String) : null },
      body: { a: [1, 'ñ'] },
      q: '1',
    });
  });

  it('serves a public route to a client without a certificate, with request.kiosk null, and parses forms', async () => {
    const result = await httpsCall(server, {
      method: 'POST',
      path: '/activate',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'run=1',
      tls: { ca: server.pki.ca.pem },
    });
    expect(result.status).toBe(200);
    expect(result.text).toBe('<p>anonymous run</p>');
  });

  it('answers an unknown path 404 not_found (to an authenticated kiosk)', async () => {
    expectProblem(await httpsCall(server, { path: '/v1/nope', tls }), 404, 'not_found');
    // `//host/path` is not another authority's /path.
    expectProblem(await httpsCall(server, { path: '//v1/locked', tls }), 404, 'not_found');
  });

  it('answers a wrong method 405 method_not_allowed with an Allow header', async () => {
    const result = await httpsCall(server, { method: 'GET', path: '/v1/echo/x', tls });
    expectProblem(result, 405, 'method_not_allowed');
    expect(result.headers.allow).toBe('POST');
  });

  it('answers a body over the limit 413 payload_too_large, declared or streamed, without hanging', async () => {
    expectProblem(await post('/v1/echo/x', JSON.stringify({ pad: 'x'.repeat(2000) })), 413, 'payload_too_large');
    const streamed = await httpsCall(server, {
      method: 'POST',
      path: '/v1/echo/x',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(512 * 1024, 0x20),
      tls,
    });
    expectProblem(streamed, 413, 'payload_too_large');
  });

  it('closes the connection on a client that declares a huge body, after a bounded read', async () => {
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: server.host, port: server.port, ...tls }, () => {
        socket.write('POST /v1/echo/x HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n');
        const filler = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (socket.writable && socket.write(filler));
          if (socket.writable) socket.once('drain', pump);
        };
        pump();
      });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => resolve(received.split('\r\n')[0] ?? ''));
    });
    expect(outcome).toBe('HTTP/1.1 413 Payload Too Large');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lets one route raise its own body limit', async () => {
    const result = await post('/v1/big', JSON.stringify({ pad: 'x'.repeat(4000) }));
    expect(result.json).toEqual({ length: 4010 });
  });

  it('answers the wrong content type 415 unsupported_media_type, before reading the body', async () => {
    expectProblem(await post('/v1/echo/x', '{}', 'text/plain'), 415, 'unsupported_media_type');
    expectProblem(await post('/v1/echo/x', '{}', 'application/json; charset=iso-8859-1'), 415, 'unsupported_media_type');
    expectProblem(await httpsCall(server, { method: 'POST', path: '/v1/echo/x', body: '{}', tls }), 415, 'unsupported_media_type');
  });

  it('answers malformed JSON 400 malformed_json, and bytes that are not UTF-8 400 malformed_body', async () => {
    for (const body of ['{', '', '{"a":1,}', "{'a':1}"]) expectProblem(await post('/v1/echo/x', body), 400, 'malformed_json');
    expectProblem(await post('/v1/echo/x', Buffer.from([0x22, 0xff, 0x22])), 400, 'malformed_body');
  });

  it('turns a thrown problem() into its status, code, detail and extension members', async () => {
    const result = await httpsCall(server, { path: '/v1/locked', tls });
    expectProblem(result, 423, 'identity_locked');
    expect(result.json).toEqual({
      type: 'urn:claveunica-central:problem:identity_locked',
      title: 'Identity is locked',
      status: 423,
      code: 'identity_locked',
      detail: 'three failed verifications in 24 h',
      unlockProcedure: 'visit an office',
    });
  });

  it('turns any other error into 500 internal_error without leaking its message to the client or the log', async () => {
    const result = await httpsCall(server, { path: '/v1/broken', tls });
    expectProblem(result, 500, 'internal_error');
    expect(result.text).not.toContain('secret');
    expect(JSON.stringify(logger.records)).not.toContain('12.345.678-5');
    expect(logger.records).toContainEqual({ level: 'error', event: 'request_failed', fields: { route: '/v1/broken', error: 'Error' } });
  });

  it('logs each request by route pattern, not by concrete path', async () => {
    await post('/v1/echo/SOMETHING-PERSONAL', '{}');
    const line = logger.records.findLast((record) => record.event === 'request');
    expect(line?.fields).toMatchObject({ method: 'POST', route: '/v1/echo/:name', status: 200, kioskId: 'kiosk-router' });
    expect(JSON.stringify(logger.records)).not.toContain('SOMETHING-PERSONAL');
  });
});
