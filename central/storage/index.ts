/**
 * central/storage: the sandbox's SQLite database (WAL + synchronous=FULL,
 * numbered migrations), the registry seed and the server secret.
 */
import type { PopulationOptions } from '../../synthetic/index.ts';
import { type CentralDatabase, openCentralDatabase } from './database.ts';
import { type SeedResult, seedRegistry } from './seed.ts';

export { BUSY_TIMEOUT_MS, type CentralDatabase, DatabaseOpenFailed, openCentralDatabase, schemaText } from './database.ts';
export { applyMigrations, DatabaseFromNewerVersion, type Migration, MigrationListInvalid, schemaVersion } from './migrate.ts';
export { MIGRATIONS } from './migrations/index.ts';
export {
  ENROLLED_FINGERS,
  ENROLMENT_IMAGE_SIZE,
  ENROLMENT_IMPRESSION_INDEX,
  EnrolmentImageUnusable,
  enrolmentRecord,
  type SeedResult,
  seedRegistry,
} from './seed.ts';
export { loadOrCreateServerSecret, SERVER_SECRET_BYTES, SERVER_SECRET_FILE, ServerSecretInvalid } from './server-secret.ts';

export interface OpenCentralStorageOptions {
  /** The synthetic population to seed on first start; `false` leaves the registry empty. Default: the default population. */
  readonly seed?: PopulationOptions | false;
}

/** Opens, migrates and (first start only) seeds the database at `path`. */
export function openCentralStorage(path: string, options: OpenCentralStorageOptions = {}): { db: CentralDatabase; seed: SeedResult | null } {
  const db = openCentralDatabase(path);
  try {
    const seed = options.seed === false ? null : seedRegistry(db, options.seed ?? {});
    return { db, seed };
  } catch (error) {
    db.close();
    throw error;
  }
}
export { createSqliteKioskPkiStore } from './kiosk-pki-store.ts';
