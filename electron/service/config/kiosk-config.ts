/**
 * The kiosk configuration stored in SQLite: one JSON document in the
 * single-row table kiosk_config (migration 0001), validated by
 * ServiceConfigSchema whenever it is written and whenever it is read. A value
 * the schema refuses is never written, and a document that no longer passes
 * (edited by hand, or written by a newer build) is refused whole with a
 * ConfigError naming the field, never applied in part.
 *
 * Run-only fields stay out of the document: the data directory (bootstrap:
 * it says where the database is) and the one-time registration token (a
 * secret with a short life). The client key is a file (key-protector.ts), the
 * technician PIN only an Argon2id hash.
 *
 * At start, resolveServiceConfig overlays the `KIOSK_*` variables on the
 * stored document for that run only: development and tests steer a kiosk
 * without rewriting what its technician configured.
 */
import { dirname } from 'node:path';
import type { KioskDatabase } from '../db/database.ts';
import { type ConfigPatch, isJsonObject, RUN_ONLY_FIELDS, RUN_ONLY_REASON, type StoredConfig, validateConfigPatch } from './config-patch.ts';
import { assertKeyFileProtected, filePermissionKeyProtector, type KeyProtector } from './key-protector.ts';
import {
  ConfigError,
  DEFAULT_SERVICE_CONFIG,
  type Env,
  issueField,
  overlayEnv,
  type ServiceConfig,
  type ServiceConfigInput,
  ServiceConfigSchema,
} from './service-config.ts';

export { type ConfigPatch, type ConfigPatchResult, type StoredConfig, validateConfigPatch } from './config-patch.ts';

/** The field named when the document as a whole is wrong (not JSON, not an object). */
export const DOCUMENT_FIELD = '(document)';

export interface KioskConfigStoreOptions {
  /** The run's data directory, filled into loaded configurations; by default the database file's folder. */
  readonly dataDir?: string;
  /** How the client key is protected at rest; decides the key file check on save. */
  readonly keyProtector?: KeyProtector;
}

/** A configuration that may still leave out defaulted fields, with or without its run-only ones. */
export type ConfigToSave = Omit<ServiceConfigInput, 'dataDir'> & { readonly dataDir?: string };

export class KioskConfigStore {
  readonly #db: KioskDatabase;
  readonly #dataDir: string;
  readonly #keyProtector: KeyProtector;

  constructor(db: KioskDatabase, options: KioskConfigStoreOptions = {}) {
    this.#db = db;
    this.#dataDir = options.dataDir ?? (db.memory ? DEFAULT_SERVICE_CONFIG.dataDir : dirname(db.name));
    this.#keyProtector = options.keyProtector ?? filePermissionKeyProtector;
  }

  /** The stored configuration, or null before the first start. Throws ConfigError for a document that does not pass. */
  load(): ServiceConfig | null {
    const row = this.#db.prepare('SELECT document FROM kiosk_config WHERE id = 1').get() as { document: string } | undefined;
    return row === undefined ? null : parseStoredDocument(row.document, this.#dataDir);
  }

  /** Validates, then replaces the document in one transaction. Returns what was stored (with this run's data directory). */
  save(config: ConfigToSave, now: Date): ServiceConfig {
    const parsed = ServiceConfigSchema.safeParse({ ...config, dataDir: this.#dataDir });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(issueField(issue, DOCUMENT_FIELD), issue?.message ?? 'invalid');
    }
    const valid = parsed.data;
    if (valid.centralClientKeyFile !== undefined) assertKeyFileProtected(valid.centralClientKeyFile, this.#keyProtector);
    const document = JSON.stringify(storedDocument(valid));
    const updatedAt = now.toISOString();
    this.#db
      .transaction(() => {
        this.#db
          .prepare(
            'INSERT INTO kiosk_config (id, document, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at',
          )
          .run(document, updatedAt);
      })
      .immediate();
    const { centralRegistrationToken: _notStored, ...saved } = valid;
    return saved;
  }

  /** Merges `patch` into the stored document (the defaults before the first start), validates, saves; all under one write lock. */
  update(patch: ConfigPatch, now: Date): ServiceConfig {
    return this.#db
      .transaction(() => {
        const current = this.load() ?? { ...DEFAULT_SERVICE_CONFIG, dataDir: this.#dataDir };
        const result = validateConfigPatch(patch, current);
        if (!result.ok) throw new ConfigError(result.field, result.reason);
        return this.save(result.config, now);
      })
      .immediate();
  }
}

/** The document as stored: without the run-only fields. */
function storedDocument(config: ServiceConfig): StoredConfig {
  const { dataDir: _bootstrap, centralRegistrationToken: _secret, ...stored } = config;
  return stored;
}

function parseStoredDocument(text: string, dataDir: string): ServiceConfig {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ConfigError(DOCUMENT_FIELD, 'is not valid JSON');
  }
  if (!isJsonObject(document)) throw new ConfigError(DOCUMENT_FIELD, 'must be a JSON object');
  for (const field of RUN_ONLY_FIELDS) {
    if (Object.hasOwn(document, field)) throw new ConfigError(field, RUN_ONLY_REASON[field]);
  }
  const parsed = ServiceConfigSchema.safeParse({ ...document, dataDir });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(issueField(issue, DOCUMENT_FIELD), issue?.message ?? 'invalid');
  }
  return parsed.data;
}

export interface ResolveServiceConfigOptions {
  readonly env: Env;
  readonly db: KioskDatabase;
  /** Bootstrap, from the environment (dataDirFromEnv): where `db` lives. Never stored. */
  readonly dataDir: string;
  readonly now?: () => Date;
  readonly keyProtector?: KeyProtector;
}

export interface ResolvedServiceConfig {
  readonly config: ServiceConfig;
  readonly source: {
    /** False on the first start, when the defaults and the environment were stored as the first document. */
    readonly stored: boolean;
    /** Fields this run took from the environment (dotted paths); on later starts they are not written back. */
    readonly overriddenFields: string[];
  };
}

/**
 * The configuration for this run: the stored document with the environment
 * over it. On the first start (no document yet) the defaults with the
 * environment over them are validated and stored as the first document.
 * Throws ConfigError (the variable or the field) for anything invalid,
 * including a client key file readable by others; nothing is written then.
 */
export function resolveServiceConfig(options: ResolveServiceConfigOptions): ResolvedServiceConfig {
  const { db, dataDir } = options;
  const keyProtector = options.keyProtector ?? filePermissionKeyProtector;
  const store = new KioskConfigStore(db, { dataDir, keyProtector });
  // dataDir is decided before the database is opened; a second opinion from KIOSK_DATA_DIR here would contradict it.
  const env: Env = { ...options.env, KIOSK_DATA_DIR: undefined };
  const now = options.now ?? (() => new Date());
  return db
    .transaction((): ResolvedServiceConfig => {
      const stored = store.load();
      const { config, overriddenFields } = overlayEnv(stored ?? { ...DEFAULT_SERVICE_CONFIG, dataDir }, env);
      if (config.centralClientKeyFile !== undefined) assertKeyFileProtected(config.centralClientKeyFile, keyProtector);
      if (stored === null) store.save(config, now());
      return { config, source: { stored: stored !== null, overriddenFields } };
    })
    .immediate();
}
