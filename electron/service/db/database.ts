/**
 * The kiosk's SQLite database: configuration, the outbox and the session
 * ledger. Settings from reliability-security.md §1.3: WAL with
 * synchronous=FULL, so a commit the kiosk acknowledged survives power loss
 * when the disk honours flushes (NORMAL could roll back the last
 * transactions; journal_mode=MEMORY or OFF can corrupt on a crash).
 * foreign_keys is off by default and must be set on every connection; the
 * busy timeout lets kioskctl read while the service writes.
 */
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyMigrations } from './migrate.ts';
import { KIOSK_MIGRATIONS } from './migrations/index.ts';

export type KioskDatabase = Database.Database;

export const KIOSK_DATABASE_FILE = 'kiosk.sqlite3';
export const BUSY_TIMEOUT_MS = 5_000;
/**
 * The page cache's bound, in KiB. better-sqlite3 builds SQLite with a 16 MiB
 * default (SQLITE_DEFAULT_CACHE_SIZE=-16000, deps/defines.gypi): as the
 * sessions table grows over months of retention the cache would fill towards
 * it, resident memory that never comes back. The kiosk's statements touch a
 * few pages each (one row by key, the outbox's indexed head): 128 pages hold
 * the B-trees' upper levels and the rows in use. SQLite's own default of
 * 2 MiB filled up the first time an outage queued a few hundred sealed
 * bundles (tens of KiB each, read back once): +1.5–2 MiB of glibc heap that
 * stayed (test/soak, ChileAtiende service). A page not cached is one read
 * from the system's file cache.
 */
export const PAGE_CACHE_KIB = 512;

export class DatabaseOpenFailed extends Error {
  readonly code = 'db.open_failed';
  constructor(path: string, cause: unknown) {
    super(`cannot open the kiosk database at ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseOpenFailed';
  }
}

export function kioskDatabasePath(dataDir: string): string {
  return join(dataDir, KIOSK_DATABASE_FILE);
}

export interface OpenKioskDatabaseOptions {
  /** Inspection without migrating or writing (kioskctl on a database it does not own). */
  readonly readonly?: boolean;
}

/** Opens (creating and migrating if needed). Throws DatabaseFromNewerVersion for a file from a newer build. */
export function openKioskDatabase(path: string, options: OpenKioskDatabaseOptions = {}): KioskDatabase {
  let db: KioskDatabase;
  try {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw new DatabaseOpenFailed(path, cause);
  }
  try {
    if (!options.readonly) {
      // Only the service's user reads the queue's routing data (payloads are sealed regardless).
      chmodSync(path, 0o600);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    if (!options.readonly) applyMigrations(db, KIOSK_MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The schema as text (tables and indexes, in name order): what the snapshot test pins. */
export function schemaText(db: KioskDatabase): string {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name").all() as {
    type: string;
    name: string;
    sql: string;
  }[];
  return rows.map((r) => `${r.sql.trim()};`).join('\n\n');
}

/**
 * Closes the service's connection after moving the write-ahead log into the
 * main file: a stopped kiosk's data then lives in kiosk.sqlite3 alone (a copy
 * or backup of that file is complete). TRUNCATE also empties the -wal when a
 * reader (kioskctl) still holds the database open and SQLite cannot delete it.
 */
export function closeKioskDatabase(db: KioskDatabase): void {
  if (!db.open) return;
  if (!db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
