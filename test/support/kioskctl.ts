/**
 * Runs kioskctl the way a technician does: as a process
 * (`node electron/service/cli/kioskctl.ts …`), JSON on stdout,
 * `{ error: { code, message } }` on stderr, exit codes. Every wait is bounded.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const REPO_ROOT = join(import.meta.dirname, '../..');
export const KIOSKCTL = join(REPO_ROOT, 'electron/service/cli/kioskctl.ts');
export const BOUND_MS = 20_000;

export function kioskctl(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [KIOSKCTL, ...args], { cwd: REPO_ROOT, stdio: 'pipe' });
}

export function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kioskctl did not exit within ${BOUND_MS} ms`));
    }, BOUND_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** For afterEach: a command a failed test left running is killed, and waited for. */
export async function killIfRunning(child: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await exited(child);
}

/** A finished command: its exit code and what it printed. */
export async function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = kioskctl(args);
  child.stdin.end();
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

/** Resolves at the child's 'close' (its stdio drained), bounded by BOUND_MS. Listen before the child can exit. */
export function outputClosed(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kioskctl's output did not close within ${BOUND_MS} ms`)), BOUND_MS);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A long-running command (a simulator): its JSON lines as they come. `next`
 * waits for a line that matches, wherever it stands; `read` takes the lines
 * one by one, in order, for a conversation (one reply a control line).
 */
export function interactive(args: readonly string[]) {
  const child = kioskctl(args);
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const resolve of waiters) resolve();
  };
  let stderr = '';
  let ended = false;
  let taken = 0;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout })
    .on('line', (line) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
      wake();
    })
    // Not on 'exit': the process may have exited before its last lines are read.
    .on('close', () => {
      ended = true;
      wake();
    });
  async function waitFor(look: () => Record<string, unknown> | undefined, what: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + BOUND_MS;
    for (;;) {
      const found = look();
      if (found) return found;
      if (Date.now() > deadline || ended) throw new Error(`${what} from kioskctl; got ${JSON.stringify(lines)} ${stderr}`);
      await new Promise<void>((resolve) => {
        waiters.add(resolve);
        setTimeout(resolve, 100);
      }).finally(() => waiters.clear());
    }
  }
  return {
    child,
    lines,
    stderr: () => stderr,
    send: (line: string) => child.stdin.write(`${line}\n`),
    next: (predicate: (line: Record<string, unknown>) => boolean) => waitFor(() => lines.find(predicate), 'no such line'),
    read: () => waitFor(() => (taken < lines.length ? lines[taken++] : undefined), `no line after the first ${taken}`),
  };
}
