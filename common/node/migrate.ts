/**
 * Numbered migrations tracked by PRAGMA user_version (CONVENTIONS.md,
 * "Migrations are numbered files"): every pending migration runs inside one
 * IMMEDIATE transaction together with the version bump, so a crash leaves the
 * database at the old version or the new one, never in between. A database
 * written by a newer build is refused rather than guessed at.
 *
 * The kiosk (electron/service/db) and the central sandbox (central/storage)
 * both migrate this way and must not share code with each other; they share
 * this module, which imports nothing of ours. Each passes in its own typed
 * errors, so each keeps its own stable error codes.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3 … with no gaps: the value user_version takes once it has run. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The errors a caller's layer reports for the two refusals. */
export interface MigrationRefusals {
  newerVersion(found: number, supported: number): Error;
  invalidList(message: string): Error;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the pending migrations; returns the versions this call applied
 * (empty when up to date, or when another connection applied them first).
 */
export function applyMigrations(db: Database, migrations: readonly Migration[], refusals: MigrationRefusals): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw refusals.invalidList(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) throw refusals.newerVersion(current, latest);
  if (current === latest) return [];
  let applied: number[] = [];
  // IMMEDIATE takes the write lock before user_version is read again, so two processes opening the same file
  // cannot both run the same migration, and what this call reports is what it ran under that lock, not what it
  // read before another process got there first.
  db.transaction(() => {
    const again = schemaVersion(db);
    if (again > latest) throw refusals.newerVersion(again, latest);
    const pending = migrations.slice(again);
    for (const m of pending) db.exec(m.sql);
    // PRAGMA takes no bound parameters; latest is an integer we computed.
    db.pragma(`user_version = ${latest}`);
    applied = pending.map((m) => m.version);
  }).immediate();
  return applied;
}
