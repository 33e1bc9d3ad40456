import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../../electron/service/outbox/outbox.ts';
import { DEFAULT_MAX_PENDING_ROWS, DEFAULT_MIN_FREE_BYTES, StorageGuard, type FreeSpace } from '../../../electron/service/outbox/storage-guard.ts';
import { auditMessage, removeTempDirs, tempDatabase, tempDir } from './support/outbox-fixtures.ts';

afterAll(removeTempDirs);

const MiB = 1024 * 1024;
const disk =
  (freeBytes: number): ((path: string) => FreeSpace) =>
  () => ({ bavail: BigInt(freeBytes / 4096), bsize: 4096n });
const queue = (rows: number) => ({ pendingCount: () => rows });

describe('the storage guard', () => {
  it('refuses below 200 MiB free or at 10,000 pending rows, by default', () => {
    expect(DEFAULT_MIN_FREE_BYTES).toBe(200 * MiB);
    expect(DEFAULT_MAX_PENDING_ROWS).toBe(10_000);
    const guard = (free: number, rows: number) => new StorageGuard({ dataDir: '/data', outbox: queue(rows), statfs: disk(free) }).check();
    expect(guard(200 * MiB, 9_999)).toEqual({ ok: true, freeBytes: 200 * MiB, pendingRows: 9_999 });
    expect(guard(200 * MiB - 4096, 0)).toEqual({ ok: false, reason: 'disk_low', freeBytes: 200 * MiB - 4096, pendingRows: 0 });
    expect(guard(4 * 1024 * MiB, 10_000)).toEqual({ ok: false, reason: 'queue_full', freeBytes: 4 * 1024 * MiB, pendingRows: 10_000 });
    expect(guard(0, 20_000)).toMatchObject({ ok: false, reason: 'disk_low' }); // the disk is the more urgent of the two
  });

  it('takes other thresholds', () => {
    const guard = new StorageGuard({ dataDir: '/data', outbox: queue(5), statfs: disk(64 * MiB), minFreeBytes: 32 * MiB, maxPendingRows: 6 });
    expect(guard.check().ok).toBe(true);
    expect(new StorageGuard({ dataDir: '/data', outbox: queue(6), statfs: disk(64 * MiB), minFreeBytes: 32 * MiB, maxPendingRows: 6 }).check()).toMatchObject({
      ok: false,
      reason: 'queue_full',
    });
    expect(() => new StorageGuard({ dataDir: '/data', outbox: queue(0), maxPendingRows: 0 })).toThrow(RangeError);
    expect(() => new StorageGuard({ dataDir: '/data', outbox: queue(0), minFreeBytes: -1 })).toThrow(RangeError);
  });

  it('fails closed when the free space cannot be read', () => {
    const guard = new StorageGuard({
      dataDir: '/gone',
      outbox: queue(0),
      statfs: () => {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
    });
    expect(guard.check()).toEqual({ ok: false, reason: 'disk_low', freeBytes: 0, pendingRows: 0 });
    expect(new StorageGuard({ dataDir: join(tempDir(), 'missing'), outbox: queue(0) }).check()).toMatchObject({ ok: false, reason: 'disk_low' });
  });

  it('counts the real outbox’s pending rows (dead rows are not waiting) and reads the real disk', () => {
    const { db } = tempDatabase();
    const outbox = new Outbox(db);
    for (let i = 0; i < 3; i++) outbox.enqueue(auditMessage('a'));
    const row = outbox.claim('w', 1_000)!;
    outbox.deadLetter(row.id, 'w', 'http_400');
    const guard = new StorageGuard({ dataDir: tempDir(), outbox, minFreeBytes: 0, maxPendingRows: 3 });
    const result = guard.check();
    expect(result).toMatchObject({ ok: true, pendingRows: 2 });
    expect(result.freeBytes).toBeGreaterThan(0);
    outbox.enqueue(auditMessage('a'));
    expect(guard.check()).toMatchObject({ ok: false, reason: 'queue_full', pendingRows: 3 });
  });
});
