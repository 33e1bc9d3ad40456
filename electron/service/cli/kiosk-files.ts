/**
 * The kiosk as kioskctl finds it on disk: its data directory (--data-dir,
 * else KIOSK_DATA_DIR, else the checkout's .kiosk-data, as npm start uses), the SQLite database
 * in it, and the configuration stored there.
 *
 * Commands that only look (config get, queue status, selftest) open the
 * database read-only, so they never migrate or write a database the running
 * service owns; commands that change something (config set, register, queue
 * retry) open it read-write and write in one transaction. SQLite's busy
 * timeout (database.ts) lets either run beside the service.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KioskConfigStore } from '../config/kiosk-config.ts';
import { ConfigError, dataDirFromEnv, DEFAULT_SERVICE_CONFIG, type Env, type ServiceConfig } from '../config/service-config.ts';
import { DatabaseOpenFailed, type KioskDatabase, kioskDatabasePath, openKioskDatabase } from '../db/database.ts';
import { CliError, EXIT_CODES } from './cli-command.ts';

/** `--data-dir` wins; then KIOSK_DATA_DIR; then the default the service itself uses (dataDirFromEnv). */
export function resolveDataDir(option: string | undefined, env: Env = process.env): string {
  if (option !== undefined) {
    if (option.trim() === '') throw new CliError('usage', '--data-dir needs a directory');
    return resolve(option);
  }
  try {
    return resolve(dataDirFromEnv(env));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.code, error.message, EXIT_CODES.invalidConfiguration, error.field);
    throw error;
  }
}

export type DatabaseAccess = 'read' | 'write';

/**
 * Opens the kiosk database. Read access needs the file to exist (a wrong
 * --data-dir must not look like an empty kiosk); write access creates and
 * migrates it, as the service's first start would, unless `create` is false.
 */
export function openDatabase(dataDir: string, access: DatabaseAccess, create = access === 'write'): KioskDatabase {
  const path = kioskDatabasePath(dataDir);
  if (!create && !existsSync(path)) {
    throw new CliError(
      'db.not_found',
      `no kiosk database at ${path}: check --data-dir (or KIOSK_DATA_DIR); the kiosk creates it at its first start, and "kioskctl config set" creates it too`,
    );
  }
  try {
    return openKioskDatabase(path, { readonly: access === 'read' });
  } catch (error) {
    if (error instanceof DatabaseOpenFailed) throw new CliError(error.code, error.message);
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'db.newer_version') throw new CliError('db.newer_version', `${(error as Error).message}; use the kioskctl of the installed kiosk version`);
    throw error;
  }
}

/** Runs `work` with the database open, and closes it whatever happens. */
export async function withDatabase<T>(dataDir: string, access: DatabaseAccess, work: (db: KioskDatabase) => T | Promise<T>, create = access === 'write'): Promise<T> {
  const db = openDatabase(dataDir, access, create);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

export interface StoredConfiguration {
  readonly config: ServiceConfig;
  /** False before the first start (or the first `config set`): the defaults are shown, nothing is stored yet. */
  readonly stored: boolean;
  /** When the document was last written (ISO 8601 UTC), or null. */
  readonly updatedAt: string | null;
}

/** The stored configuration (or the defaults before there is one). Throws ConfigError, naming the field, for a document that does not pass. */
export function loadConfiguration(db: KioskDatabase, dataDir: string): StoredConfiguration {
  const config = new KioskConfigStore(db, { dataDir }).load();
  if (config === null) return { config: { ...DEFAULT_SERVICE_CONFIG, dataDir }, stored: false, updatedAt: null };
  const row = db.prepare('SELECT updated_at FROM kiosk_config WHERE id = 1').get() as { updated_at: string } | undefined;
  return { config, stored: true, updatedAt: row?.updated_at ?? null };
}
