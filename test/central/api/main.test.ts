/** `npm run central` as a process: prints its URL and CA path, serves, and stops cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { httpsCall, temporaryDataDir } from '../server/https-client.ts';

describe('central/main.ts', () => {
  it('starts on the given data dir, answers, and exits 0 on SIGTERM', async () => {
    const dataDir = temporaryDataDir();
    const child = spawn(process.execPath, ['central/main.ts'], {
      env: { ...process.env, CENTRAL_DATA_DIR: dataDir, CENTRAL_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => out, { timeout: 30_000, interval: 100 }).toContain('Development mailbox');
    const port = Number(/Central API: https:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    const caPath = /CA certificate: (.+)/.exec(out)![1]!;
    expect(existsSync(caPath)).toBe(true);
    expect(out).toMatch(/Registration token for kiosk-dev-01 .*: [A-Za-z0-9_-]{43}/);
    const page = await httpsCall({ host: '127.0.0.1', port }, { path: '/activar', tls: { ca: readFileSync(caPath, 'utf8') } });
    expect(page.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
