/**
 * How `npm start` runs the sign-in sample: a real `node relying-party/main.ts`
 * child, its address read from what it prints, a taken port said in one line
 * without stopping anything else.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/log.ts';
import { planSampleRelyingParty, startSampleRelyingParty } from '../../electron/browser-host/server/sample-relying-party.ts';

const entry = join(import.meta.dirname, '../../relying-party/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'rp-sample-'));
// Read at start-up only; discovery waits for the first sign-in, so no provider needs to run for these tests.
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, '');
const provider = { issuer: 'https://127.0.0.1:9', caFile };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start runs the sample relying party', () => {
  it('prints its address, serves its home page there, and stops', async () => {
    const sample = await startSampleRelyingParty({ entry, provider, env: { ...process.env, RP_PORT: '0' }, log: silentLogger });
    try {
      expect(sample.line).toMatch(/^Municipalidad de Ejemplo \(sign-in sample\): http:\/\/127\.0\.0\.1:\d+\/$/);
      const home = await fetch(sample.url!);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('Ingresa con ClaveÚnica');
    } finally {
      await sample.stop();
    }
    await expect(fetch(sample.url!)).rejects.toThrow();
  });

  it('says plainly that its port is taken, and does not throw', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      const sample = await startSampleRelyingParty({ entry, provider, env: { ...process.env, RP_PORT: String(port) }, log: silentLogger });
      expect(sample.url).toBeNull();
      expect(sample.line).toBe(
        `Municipalidad de Ejemplo (sign-in sample): not started (Port ${port} on 127.0.0.1 is in use: stop what uses it, or choose another with RP_PORT=N (0 picks a free one).)`,
      );
      await sample.stop();
    } finally {
      squatter.close();
    }
  });

  it('is not started for a kiosk with a central of its own, or when turned off', async () => {
    const own = await startSampleRelyingParty({ entry, provider: null, env: {}, log: silentLogger });
    expect(own.url).toBeNull();
    expect(own.line).toContain('not started (this kiosk uses a central of its own');
    const off = await startSampleRelyingParty({ entry, provider, env: { KIOSK_SAMPLE_RELYING_PARTY: '0' }, log: silentLogger });
    expect(off.line).toBe('Municipalidad de Ejemplo (sign-in sample): not started (KIOSK_SAMPLE_RELYING_PARTY=0)');
  });

  it('refuses a bad RP_PORT with a typed message, not a stack', async () => {
    const sample = await startSampleRelyingParty({ entry, provider, env: { ...process.env, RP_PORT: 'abc' }, log: silentLogger });
    expect(sample.url).toBeNull();
    expect(sample.line).toBe('Municipalidad de Ejemplo (sign-in sample): not started (RP_PORT must be a port number (0-65535), got "abc")');
  });
});

describe('the sample port is settled before the sandbox starts', () => {
  it('keeps the default 5180, for which the sandbox is registered already', async () => {
    expect(await planSampleRelyingParty({})).toEqual({ rpEnv: { RP_PORT: '5180' }, centralEnv: {} });
  });

  it('registers another port with the sandbox, and picks a free one for RP_PORT=0', async () => {
    expect(await planSampleRelyingParty({ RP_PORT: '5181' })).toEqual({
      rpEnv: { RP_PORT: '5181' },
      centralEnv: { CENTRAL_OIDC_SAMPLE_REDIRECT_URIS: 'http://127.0.0.1:5181/callback,http://localhost:5181/callback' },
    });
    const free = await planSampleRelyingParty({ RP_PORT: '0' });
    const port = Number(free.rpEnv.RP_PORT);
    expect(port).toBeGreaterThan(0);
    expect(free.centralEnv.CENTRAL_OIDC_SAMPLE_REDIRECT_URIS).toBe(`http://127.0.0.1:${port}/callback,http://localhost:${port}/callback`);
  });

  it('leaves redirect URIs the environment names, and a port that is not one for the relying party to refuse', async () => {
    expect((await planSampleRelyingParty({ RP_PORT: '5181', CENTRAL_OIDC_SAMPLE_REDIRECT_URIS: 'http://127.0.0.1:5181/cb' })).centralEnv).toEqual({});
    for (const bad of ['abc', '99999', '-1']) expect(await planSampleRelyingParty({ RP_PORT: bad })).toEqual({ rpEnv: {}, centralEnv: {} });
  });
});
