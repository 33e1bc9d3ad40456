/**
 * Loaded into the kiosk service only by `service-memory.bench.ts --probe` and the soak
 * (NODE_OPTIONS="--expose-gc --import=…" in the service child's environment;
 * never by a host): on SIGUSR2 it collects garbage and writes the process's
 * own split of its memory — V8 heap, external (Buffers and ArrayBuffers),
 * array buffers — to the file named by KIOSK_BENCH_MEMORY_PROBE, so the
 * bench can tell JavaScript's share of the RSS it reads from /proc.
 */
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

const target = process.env.KIOSK_BENCH_MEMORY_PROBE;
if (target !== undefined && target !== '') {
  process.on('SIGUSR2', () => {
    // KIOSK_BENCH_MEMORY_PROBE_GC=0: as the process is (the soak reads a kiosk at rest, after its own collections).
    if (process.env.KIOSK_BENCH_MEMORY_PROBE_GC !== '0') (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    const heap = getHeapStatistics();
    writeFileSync(
      target,
      JSON.stringify({
        rss: usage.rss,
        heapUsed: usage.heapUsed,
        heapTotal: usage.heapTotal,
        external: usage.external,
        arrayBuffers: usage.arrayBuffers,
        mallocedMemory: heap.malloced_memory,
        nativeContexts: heap.number_of_native_contexts,
        handles: process.getActiveResourcesInfo().length,
        // What each V8 space holds in RAM (new_space, old_space, code_space, large_object_space …).
        ...Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.physical_space_size])),
      }),
    );
  });
}
