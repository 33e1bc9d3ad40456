/**
 * The server secret that keys the HMACs of verification tokens and
 * activation codes and seals stored idempotent responses. It lives in its own
 * 0600 file beside the database, not in it, so a copy of the database alone
 * (a backup, a stolen disk image of the data file) cannot be used to test
 * guessed codes offline. Like the PKI's key files, a secret file that group
 * or others can read is refused, not silently tightened (pki/pki-files.ts):
 * it may already have leaked.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyFileBytes } from '../pki/pki-files.ts';

export const SERVER_SECRET_FILE = 'server-secret.key';
export const SERVER_SECRET_BYTES = 32;

export class ServerSecretInvalid extends Error {
  readonly code = 'storage.server_secret_invalid';
  constructor(path: string, length: number) {
    super(`${path} holds ${length} bytes; a server secret is ${SERVER_SECRET_BYTES}`);
    this.name = 'ServerSecretInvalid';
  }
}

export function loadOrCreateServerSecret(dataDir: string): Uint8Array {
  const path = join(dataDir, SERVER_SECRET_FILE);
  try {
    return checked(path, readKeyFileBytes(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Written to a temporary name, flushed, then linked into place: link fails if
  // another process won the race, and then its secret is the one to use.
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, randomBytes(SERVER_SECRET_BYTES));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return checked(path, readKeyFileBytes(path));
}

function checked(path: string, bytes: Buffer): Uint8Array {
  if (bytes.length !== SERVER_SECRET_BYTES) throw new ServerSecretInvalid(path, bytes.length);
  return new Uint8Array(bytes);
}
