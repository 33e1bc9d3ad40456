/**
 * Refuses new enrollments before the kiosk's disk or its outbox fills up. An
 * offline kiosk keeps queueing sealed enrollments for days; if SQLite ran out
 * of space in the middle of a session, the citizen would have given their
 * card, finger and contact details for nothing, and other writes (the
 * ledger, audit rows) would start failing too. The session asks `check()`
 * before it starts capturing, and says plainly that the kiosk cannot take
 * enrollments now (ERROR_CATALOGUE `session.storage_full`).
 *
 * Thresholds: 200 MiB free leaves room for SQLite's WAL and checkpoints, the
 * logs and an update long before the filesystem is full; 10,000 pending rows
 * is weeks of a busy kiosk's traffic (a few rows per enrollment), so reaching
 * it means delivery has been failing for far longer than any row may wait.
 * Both are options. A failing statfs (the data directory is gone) counts as
 * no space: the guard fails closed.
 */
import { statfsSync } from 'node:fs';

export const DEFAULT_MIN_FREE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_PENDING_ROWS = 10_000;

/** The two fields of fs.StatFs the guard reads (numbers or bigints, as statfsSync returns them). */
export interface FreeSpace {
  readonly bavail: number | bigint;
  readonly bsize: number | bigint;
}

export interface StorageGuardOptions {
  readonly dataDir: string;
  /** What is waiting to be delivered; Outbox satisfies it. */
  readonly outbox: { pendingCount(): number };
  readonly minFreeBytes?: number;
  readonly maxPendingRows?: number;
  /** Injectable for tests; default fs.statfsSync. */
  readonly statfs?: (path: string) => FreeSpace;
}

export type StorageCheck =
  | { readonly ok: true; readonly freeBytes: number; readonly pendingRows: number }
  | { readonly ok: false; readonly reason: 'disk_low' | 'queue_full'; readonly freeBytes: number; readonly pendingRows: number };

export class StorageGuard {
  readonly #dataDir: string;
  readonly #outbox: { pendingCount(): number };
  readonly #statfs: (path: string) => FreeSpace;
  readonly minFreeBytes: number;
  readonly maxPendingRows: number;

  constructor(options: StorageGuardOptions) {
    this.#dataDir = options.dataDir;
    this.#outbox = options.outbox;
    this.#statfs = options.statfs ?? ((path) => statfsSync(path));
    this.minFreeBytes = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
    this.maxPendingRows = options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS;
    if (!Number.isFinite(this.minFreeBytes) || this.minFreeBytes < 0) throw new RangeError('minFreeBytes must be a number ≥ 0');
    if (!Number.isInteger(this.maxPendingRows) || this.maxPendingRows < 1) throw new RangeError('maxPendingRows must be a whole number ≥ 1');
  }

  /** Bytes an unprivileged process may still write under the data directory; 0 when it cannot be read. */
  freeBytes(): number {
    try {
      const { bavail, bsize } = this.#statfs(this.#dataDir);
      const free = Number(bavail) * Number(bsize);
      return Number.isFinite(free) && free > 0 ? free : 0;
    } catch {
      return 0;
    }
  }

  check(): StorageCheck {
    const freeBytes = this.freeBytes();
    const pendingRows = this.#outbox.pendingCount();
    if (freeBytes < this.minFreeBytes) return { ok: false, reason: 'disk_low', freeBytes, pendingRows };
    if (pendingRows >= this.maxPendingRows) return { ok: false, reason: 'queue_full', freeBytes, pendingRows };
    return { ok: true, freeBytes, pendingRows };
  }
}
