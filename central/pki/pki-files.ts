/**
 * Key and certificate files of the central sandbox. Private keys are 0600 and
 * a key file anyone else can read is refused rather than silently tightened:
 * a loose mode means the key may already have leaked, and an operator has to
 * decide what to do about that (ASVS V6.4: secrets at rest).
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const KEY_FILE_MODE = 0o600;
export const CERTIFICATE_FILE_MODE = 0o644;
export const PKI_DIRECTORY_MODE = 0o700;

/** POSIX permission bits mean nothing on Windows (ACLs decide there). */
const CHECK_MODES = process.platform !== 'win32';

export class PkiFileError extends Error {
  readonly code: 'key_file_too_open' | 'pki_incomplete';
  readonly path: string;
  constructor(code: PkiFileError['code'], path: string, message: string) {
    super(message);
    this.name = 'PkiFileError';
    this.code = code;
    this.path = path;
  }
}

export function ensurePkiDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: PKI_DIRECTORY_MODE });
}

/**
 * Write-then-rename so a crash never leaves half a key behind; fsync before the
 * rename so the rename cannot reach the disk before the bytes do. chmod after
 * open because the process umask may have narrowed (or, for certificates,
 * over-narrowed) the mode given to open. 'wx' after removing any leftover
 * from a crash: open's mode only applies to a file it creates, and a stale
 * temporary file could have a looser one.
 */
export function writeFileAtomic(path: string, contents: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (CHECK_MODES) chmodSync(temporary, mode);
  renameSync(temporary, path);
  syncDirectory(dirname(path));
}

function syncDirectory(path: string): void {
  if (!CHECK_MODES) return; // Windows cannot open a directory for fsync.
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A secret's bytes, refused when group or others may read the file (the server secret is one too, storage/server-secret.ts). */
export function readKeyFileBytes(path: string): Buffer {
  if (CHECK_MODES && (statSync(path).mode & 0o077) !== 0) {
    throw new PkiFileError('key_file_too_open', path, `refusing to use ${path}: it is readable by group or others (expected mode 0600)`);
  }
  return readFileSync(path);
}

export function readKeyFile(path: string): string {
  return readKeyFileBytes(path).toString('utf8');
}

export function readCertificateFile(path: string): string {
  return readFileSync(path, 'utf8');
}

export { existsSync as fileExists };
