/**
 * Numbered migrations tracked by PRAGMA user_version (CONVENTIONS.md,
 * "Migrations are numbered files"): every pending migration runs inside one
 * transaction together with the version bump, so a crash leaves the database
 * at the old version or the new one, never in between. A database written by
 * a newer build is refused rather than guessed at.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3 … with no gaps: the value user_version takes once it has run. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class DatabaseFromNewerVersion extends Error {
  readonly code = 'storage.newer_version';
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(`database schema version ${found} is newer than this build supports (${supported}); refusing to open it`);
    this.name = 'DatabaseFromNewerVersion';
    this.found = found;
    this.supported = supported;
  }
}

export class MigrationListInvalid extends Error {
  readonly code = 'storage.migrations_invalid';
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
  const pending = migrations.slice(current);
  if (pending.length === 0) return [];
  // IMMEDIATE: take the write lock before reading user_version again, so two
  // processes opening the same file cannot both run the same migration.
  db.transaction(() => {
    const again = schemaVersion(db);
    if (again > latest) throw new DatabaseFromNewerVersion(again, latest);
    for (const m of migrations.slice(again)) db.exec(m.sql);
    // PRAGMA takes no bound parameters; latest is an integer we computed.
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return pending.map((m) => m.version);
}
