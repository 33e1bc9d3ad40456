/**
 * How `npm start` finds Electron: a pre-provisioned one, the one in
 * node_modules/electron/dist, or one fetched through the installer; the
 * browser host, with the reason, only when none can be had, and a failed
 * download is remembered so it does not cost every start. The filesystem is
 * a temporary directory; the installers are fakes, in-process and as real
 * processes (succeeding, failing, hanging past the bound).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decideElectron,
  DOWNLOAD_RETRY_AFTER_MS,
  type ElectronEdge,
  findElectronHost,
  type InstallOutcome,
  runElectronInstaller,
  shortReason,
} from '../../../scripts/start/electron-binary.ts';

const VERSION = '45.4.1';
const T0 = Date.parse('2026-12-06T12:00:00Z');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'electron-binary-'));
  mkdirSync(join(dir, 'electron'));
  writeFileSync(join(dir, 'electron/package.json'), JSON.stringify({ name: 'electron', version: VERSION }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeExecutable(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'electron');
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

/** An edge over the temporary directory; `installs` counts installer runs. */
function edge(install: () => Promise<InstallOutcome>, overrides: Partial<ElectronEdge> = {}) {
  const calls = { installs: 0, now: T0 };
  const value: ElectronEdge = {
    env: {},
    electronDir: join(dir, 'electron'),
    failureFile: join(dir, '.cache/kiosk-start/electron-download.json'),
    platform: 'linux',
    install: () => {
      calls.installs++;
      return install();
    },
    now: () => calls.now,
    ...overrides,
  };
  return { edge: value, calls };
}

const succeeds = () => async (): Promise<InstallOutcome> => {
  fakeExecutable(join(dir, 'electron/dist'));
  writeFileSync(join(dir, 'electron/path.txt'), 'electron');
  return { ok: true };
};
const fails = async (): Promise<InstallOutcome> => ({ ok: false, reason: 'fetch failed' });
const auto = { host: 'auto', retryDownload: false } as const;

describe('findElectronHost', () => {
  it('runs a pre-provisioned Electron (ELECTRON_OVERRIDE_DIST_PATH) first, without the installer', async () => {
    const executable = fakeExecutable(join(dir, 'provisioned'));
    fakeExecutable(join(dir, 'electron/dist'));
    const { edge: e, calls } = edge(fails, { env: { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'provisioned') } });
    expect(await findElectronHost(e, auto)).toEqual({ kind: 'electron', executable, source: 'override' });
    expect(calls.installs).toBe(0);
  });

  it('says so when ELECTRON_OVERRIDE_DIST_PATH names a directory without the executable', async () => {
    const { edge: e, calls } = edge(fails, { env: { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'empty') } });
    const host = await findElectronHost(e, auto);
    expect(host).toMatchObject({ kind: 'browser' });
    expect(host.kind === 'browser' && host.reason).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(calls.installs).toBe(0);
  });

  it('runs the executable already in node_modules/electron/dist', async () => {
    const executable = fakeExecutable(join(dir, 'electron/dist'));
    const { edge: e, calls } = edge(fails);
    expect(await findElectronHost(e, auto)).toEqual({ kind: 'electron', executable, source: 'dist' });
    expect(calls.installs).toBe(0);
  });

  it('takes a dist file that is not executable for no binary', async () => {
    mkdirSync(join(dir, 'electron/dist'));
    writeFileSync(join(dir, 'electron/dist/electron'), '');
    const { edge: e, calls } = edge(fails);
    expect(await findElectronHost(e, auto)).toMatchObject({ kind: 'browser' });
    expect(calls.installs).toBe(1);
  });

  it('fetches the binary through the installer when there is none, then runs it', async () => {
    const { edge: e, calls } = edge(succeeds());
    expect(await findElectronHost(e, auto)).toEqual({ kind: 'electron', executable: join(dir, 'electron/dist/electron'), source: 'downloaded' });
    expect(calls.installs).toBe(1);
    expect(existsSync(e.failureFile)).toBe(false);
  });

  it('falls back to the browser host when the download fails, and remembers the failure for this version', async () => {
    const { edge: e, calls } = edge(fails);
    const first = await findElectronHost(e, auto);
    expect(first).toMatchObject({ kind: 'browser' });
    expect(first.kind === 'browser' && first.reason).toMatch(
      /^download failed: fetch failed; not tried again before 2026-12-07T12:00Z unless --retry-electron-download$/,
    );
    expect(JSON.parse(readFileSync(e.failureFile, 'utf8'))).toEqual({ electronVersion: VERSION, failedAt: '2026-12-06T12:00:00.000Z', reason: 'fetch failed' });

    calls.now = T0 + 90 * 60_000;
    const second = await findElectronHost(e, auto);
    expect(second.kind === 'browser' && second.reason).toMatch(/^download failed 1 h ago: fetch failed; not tried again before 2026-12-07T12:00Z/);
    expect(calls.installs).toBe(1);
  });

  it('tries again on request, once the period is over, for another Electron version, and when Electron is asked for', async () => {
    const { edge: e, calls } = edge(fails);
    await findElectronHost(e, auto);
    await findElectronHost(e, { host: 'auto', retryDownload: true });
    expect(calls.installs).toBe(2);
    await findElectronHost(e, { host: 'electron', retryDownload: false });
    expect(calls.installs).toBe(3);
    calls.now += DOWNLOAD_RETRY_AFTER_MS;
    await findElectronHost(e, auto);
    expect(calls.installs).toBe(4);
    writeFileSync(e.failureFile, JSON.stringify({ electronVersion: '44.0.0', failedAt: new Date(calls.now).toISOString(), reason: 'fetch failed' }));
    await findElectronHost(e, auto);
    expect(calls.installs).toBe(5);
  });

  it('ignores an unreadable failure record (one more attempt, not a crash)', async () => {
    const { edge: e, calls } = edge(fails);
    mkdirSync(join(dir, '.cache/kiosk-start'), { recursive: true });
    writeFileSync(e.failureFile, '{not json');
    expect(await findElectronHost(e, auto)).toMatchObject({ kind: 'browser' });
    expect(calls.installs).toBe(1);
  });

  it('looks at nothing and downloads nothing when the browser host is chosen', async () => {
    fakeExecutable(join(dir, 'electron/dist'));
    const { edge: e, calls } = edge(fails);
    expect(await findElectronHost(e, { host: 'browser', retryDownload: true })).toEqual({ kind: 'browser', reason: null });
    expect(calls.installs).toBe(0);
  });

  it('falls back, and remembers, when the real installer process hangs past its bound', async () => {
    const script = join(dir, 'hangs.js');
    writeFileSync(script, 'setInterval(() => {}, 1000);\n');
    const { edge: e } = edge(() => runElectronInstaller({ script, node: process.execPath, timeoutMs: 300 }));
    const host = await findElectronHost(e, auto);
    expect(host.kind === 'browser' && host.reason).toMatch(/^download failed: no answer within 1 s \(offline\?\)/);
    expect(existsSync(e.failureFile)).toBe(true);
  });
});

describe('runElectronInstaller', () => {
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };
  // Generous bounds: these scripts end on their own; the bound only stops a hang.
  const BOUND_MS = 20_000;

  it('reports success when the installer exits 0', async () => {
    expect(await runElectronInstaller({ script: script('ok.js', 'process.exit(0);\n'), node: process.execPath, timeoutMs: BOUND_MS })).toEqual({ ok: true });
  });

  it('reports the first line of what a failing installer printed', async () => {
    const body = "console.error('TypeError: fetch failed\\n    at node:internal/deps/undici:1:1');\nprocess.exit(1);\n";
    expect(await runElectronInstaller({ script: script('offline.js', body), node: process.execPath, timeoutMs: BOUND_MS })).toEqual({
      ok: false,
      reason: 'fetch failed',
    });
  });

  it('reports a node that cannot be started', async () => {
    const outcome = await runElectronInstaller({ script: script('ok.js', ''), node: join(dir, 'no-such-node'), timeoutMs: BOUND_MS });
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringContaining('ENOENT') });
  });
});

describe('decideElectron and shortReason', () => {
  it('says the package is missing rather than trying to download it', () => {
    const facts = {
      overrideDir: undefined,
      overrideExecutable: null,
      distExecutable: null,
      electronVersion: null,
      lastFailure: null,
      retryDownload: false,
      now: T0,
    };
    expect(decideElectron(facts)).toEqual({ action: 'unavailable', reason: 'the electron package is not installed' });
  });

  it('keeps a reason short and names the exit code when nothing was printed', () => {
    expect(shortReason('', 7)).toBe('installer exited with code 7');
    expect(shortReason(`\nRequestError: ${'x'.repeat(200)}`, 1)).toHaveLength(120);
  });
});
