/** The heartbeat history stays bounded: a week, and at most HEARTBEAT_ROWS_PER_KIOSK rows per kiosk, pruned as it is written. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCentralDatabase } from '../../../central/storage/index.ts';
import { HEARTBEAT_RETENTION_MS, HEARTBEAT_ROWS_PER_KIOSK, KioskHeartbeats } from '../../../central/storage/kiosk-heartbeats.ts';
import { removeTempDirs, tempDir } from '../domain/support.ts';
import { heartbeatBody } from '../api/heartbeat-fixture.ts';

afterAll(removeTempDirs);
const T = Date.parse('2026-12-07T10:00:00.000Z');

describe('KioskHeartbeats', () => {
  it('keeps at most the newest HEARTBEAT_ROWS_PER_KIOSK per kiosk, without touching another kiosk', () => {
    const db = openCentralDatabase(join(tempDir(), 'central.db'));
    const store = new KioskHeartbeats(db);
    store.record('kiosk-b', 'b-0', heartbeatBody(T), T);
    db.transaction(() => {
      for (let i = 0; i < HEARTBEAT_ROWS_PER_KIOSK + 5; i += 1) store.record('kiosk-a', `a-${i}`, heartbeatBody(T + i * 10_000), T + i * 10_000);
    })();
    const kept = store.recent('kiosk-a');
    expect(kept).toHaveLength(HEARTBEAT_ROWS_PER_KIOSK);
    expect(kept[0]!.heartbeatKey).toBe('a-5');
    expect(kept.at(-1)!.heartbeatKey).toBe(`a-${HEARTBEAT_ROWS_PER_KIOSK + 4}`);
    expect(store.recent('kiosk-b')).toHaveLength(1);
    db.close();
  });

  it('drops what is older than a week behind the newest', () => {
    const db = openCentralDatabase(join(tempDir(), 'central.db'));
    const store = new KioskHeartbeats(db);
    store.record('kiosk-a', 'old', heartbeatBody(T), T);
    store.record('kiosk-a', 'edge', heartbeatBody(T + 1), T + 1);
    store.record('kiosk-a', 'new', heartbeatBody(T + 1 + HEARTBEAT_RETENTION_MS), T + 1 + HEARTBEAT_RETENTION_MS);
    expect(store.recent('kiosk-a').map((h) => h.heartbeatKey)).toEqual(['edge', 'new']);
    expect(store.kioskIds()).toEqual(['kiosk-a']);
    db.close();
  });
});
