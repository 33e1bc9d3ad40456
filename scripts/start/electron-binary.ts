/**
 * Where `npm start` finds an Electron binary. Electron 45's npm package no
 * longer downloads it at install, so a checkout normally has none until
 * something fetches it. In order: a pre-provisioned Electron
 * (ELECTRON_OVERRIDE_DIST_PATH, a directory holding the executable), the one
 * in node_modules/electron/dist, or one fetched now through Electron's own
 * installer. Offline the installer fails; the failure is remembered for this
 * Electron version for a while, so it does not slow every start.
 *
 * Never `require('electron')` to find out: requiring it starts a download.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export type HostChoice = 'auto' | 'electron' | 'browser';

/** How long a failed download keeps `npm start` from trying again on its own. */
export const DOWNLOAD_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
/** The installer fetches ~100 MB; past this it is taken for offline or hung and stopped. */
export const INSTALL_TIMEOUT_MS = 180_000;

const DownloadFailureSchema = z.object({ electronVersion: z.string(), failedAt: z.iso.datetime(), reason: z.string() });
export type DownloadFailure = z.infer<typeof DownloadFailureSchema>;

/** What the filesystem and the environment say, gathered by the edge below. */
export interface ElectronFacts {
  /** ELECTRON_OVERRIDE_DIST_PATH, when set. */
  readonly overrideDir: string | undefined;
  /** The executable in overrideDir, when there is one. */
  readonly overrideExecutable: string | null;
  /** The executable in node_modules/electron/dist, when there is one. */
  readonly distExecutable: string | null;
  /** node_modules/electron's version; null when the package is not installed. */
  readonly electronVersion: string | null;
  readonly lastFailure: DownloadFailure | null;
  /** Ignore a remembered failure (`--retry-electron-download`, or `--host electron`). */
  readonly retryDownload: boolean;
  readonly now: number;
}

export type ElectronDecision =
  | { readonly action: 'run'; readonly executable: string; readonly source: 'override' | 'dist' }
  | { readonly action: 'download' }
  | { readonly action: 'unavailable'; readonly reason: string };

export function decideElectron(facts: ElectronFacts): ElectronDecision {
  if (facts.overrideDir !== undefined) {
    if (facts.overrideExecutable !== null) return { action: 'run', executable: facts.overrideExecutable, source: 'override' };
    return { action: 'unavailable', reason: `ELECTRON_OVERRIDE_DIST_PATH=${facts.overrideDir} holds no Electron executable` };
  }
  if (facts.distExecutable !== null) return { action: 'run', executable: facts.distExecutable, source: 'dist' };
  if (facts.electronVersion === null) return { action: 'unavailable', reason: 'the electron package is not installed' };
  const failure = facts.lastFailure;
  if (!facts.retryDownload && failure !== null && failure.electronVersion === facts.electronVersion) {
    const failedAt = Date.parse(failure.failedAt);
    const age = facts.now - failedAt;
    if (age >= 0 && age < DOWNLOAD_RETRY_AFTER_MS) {
      return { action: 'unavailable', reason: `download failed ${formatAge(age)} ago: ${failure.reason}; ${retryHint(failedAt)}` };
    }
  }
  return { action: 'download' };
}

export type InstallOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** After the installer ran: the executable it left, or why there is none (and, on failure, what to remember). */
export function decideAfterInstall(outcome: InstallOutcome, distExecutable: string | null, electronVersion: string, now: number) {
  if (outcome.ok && distExecutable !== null) return { decision: { action: 'run', executable: distExecutable, source: 'dist' } as const, failure: null };
  const reason = outcome.ok ? 'the installer left no executable in node_modules/electron/dist' : outcome.reason;
  const failure: DownloadFailure = { electronVersion, failedAt: new Date(now).toISOString(), reason };
  return { decision: { action: 'unavailable', reason: `download failed: ${reason}; ${retryHint(now)}` } as const, failure };
}

function retryHint(failedAt: number): string {
  return `not tried again before ${new Date(failedAt + DOWNLOAD_RETRY_AFTER_MS).toISOString().slice(0, 16)}Z unless --retry-electron-download`;
}

function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h`;
}

/** The executable's path inside a dist directory, as Electron's installer names it (install.js getPlatformPath). */
export function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The short reason an installer's stderr gives: its first line, without the error class name. */
export function shortReason(stderr: string, code: number | null): string {
  const first = stderr
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
  if (first === undefined) return `installer exited with code ${code}`;
  const text = first.replace(/^[A-Za-z]*Error:\s*/, '');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The edge: where to look and how to fetch; tests pass temporary directories and fake installers. */
export interface ElectronEdge {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** node_modules/electron */
  readonly electronDir: string;
  /** Where a failed download is remembered, e.g. node_modules/.cache/kiosk-start/electron-download.json. */
  readonly failureFile: string;
  readonly platform: NodeJS.Platform;
  install(): Promise<InstallOutcome>;
  now(): number;
}

export type ElectronHost =
  | { readonly kind: 'electron'; readonly executable: string; readonly source: 'override' | 'dist' | 'downloaded' }
  | { readonly kind: 'browser'; readonly reason: string | null };

export interface FindElectronOptions {
  readonly host: HostChoice;
  readonly retryDownload: boolean;
  /** Told before the installer runs (it can take minutes online). */
  readonly onDownload?: () => void;
}

/** The host to start: Electron where a binary can be had, else the browser host with the reason (null when chosen). */
export async function findElectronHost(edge: ElectronEdge, options: FindElectronOptions): Promise<ElectronHost> {
  if (options.host === 'browser') return { kind: 'browser', reason: null };
  const facts = gatherFacts(edge, options.retryDownload || options.host === 'electron');
  const decision = decideElectron(facts);
  if (decision.action === 'run') return { kind: 'electron', executable: decision.executable, source: decision.source };
  if (decision.action === 'unavailable') return { kind: 'browser', reason: decision.reason };
  options.onDownload?.();
  const outcome = await edge.install();
  const after = decideAfterInstall(outcome, executableIn(join(edge.electronDir, 'dist'), edge), facts.electronVersion!, edge.now());
  if (after.failure === null) {
    rmSync(edge.failureFile, { force: true });
    return { kind: 'electron', executable: after.decision.executable, source: 'downloaded' };
  }
  mkdirSync(dirname(edge.failureFile), { recursive: true });
  writeFileSync(edge.failureFile, `${JSON.stringify(after.failure)}\n`);
  return { kind: 'browser', reason: after.decision.reason };
}

function gatherFacts(edge: ElectronEdge, retryDownload: boolean): ElectronFacts {
  const overrideDir = edge.env.ELECTRON_OVERRIDE_DIST_PATH || undefined;
  return {
    overrideDir,
    overrideExecutable: overrideDir === undefined ? null : executableAt(join(overrideDir, platformExecutable(edge.platform))),
    distExecutable: executableIn(join(edge.electronDir, 'dist'), edge),
    electronVersion: electronVersion(edge.electronDir),
    lastFailure: readFailure(edge.failureFile),
    retryDownload,
    now: edge.now(),
  };
}

/** The installer records the executable's relative path in path.txt; the platform's name stands in before it has run. */
function executableIn(dist: string, edge: ElectronEdge): string | null {
  let relative = platformExecutable(edge.platform);
  try {
    relative = readFileSync(join(edge.electronDir, 'path.txt'), 'utf8').trim() || relative;
  } catch {
    // No path.txt yet: the platform's name.
  }
  return executableAt(join(dist, relative));
}

function executableAt(path: string): string | null {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

function electronVersion(electronDir: string): string | null {
  try {
    const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/** A missing or unreadable record counts as no failure: the worst case is one more download attempt. */
function readFailure(file: string): DownloadFailure | null {
  try {
    const parsed = DownloadFailureSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface InstallerOptions {
  /** node_modules/electron/install.js */
  readonly script: string;
  /** The project's node (process.execPath under npm start). */
  readonly node: string;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs Electron's installer in its own process, bounded in time; its output is kept for the short reason only. */
export function runElectronInstaller(options: InstallerOptions): Promise<InstallOutcome> {
  return new Promise((resolve) => {
    const child = spawn(options.node, [options.script], { stdio: ['ignore', 'ignore', 'pipe'], env: options.env ?? process.env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ ok: false, reason: `no answer within ${Math.ceil(options.timeoutMs / 1000)} s (offline?)` });
      else if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: shortReason(stderr, code) });
    });
  });
}
