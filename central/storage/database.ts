/**
 * The central sandbox's SQLite connection. Settings from
 * reliability-security.md §1.3: WAL with synchronous=FULL, so a commit that
 * was acknowledged survives power loss as long as the disk honours flushes
 * (NORMAL could roll back the last transactions; OFF or journal_mode=MEMORY
 * can corrupt). foreign_keys is off by default in SQLite and must be set on
 * every connection. A busy timeout lets a second process (a CLI, a test
 * reading the mailbox) wait for the writer instead of failing at once.
 *
 * The database holds the registry, password hashes and the audit trail with
 * RUNs: it is created 0600 before SQLite opens it, and SQLite gives its -wal
 * and -shm files the database file's mode. An older, looser file is tightened
 * (no secret key lives in it, unlike the files pki-files.ts refuses).
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { applyMigrations } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type CentralDatabase = Database.Database;

export const BUSY_TIMEOUT_MS = 5_000;

export interface OpenDatabaseOptions {
  /** Read-only inspection (no migration): for tools that look at a database they do not own. */
  readonly readonly?: boolean;
}

export const DATABASE_FILE_MODE = 0o600;

/** POSIX permission bits mean nothing on Windows (ACLs decide there). */
const CHECK_MODES = process.platform !== 'win32';

function ownerOnly(path: string): void {
  if (!CHECK_MODES || path === ':memory:' || path === '' || path.startsWith('file:')) return;
  closeSync(openSync(path, 'a', DATABASE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, DATABASE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
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
    if (!options.readonly) ownerOnly(path);
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
