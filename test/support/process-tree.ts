/**
 * Linux processes read from /proc, for tests that check what a kiosk leaves
 * running. A process is named by its PID and its start time (stat field 22),
 * so a PID the kernel reuses is not taken for the process that had it.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  readonly startTime: string;
  readonly command: string;
}

function readStat(pid: number): ProcessEntry | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself hold spaces or parentheses: split after the last one.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, state: fields[0]!, ppid: Number(fields[1]), startTime: fields[19]!, command };
  } catch {
    return null; // gone while being read
  }
}

export function allProcesses(): ProcessEntry[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((entry): entry is ProcessEntry => entry !== null);
}

/** Every process below `pid` (children, their children …), at this instant. */
export function descendants(pid: number): ProcessEntry[] {
  const all = allProcesses();
  const found: ProcessEntry[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const entry of all.filter((e) => e.ppid === parent)) {
      found.push(entry);
      queue.push(entry.pid);
    }
  }
  return found;
}

/** Still running: same PID, same start time, not a zombie waiting to be reaped. */
export function isAlive(entry: ProcessEntry): boolean {
  const now = readStat(entry.pid);
  return now !== null && now.startTime === entry.startTime && now.state !== 'Z' && now.state !== 'X';
}

/** Processes whose environment holds `marker` (e.g. a test's own data directory): what a run left behind, reparented or not. */
export function processesWithEnv(marker: string): ProcessEntry[] {
  return allProcesses().filter((entry) => {
    if (entry.pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${entry.pid}/environ`, 'utf8').includes(marker) && isAlive(entry);
    } catch {
      return false;
    }
  });
}

/**
 * Resolves with the processes of `entries` still alive once each has gone or
 * `boundMs` has passed (a hang guard: the test fails on the survivors, not on
 * how fast they went).
 */
export async function survivorsAfter(entries: readonly ProcessEntry[], boundMs: number): Promise<ProcessEntry[]> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const alive = entries.filter(isAlive);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits (bounded) until `condition` holds for the tree below `pid`; returns that tree. */
export async function treeWhen(pid: number, condition: (tree: ProcessEntry[]) => boolean, boundMs: number): Promise<ProcessEntry[]> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const tree = descendants(pid);
    if (condition(tree)) return tree;
    if (Date.now() > deadline)
      throw new Error(`process tree of ${pid} never matched within ${boundMs} ms:\n${tree.map((e) => `${e.pid} ${e.command}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
