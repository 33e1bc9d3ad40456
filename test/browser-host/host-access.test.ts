import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostKeys, isAllowedHost, isAllowedOrigin, isLoopbackAddress, readCookie, tokenMatches } from '../../electron/browser-host/server/access.ts';
import { type BrowserHost, startBrowserHost } from '../../electron/browser-host/server/host.ts';
import { inProcessServiceLink } from '../../electron/browser-host/server/service-link.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../electron/service/config/service-config.ts';
import { createKioskService } from '../../electron/service/kiosk-service.ts';
import { silentLogger } from '../../common/log.ts';
import { fakeRendererDir, HostClient, tradeLaunchToken } from '../support/host-client.ts';

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
  const launchAddresses: string[] = [];
  beforeAll(async () => {
    const service = createKioskService({
      config: { ...DEFAULT_SERVICE_CONFIG, dataDir: mkdtempSync(join(tmpdir(), 'host-access-')) },
      log: silentLogger,
      version: 't',
    });
    host = await startBrowserHost({
      ...fakeRendererDir(),
      service: inProcessServiceLink(service),
      log: silentLogger,
      dev: false,
      port: 0,
      onLaunchAddress: (address) => launchAddresses.push(address),
    });
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
    const res = await get(host.port, `/?token=${host.launchToken()}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toMatch(/kiosk_token=.+; HttpOnly; SameSite=Strict; Path=\//);
  });

  it('takes a launch token once: the second use is refused and sets no cookie', async () => {
    const token = host.launchToken();
    expect((await get(host.port, `/?token=${token}`)).status).toBe(303);
    for (const path of [`/?token=${token}`, `/__kiosk/launch?token=${token}`]) {
      const again = await get(host.port, path);
      expect(again.status).toBe(401);
      expect(again.headers['set-cookie']).toBeUndefined();
    }
    expect(host.launchToken()).not.toBe(token);
  });

  it('gives a session cookie that is not the launch token, so a token seen later opens nothing', async () => {
    const token = host.launchToken();
    const cookie = await tradeLaunchToken(host.port, token);
    expect(cookie).not.toContain(token);
    expect((await get(host.port, '/', { Cookie: `kiosk_token=${token}` })).status).toBe(401);
    await expect(HostClient.connect(host, { Cookie: `kiosk_token=${token}` })).rejects.toThrow('HTTP 401');
    expect((await get(host.port, '/', { Cookie: cookie })).status).toBe(200);
  });

  it('lets a browser that has its session reload a spent launch address', async () => {
    const token = host.launchToken();
    const cookie = await tradeLaunchToken(host.port, token);
    const reload = await get(host.port, `/?token=${token}`, { Cookie: cookie });
    expect(reload.status).toBe(303);
    expect(reload.headers['set-cookie']).toBeUndefined();
  });

  it('answers the launch page’s address with a same-origin refresh to /, the cookie set (a redirect would lose it)', async () => {
    const res = await get(host.port, `/__kiosk/launch?token=${host.launchToken()}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<meta http-equiv="refresh" content="0;url=/">');
    expect(String(res.headers['set-cookie'])).toMatch(/kiosk_token=.+; HttpOnly; SameSite=Strict; Path=\//);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('tells main each new launch address, before the browser that spent the last token gets its answer', async () => {
    const before = launchAddresses.length;
    const token = host.launchToken();
    expect(launchAddresses.at(-1)).toBe(`http://127.0.0.1:${host.port}/__kiosk/launch?token=${token}`);
    await get(host.port, `/?token=${token}`);
    expect(launchAddresses).toHaveLength(before + 1);
    expect(launchAddresses.at(-1)).toBe(`http://127.0.0.1:${host.port}/__kiosk/launch?token=${host.launchToken()}`);
  });

  it('serves the page with the bridge injected and a strict CSP once the cookie is set', async () => {
    const res = await get(host.port, '/', { Cookie: await tradeLaunchToken(host.port, host.launchToken()) });
    expect(res.status).toBe(200);
    expect(res.body.indexOf('__kiosk/bridge.js')).toBeLessThan(res.body.indexOf('type="module"'));
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a Host header that is not this loopback server (DNS rebinding)', async () => {
    const res = await get(host.port, '/', { Cookie: await tradeLaunchToken(host.port, host.launchToken()), Host: 'attacker.example:80' });
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

describe('the host’s keys', () => {
  const counter = () => {
    let n = 0;
    return () => `secret-${(n += 1)}`;
  };

  it('spends a launch token once, replaces it, and never hands out the token as the session', () => {
    const keys = createHostKeys(counter());
    const token = keys.launchToken();
    const session = keys.spend(token);
    expect(session).not.toBeNull();
    expect(session).not.toBe(token);
    expect(keys.spend(token)).toBeNull();
    expect(keys.launchToken()).not.toBe(token);
    expect(keys.isSession(session)).toBe(true);
    expect(keys.isSession(token)).toBe(false);
  });

  it('spends nothing for a wrong, empty or missing token', () => {
    const keys = createHostKeys(counter());
    const token = keys.launchToken();
    for (const wrong of [null, undefined, '', 'secret-2', `${token}x`]) expect(keys.spend(wrong)).toBeNull();
    expect(keys.launchToken()).toBe(token);
  });

  it('keeps at most maxSessions sessions, the oldest dropped first', () => {
    const keys = createHostKeys(counter(), 2);
    const sessions = [1, 2, 3].map(() => keys.spend(keys.launchToken()));
    expect(sessions.map((s) => keys.isSession(s))).toEqual([false, true, true]);
  });

  it('never accepts one launch token twice, whatever the sequence of attempts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('current'), fc.constant('spent'), fc.string()), { maxLength: 30 }), (attempts) => {
        const keys = createHostKeys(counter());
        const spent: string[] = [];
        for (const attempt of attempts) {
          const candidate = attempt === 'current' ? keys.launchToken() : attempt === 'spent' ? (spent.at(-1) ?? '') : attempt;
          const wasCurrent = candidate === keys.launchToken();
          const session = keys.spend(candidate);
          expect(session !== null).toBe(wasCurrent);
          if (session !== null) {
            expect(spent).not.toContain(candidate);
            spent.push(candidate);
          }
        }
      }),
    );
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
