/**
 * Shared by the outbox tests: kiosk databases in temp directories, a clock
 * the test moves, a manual scheduler for the worker, a seeded PRNG and
 * message factories. No vitest import, so the benchmark can use it too.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kioskDatabasePath, openKioskDatabase, type KioskDatabase } from '../../../../electron/service/db/database.ts';
import type { DeliveryScheduler } from '../../../../electron/service/outbox/delivery-worker.ts';
import type { OutboxKind, OutboxMessage } from '../../../../electron/service/outbox/outbox.ts';

const dirs: string[] = [];

export function tempDir(prefix = 'kiosk-outbox-', base = tmpdir()): string {
  const dir = mkdtempSync(join(base, prefix));
  dirs.push(dir);
  return dir;
}

/**
 * A folder in memory (tmpfs) where the machine has one, for tests of logic
 * rather than durability: with synchronous=FULL every commit is an fsync, and
 * on a disk shared with other work its latency, not the code, would set the
 * test's duration. The crash-safety tests keep their files on disk.
 */
export function memoryBackedTempDir(prefix: string): string {
  return tempDir(prefix, existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempDatabase(): { path: string; db: KioskDatabase } {
  const path = kioskDatabasePath(tempDir());
  return { path, db: openKioskDatabase(path) };
}

export const T0 = Date.parse('2026-11-21T12:00:00Z');

export interface ManualClock {
  now: number;
  (): number;
  advance(ms: number): void;
}

export function manualClock(start = T0): ManualClock {
  const clock = (() => clock.now) as ManualClock;
  clock.now = start;
  clock.advance = (ms: number) => {
    clock.now += ms;
  };
  return clock;
}

/** Timers on a manual clock: `advance` moves time and fires what fell due, in order, letting promises settle between. */
export interface ManualScheduler extends DeliveryScheduler {
  readonly clock: ManualClock;
  /** When the next timer fires (null when none is armed). */
  nextTimerAt(): number | null;
  advance(ms: number): Promise<void>;
}

export function manualScheduler(clock: ManualClock = manualClock()): ManualScheduler {
  let seq = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    clock,
    now: () => clock.now,
    after(ms, callback) {
      const id = ++seq;
      timers.set(id, { at: clock.now + ms, callback });
      return () => timers.delete(id);
    },
    nextTimerAt() {
      let next: number | null = null;
      for (const t of timers.values()) if (next === null || t.at < next) next = t.at;
      return next;
    },
    async advance(ms) {
      // Let a delivery already in flight finish at the current time before time moves.
      await settle();
      const end = clock.now + ms;
      for (;;) {
        let nextId: number | undefined;
        let nextAt = Number.POSITIVE_INFINITY;
        for (const [id, t] of timers) if (t.at <= end && t.at < nextAt) [nextId, nextAt] = [id, t.at];
        if (nextId === undefined) break;
        const timer = timers.get(nextId)!;
        timers.delete(nextId);
        clock.now = Math.max(clock.now, timer.at);
        timer.callback();
        await settle();
      }
      clock.now = end;
      await settle();
    },
  };
}

/** mulberry32: small, seeded, good enough for jitter and test schedules. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let counter = 0;
/** An audit-events message (plain JSON, nothing personal) on `stream`. */
export function auditMessage(stream = 'audit', overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  counter += 1;
  const eventId = `evt-${counter}`;
  return {
    stream,
    kind: 'audit-events' as OutboxKind,
    idempotencyKey: `key-${counter}-${Math.random().toString(36).slice(2, 10)}`,
    body: JSON.stringify({ events: [{ eventId, at: new Date(T0).toISOString(), type: 'session.started', outcome: 'ok' }] }),
    keyId: null,
    ...overrides,
  };
}

/** The (synthetic) email a crash-writer row's bundle carries: derived from its key, so a test can find each key's effect at central. */
export const emailForKey = (key: string) => `${key}@example.cl`;
