import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Flags for a kiosk window on this host. The window opens the launch page, a
 * file given by its path (launch-page.ts): the command line, which every local
 * user can read in /proc, names a file only its owner can read and carries no
 * token. The background-networking ones keep Chromium from dialling out at
 * start (the kiosk network is closed); the no-sandbox one is added only when
 * running as root, where Chromium's sandbox cannot start.
 */
export function chromiumKioskArgs(launchPage: string, userDataDir: string, runningAsRoot: boolean, windowSize: WindowSize | null = null): string[] {
  if (!isAbsolute(launchPage)) throw new TypeError(`the launch page must be an absolute file path, not ${JSON.stringify(launchPage)}`);
  return [
    `--user-data-dir=${userDataDir}`,
    '--kiosk',
    // Without a window manager (a bare X server) --kiosk alone leaves a default-sized window.
    '--start-fullscreen',
    '--window-position=0,0',
    `--app=${pathToFileURL(launchPage).href}`,
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
    ...(windowSize ? [`--window-size=${windowSize.width},${windowSize.height}`] : []),
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

export interface WindowSize {
  readonly width: number;
  readonly height: number;
}

/** `KIOSK_WINDOW_SIZE=1080x1920`: for displays without a window manager, where fullscreen cannot be requested. */
export function parseWindowSize(text: string | undefined): WindowSize | null {
  const match = /^(\d{3,5})x(\d{3,5})$/.exec(text?.trim() ?? '');
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

/** util-linux's setpriv (Debian: always installed); absent elsewhere, and then the window is stopped only by close(). */
export const SETPRIV_CANDIDATES = ['/usr/bin/setpriv', '/bin/setpriv'];

/**
 * The command that starts Chromium so that the kernel sends it SIGTERM when
 * the host that spawned it dies, SIGKILL included (prctl PR_SET_PDEATHSIG,
 * kept across the exec into Chromium). Chromium's own helpers follow their
 * browser process.
 */
export function withParentDeathSignal(executable: string, args: readonly string[], setpriv: string | null): { command: string; args: string[] } {
  if (setpriv === null) return { command: executable, args: [...args] };
  return { command: setpriv, args: ['--pdeathsig', 'SIGTERM', '--', executable, ...args] };
}

export function findChromium(): string | null {
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export interface KioskWindow {
  readonly process: ChildProcess;
  close(): void;
}

/** The command that opens the kiosk window: setpriv (where it exists) and Chromium, the launch page's path as its only address. */
export function kioskWindowCommand(
  executable: string,
  launchPage: string,
  userDataDir: string,
  facts: { readonly runningAsRoot: boolean; readonly setpriv: string | null; readonly windowSize: WindowSize | null },
): { command: string; args: string[] } {
  return withParentDeathSignal(executable, chromiumKioskArgs(launchPage, userDataDir, facts.runningAsRoot, facts.windowSize), facts.setpriv);
}

export function openKioskWindow(executable: string, launchPage: string, windowSize: WindowSize | null): KioskWindow {
  const userDataDir = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const setpriv = SETPRIV_CANDIDATES.find((path) => existsSync(path)) ?? null;
  const command = kioskWindowCommand(executable, launchPage, userDataDir, { runningAsRoot, setpriv, windowSize });
  const child = spawn(command.command, command.args, { stdio: 'ignore' });
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
