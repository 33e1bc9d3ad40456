import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { glibcMallocTrim } from '../../electron/service/native-heap.ts';

const MODULE = fileURLToPath(new URL('../../electron/service/native-heap.ts', import.meta.url));
const PROCESS_MEMORY = fileURLToPath(new URL('../support/process-memory.ts', import.meta.url));

/**
 * A process fragments glibc's main arena the way an outbox burst does (many
 * small native allocations, one in fifty kept alive, so none of the free
 * memory sits at the heap's top where glibc trims on its own), then reads
 * its RSS before and after the release, once the dead buffers are freed.
 */
const FRAGMENT_AND_RELEASE = `
const { glibcMallocTrim } = await import(process.argv[1]);
const { kibFields } = await import(process.argv[2]);
const { readFileSync } = await import('node:fs');
const rssKib = () => kibFields(readFileSync('/proc/self/status', 'utf8'), ['VmRSS']).VmRSS;
const kept = [];
let burst = [];
for (let i = 0; i < 40000; i++) {
  const b = Buffer.alloc(2000 + (i % 7) * 100);
  if (i % 50 === 0) kept.push(b); else burst.push(b);
}
burst = null;
globalThis.gc();
// V8 frees the dead buffers' backing stores on a background thread after the collection: wait for it.
while (process.memoryUsage().arrayBuffers > 4e6) await new Promise((resolve) => setTimeout(resolve, 5));
const before = rssKib();
const released = glibcMallocTrim()();
const after = rssKib();
process.stdout.write(JSON.stringify({ released, before, after, kept: kept.length }));
`;

describe('releasing the free C heap (glibc malloc_trim through koffi)', () => {
  it('gives back the free pages a burst of native allocations left in the arena', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', FRAGMENT_AND_RELEASE, MODULE, PROCESS_MEMORY], {
      encoding: 'utf8',
      // A bound, not a speed budget: the child waits for V8's sweeper, which must not hang the test if it never ends.
      timeout: 120_000,
      // The service's own malloc settings: buffers under 64 KiB come from the arena.
      env: { ...process.env, MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' },
    });
    const { released, before, after, kept } = JSON.parse(out) as { released: boolean; before: number; after: number; kept: number };
    expect(kept).toBe(800);
    expect(released).toBe(true);
    // About 80 MB were allocated and 98% of it freed; the release must give back most of it.
    expect(before - after).toBeGreaterThan(40 * 1024);
  });

  it('binds once and, on a second call with nothing freed since, still answers without error', () => {
    const unavailable: string[] = [];
    const release = glibcMallocTrim((reason) => unavailable.push(reason));
    expect(typeof release()).toBe('boolean');
    expect(typeof release()).toBe('boolean');
    expect(unavailable).toEqual([]);
  });
});
