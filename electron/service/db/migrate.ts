/**
 * Numbered migrations tracked by PRAGMA user_version (CONVENTIONS.md,
 * "Migrations are numbered files"): every pending migration runs inside one
 * IMMEDIATE transaction together with the version bump, so a crash leaves the
 * database at the old version or the new one, never in between. A database
 * written by a newer build is refused rather than guessed at.
 *
 * central/storage/migrate.ts does the same for the sandbox; the architecture
 * forbids the kiosk from importing central/, so the kiosk keeps its own copy.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3 … with no gaps: the value user_version takes once it has run. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class DatabaseFromNewerVersion extends Error {
  readonly code = 'db.newer_version';
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(`kiosk database schema version ${found} is newer than this build supports (${supported}); refusing to open it`);
    this.name = 'DatabaseFromNewerVersion';
    this.found = found;
    this.supported = supported;
  }
}

export class MigrationListInvalid extends Error {
  readonly code = 'db.migrations_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'MigrationListInvalid';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the pending migrations; returns the versions applied (empty when up to date). */
export function applyMigrations(db: Database, migrations: readonly Migration[]): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new MigrationListInvalid(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseFromNewerVersion(current, latest);
  if (current === latest) return [];
  let applied: number[] = [];
  // IMMEDIATE takes the write lock before user_version is read again, so two
  // processes opening the same file cannot both run the same migration.
  db.transaction(() => {
    const again = schemaVersion(db);
    if (again > latest) throw new DatabaseFromNewerVersion(again, latest);
    const pending = migrations.slice(again);
    for (const m of pending) db.exec(m.sql);
    // PRAGMA takes no bound parameters; latest is an integer we computed.
    db.pragma(`user_version = ${latest}`);
    applied = pending.map((m) => m.version);
  }).immediate();
  return applied;
}
