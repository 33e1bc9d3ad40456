/**
 * For the tests of kioskctl's kiosk commands: runs kioskctl as a process
 * with a chosen environment and stdin (test/support/kioskctl.ts inherits
 * the test's), gives each test its own data directory, and reads what a
 * command left in the kiosk database. Every wait is bounded (BOUND_MS).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BOUND_MS, exited, KIOSKCTL, outputClosed, REPO_ROOT } from '../../support/kioskctl.ts';

export { BOUND_MS };

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** kioskctl ARGS with KIOSK_DATA_DIR removed from the environment unless `env` sets it. */
export async function kioskctl(args: readonly string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliRun> {
  const { KIOSK_DATA_DIR: _notInherited, ...inherited } = process.env;
  const child = spawn(process.execPath, [KIOSKCTL, ...args], { cwd: REPO_ROOT, stdio: 'pipe', env: { ...inherited, ...options.env } });
  child.stdin.end(options.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = outputClosed(child);
  const code = await exited(child);
  // 'exit' may come before the last of stdout has been read (on a busy machine it does): the output is whole at 'close'.
  await closed;
  return { code, stdout, stderr };
}

/** The one JSON document a command printed. */
export function json(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

/** JSON lines (selftest). */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The error document on stderr. */
export function cliError(run: CliRun): { code: string; message: string; field?: string } {
  return (JSON.parse(run.stderr) as { error: { code: string; message: string; field?: string } }).error;
}

const dirs: string[] = [];
export function tempDir(prefix = 'kioskctl-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface StoredState {
  readonly document: string | null;
  readonly updatedAt: string | null;
  readonly outbox: { id: number; kind: string; stream: string; state: string; body: string }[];
}

/** What the kiosk database holds now (opened read-only, closed again). */
export function storedState(dataDir: string): StoredState {
  const db = new Database(join(dataDir, 'kiosk.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT document, updated_at FROM kiosk_config WHERE id = 1').get() as { document: string; updated_at: string } | undefined;
    const outbox = db.prepare('SELECT id, kind, stream, state, body FROM outbox ORDER BY id').all() as StoredState['outbox'];
    return { document: row?.document ?? null, updatedAt: row?.updated_at ?? null, outbox };
  } finally {
    db.close();
  }
}

/** The audit events queued in the outbox, parsed. */
export function auditEvents(dataDir: string): { type: string; outcome: string; detail?: Record<string, unknown>; subject?: string }[] {
  return storedState(dataDir)
    .outbox.filter((row) => row.kind === 'audit-events')
    .flatMap((row) => (JSON.parse(row.body) as { events: { type: string; outcome: string; detail?: Record<string, unknown>; subject?: string }[] }).events);
}
