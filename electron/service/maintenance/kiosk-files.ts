/**
 * The kiosk as maintenance finds it on disk: the SQLite database in its
 * data directory, and the configuration stored there.
 *
 * Commands that only look (config get, queue status, selftest) open the
 * database read-only, so they never migrate or write a database the running
 * service owns; commands that change something (config set, register, queue
 * retry) open it read-write and write in one transaction. SQLite's busy
 * timeout (database.ts) lets either run beside the service.
 */
import { existsSync } from 'node:fs';
import { KioskConfigStore } from '../config/kiosk-config.ts';
import { DEFAULT_SERVICE_CONFIG, type ServiceConfig } from '../config/service-config.ts';
import { DatabaseOpenFailed, type KioskDatabase, kioskDatabasePath, openKioskDatabase } from '../db/database.ts';
import { MaintenanceError, message, technicalDetail } from './maintenance-error.ts';

export type DatabaseAccess = 'read' | 'write';

/**
 * Opens the kiosk database. Read access needs the file to exist (a wrong
 * --data-dir must not look like an empty kiosk); write access creates and
 * migrates it, as the service's first start would, unless `create` is false.
 */
export function openDatabase(dataDir: string, access: DatabaseAccess, create = access === 'write'): KioskDatabase {
  const path = kioskDatabasePath(dataDir);
  if (!create && !existsSync(path)) {
    throw new MaintenanceError('db.not_found', message('dbNotFound', { path }));
  }
  try {
    return openKioskDatabase(path, { readonly: access === 'read' });
  } catch (error) {
    if (error instanceof DatabaseOpenFailed) throw new MaintenanceError(error.code, message('dbOpenFailed', { detail: error.message }), { cause: error });
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'db.newer_version')
      throw new MaintenanceError('db.newer_version', message('dbNewerVersion', { detail: technicalDetail(error) }), { cause: error });
    throw error;
  }
}

/** Runs `work` with the database open, and closes it whatever happens. */
export async function withDatabase<T>(
  dataDir: string,
  access: DatabaseAccess,
  work: (db: KioskDatabase) => T | Promise<T>,
  create = access === 'write',
): Promise<T> {
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
