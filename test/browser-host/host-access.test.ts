import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedHost, isAllowedOrigin, isLoopbackAddress, readCookie, tokenMatches } from '../../electron/browser-host/server/access.ts';
import { type BrowserHost, startBrowserHost } from '../../electron/browser-host/server/host.ts';
import { inProcessServiceLink } from '../../electron/browser-host/server/service-link.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../electron/service/config/service-config.ts';
import { createKioskService } from '../../electron/service/kiosk-service.ts';
import { silentLogger } from '../../common/log.ts';
import { fakeRendererDir, HostClient } from '../support/host-client.ts';

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('who may reach the browser host', () => {
  let host: BrowserHost;
  beforeAll(async () => {
    const service = createKioskService({
      config: { ...DEFAULT_SERVICE_CONFIG, dataDir: mkdtempSync(join(tmpdir(), 'host-access-')) },
      log: silentLogger,
      version: 't',
    });
    host = await startBrowserHost({ ...fakeRendererDir(), service: inProcessServiceLink(service), log: silentLogger, dev: false, port: 0 });
  });
  afterAll(() => host.close());

  it('listens on loopback only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves nothing to a page without the token', async () => {
    for (const path of ['/', '/index.html', '/__kiosk/bridge.js']) {
      const res = await get(host.port, path);
      expect(res.status).toBe(401);
      expect(res.body).not.toContain('<script');
    }
  });

  it('refuses a wrong token, and trades the right one for an HttpOnly SameSite=Strict cookie', async () => {
    expect((await get(host.port, '/?token=wrong')).status).toBe(401);
    const res = await get(host.port, `/?token=${host.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toMatch(/kiosk_token=.+; HttpOnly; SameSite=Strict; Path=\//);
  });

  it('serves the page with the bridge injected and a strict CSP once the cookie is set', async () => {
    const res = await get(host.port, '/', { Cookie: `kiosk_token=${host.token}` });
    expect(res.status).toBe(200);
    expect(res.body.indexOf('__kiosk/bridge.js')).toBeLessThan(res.body.indexOf('type="module"'));
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a Host header that is not this loopback server (DNS rebinding)', async () => {
    const res = await get(host.port, '/', { Cookie: `kiosk_token=${host.token}`, Host: 'attacker.example:80' });
    expect(res.status).toBe(421);
  });

  it('refuses WebSocket connections without the token', async () => {
    await expect(HostClient.connect(host, { Cookie: 'kiosk_token=nope' })).rejects.toThrow('HTTP 401');
    await expect(HostClient.connect(host, { Cookie: '' })).rejects.toThrow('HTTP 401');
  });

  it('refuses WebSocket connections from other origins', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`, 'null']) {
      await expect(HostClient.connect(host, { Origin: origin })).rejects.toThrow('HTTP 403');
    }
  });

  it('hides dev commands from a kiosk without simulated devices', async () => {
    const client = await HostClient.connect(host);
    expect(await client.invoke('dev.crashService')).toMatchObject({ ok: false, error: { code: 'dev.unavailable' } });
    client.close();
  });
});

describe('access predicates', () => {
  it('accepts only loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of [undefined, '', '10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', '128.0.0.1', 'fe80::1', '1.127.0.0']) {
      expect(isLoopbackAddress(a)).toBe(false);
    }
  });

  it('accepts no other Host or Origin than this port on loopback', () => {
    expect(isAllowedHost('127.0.0.1:5174', 5174)).toBe(true);
    expect(isAllowedHost('LOCALHOST:5174', 5174)).toBe(true);
    expect(isAllowedHost('127.0.0.1:5175', 5174)).toBe(false);
    expect(isAllowedHost('127.0.0.1.evil.example:5174', 5174)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:5174', 5174)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5174.evil.example', 5174)).toBe(false);
    expect(isAllowedOrigin(undefined, 5174)).toBe(false);
  });

  it('never accepts a token that differs from the real one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (token, candidate) => {
        expect(tokenMatches(candidate, token)).toBe(candidate === token);
      }),
    );
  });

  it('reads one cookie exactly by name and never throws on garbage', () => {
    expect(readCookie('a=1; kiosk_token=abc; b=2', 'kiosk_token')).toBe('abc');
    expect(readCookie('xkiosk_token=abc', 'kiosk_token')).toBeNull();
    fc.assert(fc.property(fc.string(), (header) => void readCookie(header, 'kiosk_token')));
  });
});
