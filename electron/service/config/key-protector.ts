/**
 * How the kiosk's private key for mTLS with central (ECDSA P-256,
 * ARCHITECTURE.md "Security and privacy rules") is kept at rest.
 *
 * Here, in plain Node, the key is a PEM file that only the service's user may
 * read: a key file whose mode grants anything to group or others
 * (mode & 0o077) is refused, the way ssh refuses such an identity file. That
 * check means nothing on Windows, where Node reports 0o666 or 0o444 for every
 * file; there, and on any kiosk that prefers it, the Electron main process can
 * supply a protector backed by the OS keystore (Electron's safeStorage:
 * DPAPI, Keychain, libsecret) that encrypts the key bytes and needs no private
 * file. That protector is not built here (this service never imports
 * electron); it plugs in through KeyProtector.
 */
import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from './service-config.ts';

export interface KeyProtector {
  /** For diagnostics: 'file-permissions', 'safe-storage', … */
  readonly kind: string;
  /** True when the bytes on disk are the key itself, so the file must be private to the service's user. */
  readonly requiresPrivateFile: boolean;
  /** The bytes to write to the key file for this key. */
  protect(key: Uint8Array): Uint8Array;
  /** The key from the bytes read from the key file. */
  unprotect(stored: Uint8Array): Uint8Array;
}

/** The key stays as it is; the file's permissions (0600) are its protection. */
export const filePermissionKeyProtector: KeyProtector = {
  kind: 'file-permissions',
  requiresPrivateFile: true,
  protect: (key) => Uint8Array.from(key),
  unprotect: (stored) => Uint8Array.from(stored),
};

const GROUP_OR_OTHERS = 0o077;

/** Refuses a key file that is missing, not a regular file, or (when the protector relies on it) readable beyond its owner. */
export function assertKeyFileProtected(path: string, protector: KeyProtector = filePermissionKeyProtector, field = 'centralClientKeyFile'): void {
  let mode: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new ConfigError(field, 'is not a regular file');
    mode = stats.mode;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(field, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (protector.requiresPrivateFile && (mode & GROUP_OR_OTHERS) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new ConfigError(field, `is readable by group or others (mode ${octal}); chmod 600 it, or protect the key with the OS keystore`);
  }
}

/** The private key, after the file check; for the central client. */
export function readProtectedKey(path: string, protector: KeyProtector = filePermissionKeyProtector, field = 'centralClientKeyFile'): Uint8Array {
  assertKeyFileProtected(path, protector, field);
  let stored: Buffer;
  try {
    stored = readFileSync(path);
  } catch (error) {
    throw new ConfigError(field, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return protector.unprotect(stored);
}
