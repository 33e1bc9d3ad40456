/** `npm run central` as a process: prints its URL and CA path, serves, and stops cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedCentral } from '../../../electron/browser-host/server/embedded-central.ts';
import { httpsCall, temporaryDataDir } from '../server/https-client.ts';

const silentLogger = { log: () => undefined };

function startCentral(env: Record<string, string> = {}) {
  const dataDir = temporaryDataDir();
  const child = spawn(process.execPath, ['central/main.ts'], {
    env: { ...process.env, CENTRAL_DEV_MAILBOX: '', CENTRAL_DATA_DIR: dataDir, CENTRAL_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { dataDir, child, exited, output: () => out, errors: () => err };
}

describe('central/main.ts', () => {
  it('starts on the given data dir, answers, and exits 0 on SIGTERM', async () => {
    const { child, exited, output } = startCentral();
    await expect.poll(output, { timeout: 30_000, interval: 100 }).toContain('Activation page');
    const out = output();
    const port = Number(/Central API: https:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    const caPath = /CA certificate: (.+)/.exec(out)![1]!;
    expect(existsSync(caPath)).toBe(true);
    expect(out).toMatch(/Registration token for kiosk-dev-01 .*: [A-Za-z0-9_-]{43}/);
    const tls = { ca: readFileSync(caPath, 'utf8') };
    const page = await httpsCall({ host: '127.0.0.1', port }, { path: '/activar', tls });
    expect(page.status).toBe(200);
    // Without CENTRAL_DEV_MAILBOX=1 there is no mailbox: its generated passwords are not anyone's to read. Without a
    // certificate its paths get what any path that is not public gets (401, not even whether it exists).
    expect(out).not.toContain('mailbox');
    for (const path of ['/dev/mailbox', '/dev/mailbox.html']) {
      const answer = await httpsCall({ host: '127.0.0.1', port }, { path, tls });
      expect([answer.status, answer.json]).toEqual([401, expect.objectContaining({ code: 'client_certificate_required' })]);
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses a CENTRAL_DEV_MAILBOX that is neither 1 nor 0', async () => {
    const { exited, errors } = startCentral({ CENTRAL_DEV_MAILBOX: 'yes' });
    expect(await exited).not.toBe(0);
    expect(errors()).toContain('CENTRAL_DEV_MAILBOX must be 1 or 0');
  }, 60_000);

  it('serves the development mailbox in the sandbox npm start embeds', async () => {
    const dataDir = temporaryDataDir();
    const central = await startEmbeddedCentral({ entry: join(process.cwd(), 'central/main.ts'), dataDir, kioskId: 'kiosk-embedded-01', log: silentLogger });
    try {
      const { port } = new URL(central.url);
      const tls = { ca: readFileSync(central.caCertificateFile, 'utf8') };
      const mailbox = await httpsCall({ host: '127.0.0.1', port: Number(port) }, { path: '/dev/mailbox', tls });
      expect(mailbox.status).toBe(200);
      expect(mailbox.json).toEqual({ messages: [] });
      expect((await httpsCall({ host: '127.0.0.1', port: Number(port) }, { path: '/dev/mailbox.html', tls })).status).toBe(200);
    } finally {
      await central.stop();
    }
  }, 60_000);
});
