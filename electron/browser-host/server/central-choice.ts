/**
 * Which central API a kiosk started by `npm start` talks to, for both hosts
 * (scripts/start.ts before it launches Electron, and the browser host).
 *
 * The embedded sandbox is for a development kiosk: one that has no central
 * of its own yet, or whose stored central is the sandbox an earlier dev run
 * embedded. A kiosk provisioned with `kioskctl register` keeps its stored
 * central, CA and client certificate: overriding them for a run would park
 * its audit queue on the wrong central and, with a matching kiosk id, make
 * the service register again and replace the real certificate.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { KioskConfigStore } from '../../service/config/kiosk-config.ts';
import { type Env, type ServiceConfig } from '../../service/config/service-config.ts';
import { kioskDatabasePath, openKioskDatabase } from '../../service/db/database.ts';
import type { Logger } from '../../../common/log.ts';
import { type EmbeddedCentral, startEmbeddedCentral } from './embedded-central.ts';

/** What the stored configuration says about central; null before the first start. */
export type StoredCentral = Pick<ServiceConfig, 'centralUrl' | 'centralCaFile' | 'kioskId'> | null;

export interface CentralFacts {
  /** `--embedded-central` (or KIOSK_EMBEDDED_CENTRAL=1). */
  readonly embeddedRequested: boolean;
  readonly env: Env;
  readonly stored: StoredCentral;
  readonly dataDir: string;
}

export type CentralChoice =
  | { readonly kind: 'embedded'; readonly why: 'requested' | 'not-provisioned' | 'earlier-sandbox' }
  /** KIOSK_CENTRAL_URL names it; the CA comes from KIOSK_CENTRAL_CA or, without it, from the stored configuration. */
  | { readonly kind: 'environment'; readonly url: string; readonly caFrom: 'environment' | 'stored' }
  | { readonly kind: 'stored'; readonly url: string }
  | { readonly kind: 'refused'; readonly code: 'central.ca_missing'; readonly message: string };

/** Where the embedded sandbox keeps its database and PKI, under the kiosk's data directory. */
export function embeddedCentralDir(dataDir: string): string {
  return join(resolve(dataDir), 'central');
}

/**
 * A stored CA inside the embedded sandbox's folder was written by an earlier
 * dev run (its URL cannot tell: the sandbox takes a new port every start).
 */
export function isEmbeddedSandboxCa(caFile: string | undefined, dataDir: string): boolean {
  if (caFile === undefined) return false;
  const inside = relative(embeddedCentralDir(dataDir), resolve(dataDir, caFile));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

export function decideCentral(facts: CentralFacts): CentralChoice {
  const { env, stored, dataDir } = facts;
  if (facts.embeddedRequested) return { kind: 'embedded', why: 'requested' };
  const storedCa = isEmbeddedSandboxCa(stored?.centralCaFile, dataDir) ? undefined : stored?.centralCaFile;
  if (env.KIOSK_CENTRAL_URL) {
    if (env.KIOSK_CENTRAL_CA) return { kind: 'environment', url: env.KIOSK_CENTRAL_URL, caFrom: 'environment' };
    if (storedCa !== undefined) return { kind: 'environment', url: env.KIOSK_CENTRAL_URL, caFrom: 'stored' };
    return {
      kind: 'refused',
      code: 'central.ca_missing',
      message: 'KIOSK_CENTRAL_URL needs KIOSK_CENTRAL_CA: this kiosk has no central CA stored (kioskctl register stores one)',
    };
  }
  if (stored?.centralUrl === undefined) return { kind: 'embedded', why: 'not-provisioned' };
  if (storedCa === undefined) return { kind: 'embedded', why: 'earlier-sandbox' };
  return { kind: 'stored', url: stored.centralUrl };
}

/**
 * The stored configuration's central, read through the config store (read-only,
 * so a database the service owns is never migrated or written here). Throws
 * ConfigError for a stored document that does not pass, as the service would.
 */
export function readStoredCentral(dataDir: string): StoredCentral {
  const path = kioskDatabasePath(dataDir);
  if (!existsSync(path)) return null;
  const db = openKioskDatabase(path, { readonly: true });
  try {
    const config = new KioskConfigStore(db, { dataDir }).load();
    return config === null ? null : { centralUrl: config.centralUrl, centralCaFile: config.centralCaFile, kioskId: config.kioskId };
  } finally {
    db.close();
  }
}

export class CentralChoiceError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CentralChoiceError';
    this.code = code;
  }
}

export interface KioskCentral {
  readonly choice: CentralChoice;
  /** KIOSK_CENTRAL_* for the service; empty unless the embedded sandbox runs. */
  readonly serviceEnv: Record<string, string>;
  /** The `Central API: …` line for the person who started the kiosk. */
  readonly line: string;
  stop(): Promise<void>;
}

export interface StartKioskCentralOptions {
  /** central/main.ts */
  readonly entry: string;
  readonly dataDir: string;
  readonly env: Env;
  readonly embeddedRequested: boolean;
  /** The run's kiosk id (KIOSK_ID or the default); a stored one wins when KIOSK_ID is unset. */
  readonly kioskId: string;
  readonly log: Logger;
}

/** Decides, and starts the embedded sandbox when that is the answer. Throws CentralChoiceError or ConfigError. */
export async function startKioskCentral(options: StartKioskCentralOptions): Promise<KioskCentral> {
  const { env, dataDir } = options;
  const stored = readStoredCentral(dataDir);
  const choice = decideCentral({ embeddedRequested: options.embeddedRequested, env, stored, dataDir });
  switch (choice.kind) {
    case 'refused':
      throw new CentralChoiceError(choice.code, choice.message);
    case 'environment':
      return { choice, serviceEnv: {}, line: `Central API: ${choice.url}`, stop: () => Promise.resolve() };
    case 'stored':
      return { choice, serviceEnv: {}, line: `Central API: ${choice.url} (stored configuration)`, stop: () => Promise.resolve() };
    case 'embedded': {
      const kioskId = env.KIOSK_ID ? options.kioskId : (stored?.kioskId ?? options.kioskId);
      let central: EmbeddedCentral;
      try {
        central = await startEmbeddedCentral({ entry: options.entry, dataDir: embeddedCentralDir(dataDir), kioskId, log: options.log });
      } catch (error) {
        throw new CentralChoiceError('central.embedded_failed', error instanceof Error ? error.message : String(error));
      }
      return {
        choice,
        serviceEnv: { KIOSK_CENTRAL_URL: central.url, KIOSK_CENTRAL_CA: central.caCertificateFile, KIOSK_CENTRAL_TOKEN: central.registrationToken },
        line: `Central API: ${central.url} (embedded sandbox)`,
        stop: () => central.stop(),
      };
    }
  }
}
