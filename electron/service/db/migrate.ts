/**
 * The kiosk database's numbered migrations: the shared algorithm
 * (common/node/migrate.ts, also used by the central sandbox) with the kiosk's own
 * typed errors and codes.
 */
import type { Database } from 'better-sqlite3';
import { applyMigrations as applyNumberedMigrations, type Migration } from '../../../common/node/migrate.ts';

export type { Migration } from '../../../common/node/migrate.ts';
export { schemaVersion } from '../../../common/node/migrate.ts';

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

/** Applies the pending migrations; returns the versions applied (empty when up to date). */
export function applyMigrations(db: Database, migrations: readonly Migration[]): number[] {
  return applyNumberedMigrations(db, migrations, {
    newerVersion: (found, supported) => new DatabaseFromNewerVersion(found, supported),
    invalidList: (message) => new MigrationListInvalid(message),
  });
}
