/**
 * The outbox as a technician reads it (kioskctl queue status, technician
 * mode's queue, the diagnostics bundle): counts, ages and dead-letter
 * reasons; never a row's contents (they are sealed to central).
 */
import type { OutboxStats } from '../outbox/outbox.ts';

const DAY_MS = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The outbox's stats as a technician reads them: times as UTC ISO strings, ages in hours as well. */
export function queueView(stats: OutboxStats, maxAgeDays: number, now: number) {
  return {
    pending: stats.pending,
    inFlight: stats.inFlight,
    dead: stats.dead,
    oldestPending:
      stats.oldestPendingAgeMs === null
        ? null
        : { since: iso(now - stats.oldestPendingAgeMs), ageHours: Math.round((stats.oldestPendingAgeMs / 3_600_000) * 10) / 10 },
    maxAgeDays,
    byKind: stats.byKind,
    deadRows: stats.deadRows.map((row) => ({
      id: row.id,
      kind: row.kind,
      stream: row.stream,
      reason: row.reason,
      attempts: row.attempts,
      createdAt: iso(row.createdAt),
      deadAt: iso(row.deadAt),
      retryable: now - row.createdAt < maxAgeDays * DAY_MS,
    })),
  };
}
