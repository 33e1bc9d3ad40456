/**
 * The central sandbox's SQLite connection. Settings from
 * reliability-security.md §1.3: WAL with synchronous=FULL, so a commit that
 * was acknowledged survives power loss as long as the disk honours flushes
 * (NORMAL could roll back the last transactions; OFF or journal_mode=MEMORY
 * can corrupt). foreign_keys is off by default in SQLite and must be set on
 * every connection. A busy timeout lets a second process (a CLI, a test
 * reading the mailbox) wait for the writer instead of failing at once.
 */
import Database from 'better-sqlite3';
import { applyMigrations } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type CentralDatabase = Database.Database;

export const BUSY_TIMEOUT_MS = 5_000;

export interface OpenDatabaseOptions {
  /** Read-only inspection (no migration): for tools that look at a database they do not own. */
  readonly readonly?: boolean;
}

export class DatabaseOpenFailed extends Error {
  readonly code = 'storage.open_failed';
  constructor(path: string, cause: unknown) {
    super(`cannot open the central database at ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseOpenFailed';
  }
}

/**
 * Opens (creating if needed) and migrates the database at `path`. Throws
 * DatabaseFromNewerVersion for a file written by a newer build.
 */
export function openCentralDatabase(path: string, options: OpenDatabaseOptions = {}): CentralDatabase {
  let db: CentralDatabase;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw new DatabaseOpenFailed(path, cause);
  }
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) applyMigrations(db, MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The schema as text (tables and indexes, in name order): what the snapshot test pins. */
export function schemaText(db: CentralDatabase): string {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name").all() as {
    type: string;
    name: string;
    sql: string;
  }[];
  return rows.map((r) => `${r.sql.trim()};`).join('\n\n');
}
