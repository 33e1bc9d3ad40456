/**
 * Giving glibc's free heap back to the system between citizens.
 *
 * glibc's malloc serves Node's own allocations (SQLite's pages and
 * statements, OpenSSL's records, small Buffers, the thread pool's crypto)
 * from its main arena, which grows with brk. Free memory inside that heap
 * goes back to the system only from its top; a burst of work (after a
 * central outage, the outbox sealing and delivering hundreds of deferred
 * enrollments) leaves free holes below live chunks that stay resident for
 * good. Measured on the ChileAtiende service at rest after an outage, under
 * gdb: 39.7 MB of main arena, 10.4 MB of it free; `malloc_trim(0)` cut the
 * process's RSS by 9.7 MiB. `malloc_trim` also releases the free pages in
 * the middle of the heap (madvise), which no malloc tunable does.
 *
 * Node has no binding for it, so it is called through koffi (a C FFI whose
 * npm package ships prebuilt Node-API binaries: nothing is compiled). It is
 * glibc's: on any other C library, or where the binding cannot be loaded,
 * there is nothing to call and the kiosk simply keeps that memory.
 *
 * Where it matters: the service on plain Node (the browser host, the soak,
 * `npm start`), whose malloc is glibc's. In the packaged app Electron's
 * allocator shim hands malloc to Chromium's PartitionAlloc in the utility
 * process (reported by Electron's and VS Code's maintainers for Node hosts
 * in utility processes); PartitionAlloc purges its own free pages, and the
 * call finds little in glibc's heap there. Not measured here: Electron
 * cannot run on the development machine.
 */
import { createRequire } from 'node:module';

/** Releases free heap memory to the system; true when glibc gave some back. */
export type ReleaseFreeHeap = () => boolean;

interface Koffi {
  load(path: string): { func(signature: string): (pad: number) => number };
}

/**
 * glibc's `malloc_trim(0)`. It is bound on the first call, at the first
 * rest, not at start-up (that first call, koffi's load included, took 23 ms
 * here on a fragmented 80 MB heap; a later one 0.9 ms); where it cannot be
 * bound (not glibc: there is no libc.so.6; or no koffi binary
 * for this platform) `onUnavailable` hears why, once, and every call
 * returns false.
 */
export function glibcMallocTrim(onUnavailable?: (reason: string) => void): ReleaseFreeHeap {
  let trim: ((pad: number) => number) | null | undefined;
  return () => {
    if (trim === undefined) {
      try {
        const koffi = createRequire(import.meta.url)('koffi') as Koffi;
        trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
      } catch (error) {
        trim = null;
        onUnavailable?.(error instanceof Error ? error.message : String(error));
      }
    }
    return trim !== null && trim(0) === 1;
  };
}
