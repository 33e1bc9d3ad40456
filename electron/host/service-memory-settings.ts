/**
 * How both hosts start the kiosk service so that its memory stays flat over
 * months of sessions (`npm run bench -- service-memory` measures
 * the service process from outside). They act only at process start, hence
 * here, in the hosts.
 *
 * - `--max-semi-space-size=8`: V8's young generation. Left to itself, V8 on
 *   this machine grew it step by step to ~100 MiB of resident pages after a
 *   few hundred sessions (each finger image and its analysis is garbage that
 *   survives a scavenge or two), and does not give them back while sessions
 *   follow each other. 8 MiB semi-spaces bound it at a few tens of MiB.
 * - `--expose-gc`: the service collects once it has rested between citizens
 *   (electron/service/idle-collection.ts), between citizens.
 * - glibc's malloc (where it serves Node): at most two arenas instead of
 *   eight per core for the thread pool's crypto and the V8 platform's
 *   threads, and buffers of 64 KiB and more (finger images, sealed bundles)
 *   mapped on their own and returned to the system when freed, instead of
 *   holes left in the main arena; both fixed so glibc's dynamic threshold
 *   does not raise them after the first large free. The holes smaller
 *   allocations leave in the main arena go back at each idle collection
 *   (electron/service/native-heap.ts).
 */
export const SERVICE_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=8', '--expose-gc'];

export const SERVICE_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '65536',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** The service's environment: the malloc settings, unless the host's environment already sets them (an operator's choice wins). */
export function serviceProcessEnv<T extends Readonly<Record<string, string | undefined>>>(env: T): T & Record<string, string | undefined> {
  return { ...SERVICE_MALLOC_ENV, ...env };
}
