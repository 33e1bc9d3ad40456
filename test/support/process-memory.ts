/**
 * A process's memory read from outside (/proc), and from inside through the
 * probe module (test/bench/service-memory-probe.ts) when the process loaded
 * it: the service-memory bench and the soak say with these where a service's
 * resident memory is.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const MEMORY_PROBE_MODULE = join(import.meta.dirname, '../bench/service-memory-probe.ts');

export function kibFields(text: string, fields: readonly string[]): Record<string, number> {
  return Object.fromEntries(fields.map((f) => [f, Number(new RegExp(`^${f}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN)]));
}

/**
 * Resident anonymous memory by kind of mapping, from /proc/<pid>/smaps: `[heap]` is glibc's main arena (brk);
 * 256 KiB mappings are V8's heap pages (its page size; a heuristic: nothing else here maps exactly that); the
 * other anonymous mappings are glibc's thread arenas, large malloc()s served by mmap, and V8's large objects.
 */
export function residentByMapping(pid: number): { brkHeap: number; v8Pages: number; otherAnon: number } {
  const totals = { brkHeap: 0, v8Pages: 0, otherAnon: 0 };
  let kind: keyof typeof totals | null = null;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const size = (parseInt(mapping[2]!, 16) - parseInt(mapping[1]!, 16)) / 1024;
      const name = mapping[3]!;
      kind = name === '[heap]' ? 'brkHeap' : name !== '' ? null : size === 256 ? 'v8Pages' : 'otherAnon';
    } else if (kind !== null && line.startsWith('Rss:')) totals[kind] += Number(/(\d+)/.exec(line)![1]);
  }
  return totals;
}

/** The environment that makes a Node child load the probe, answering SIGUSR2 into `file` (with a forced GC first unless `gc` is false). */
export function memoryProbeEnv(file: string, nodeOptions: string | undefined, gc = true): NodeJS.ProcessEnv {
  return {
    NODE_OPTIONS: `${nodeOptions ?? ''} --expose-gc --import=${MEMORY_PROBE_MODULE}`.trim(),
    KIOSK_BENCH_MEMORY_PROBE: file,
    KIOSK_BENCH_MEMORY_PROBE_GC: gc ? '1' : '0',
  };
}

/** Asks the probe in process `pid` for its split (bytes), or undefined when it does not answer within about 5 s. */
export async function readMemoryProbe(pid: number, file: string): Promise<Record<string, number> | undefined> {
  rmSync(file, { force: true });
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return undefined;
  }
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  for (let i = 0; i < 40; i++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return undefined;
}
