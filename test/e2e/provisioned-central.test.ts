/**
 * `npm start` on a kiosk provisioned with `kioskctl register` to another
 * central (a second real sandbox, registered under the default dev kiosk id,
 * the case where an embedded sandbox's token would let the service register
 * again) keeps that central: no embedded sandbox, no new registration, the
 * same client certificate. A fresh data directory still gets the sandbox.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedCentral, startEmbeddedCentral } from '../../electron/browser-host/server/embedded-central.ts';
import { silentLogger } from '../../common/log.ts';
import { type RunningKiosk, REPO_ROOT, startKiosk } from '../support/kiosk-process.ts';
import { cliError, kioskctl } from '../service/cli/cli-support.ts';

const KIOSK_ID = 'dev-kiosk-01';

/** Resolves with the first match of `pattern` in the kiosk's output; bounded, so a kiosk that never gets there fails the test. */
function waitForOutput(kiosk: RunningKiosk, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const streams = [kiosk.process.stdout!, kiosk.process.stderr!];
    const check = () => {
      const match = pattern.exec(kiosk.output());
      if (match) done(() => resolve(match[0]));
    };
    const timer = setTimeout(() => done(() => reject(new Error(`${what} not seen within 60 s:\n${kiosk.output()}`))), 60_000);
    const done = (settle: () => void) => {
      clearTimeout(timer);
      for (const stream of streams) stream.off('data', check);
      settle();
    };
    for (const stream of streams) stream.on('data', check);
    check();
  });
}

describe('npm start on a kiosk registered with another central', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  let other: EmbeddedCentral;
  let dataDir: string;
  let certificate: string;
  let kiosk: RunningKiosk | undefined;

  beforeAll(async () => {
    other = await startEmbeddedCentral({ entry: join(REPO_ROOT, 'central/main.ts'), dataDir: tempDir('other-central-'), kioskId: KIOSK_ID, log: silentLogger });
    dataDir = tempDir('kiosk-provisioned-');
    const registered = await kioskctl(
      ['register', '--token', '-', '--central-url', other.url, '--ca', other.caCertificateFile, '--kiosk-id', KIOSK_ID, '--data-dir', dataDir],
      {
        stdin: `${other.registrationToken}\n`,
      },
    );
    expect(registered.code, registered.code === 0 ? '' : cliError(registered).message).toBe(0);
    certificate = readFileSync(join(dataDir, 'central-client/kiosk.crt'), 'utf8');
  });

  afterAll(async () => {
    await kiosk?.stop();
    await other?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('connects to the stored central with the stored certificate and starts no sandbox', async () => {
    kiosk = await startKiosk({ KIOSK_DATA_DIR: dataDir, KIOSK_LOG_LEVEL: 'info' });
    const event = await waitForOutput(kiosk, /"event":"central\.(connected|registered)"/, 'the service reaching central');
    expect(event).toBe('"event":"central.connected"');
    expect(kiosk.output()).toContain(`Central API: ${other.url} (stored configuration)\n`);
    expect(kiosk.output()).not.toContain('embedded sandbox');
    expect(existsSync(join(dataDir, 'central'))).toBe(false);
    expect(readFileSync(join(dataDir, 'central-client/kiosk.crt'), 'utf8')).toBe(certificate);
  });

  it('still embeds the sandbox for a fresh data directory', async () => {
    await kiosk?.stop();
    kiosk = await startKiosk({ KIOSK_DATA_DIR: tempDir('kiosk-fresh-'), KIOSK_LOG_LEVEL: 'info' });
    expect(kiosk.output()).toMatch(/^Central API: https:\/\/127\.0\.0\.1:\d+ \(embedded sandbox\)$/m);
    expect(await waitForOutput(kiosk, /"event":"central\.(connected|registered)"/, 'the service reaching central')).toBe('"event":"central.registered"');
  });
});
