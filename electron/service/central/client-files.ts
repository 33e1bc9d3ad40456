/**
 * The kiosk's central credentials on disk: `<dataDir>/central-client/`,
 * made by registration (central-registration.ts), read by the client
 * (central-link.ts) and checked by maintenance (selftest, central test,
 * register). This module alone knows the folder's name and its files.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const CENTRAL_CLIENT_DIR = 'central-client';

/** The TLS client credentials registration leaves (a complete set is all three). */
export const CLIENT_TLS_FILES = { key: 'kiosk.key', cert: 'kiosk.crt', ca: 'ca.crt' } as const;
/** The key central seals deferred data to (central-link.ts), stored beside the credentials. */
export const SEALING_KEY_FILE = 'hpke-public-key.json';

export type ClientFile = keyof typeof CLIENT_TLS_FILES | 'sealingKey';

/** `<dataDir>/central-client`. */
export function centralClientDir(dataDir: string): string {
  return join(dataDir, CENTRAL_CLIENT_DIR);
}

export function centralClientFile(dataDir: string, file: ClientFile): string {
  return join(centralClientDir(dataDir), file === 'sealingKey' ? SEALING_KEY_FILE : CLIENT_TLS_FILES[file]);
}

/** True when registration left a complete set (CA, certificate, key). */
export function hasClientCredentials(dataDir: string): boolean {
  return (Object.keys(CLIENT_TLS_FILES) as (keyof typeof CLIENT_TLS_FILES)[]).every((file) => existsSync(centralClientFile(dataDir, file)));
}

/**
 * Puts credentials registered into `<stagingDataDir>/central-client` in
 * place; the previous set (if any) is removed only once the new one is
 * there. Returns whether a set was replaced.
 */
export function installClientCredentials(dataDir: string, stagingDataDir: string): boolean {
  const staged = centralClientDir(stagingDataDir);
  const target = centralClientDir(dataDir);
  const replaced = existsSync(target);
  const previous = join(dataDir, `.${CENTRAL_CLIENT_DIR}.replaced-${process.pid}`);
  if (replaced) renameSync(target, previous);
  try {
    renameSync(staged, target);
  } catch (error) {
    if (replaced) renameSync(previous, target);
    throw error;
  }
  if (replaced) rmSync(previous, { recursive: true, force: true });
  return replaced;
}
