import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Flags for a kiosk window on this host. The background-networking ones keep
 * Chromium from dialling out at start (the kiosk network is closed); the
 * no-sandbox one is added only when running as root, where Chromium's sandbox
 * cannot start.
 */
export function chromiumKioskArgs(url: string, userDataDir: string, runningAsRoot: boolean): string[] {
  return [
    `--user-data-dir=${userDataDir}`,
    '--kiosk',
    `--app=${url}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-features=Translate,MediaRouter',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--password-store=basic',
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

export function findChromium(): string | null {
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export interface KioskWindow {
  readonly process: ChildProcess;
  close(): void;
}

export function openKioskWindow(executable: string, url: string): KioskWindow {
  const userDataDir = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const child = spawn(executable, chromiumKioskArgs(url, userDataDir, runningAsRoot), { stdio: 'ignore' });
  const cleanup = () => rmSync(userDataDir, { recursive: true, force: true });
  child.on('exit', cleanup);
  return {
    process: child,
    close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      else cleanup();
    },
  };
}
