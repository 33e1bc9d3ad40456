/**
 * The provider's signing keys (ES256, P-256), as a private JWK set in
 * `oidc-signing-keys.json` in the data directory, mode 0600 (a looser file
 * is refused, like every key file: pki/pki-files.ts). The first key signs;
 * the ones after it stay published in the JWKS so tokens they signed still
 * verify. Rotation puts a new key first and keeps only the one it replaces:
 * a key leaves the JWKS at the rotation after the one that retired it.
 */
import { generateKeyPairSync, createHash, type JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { fileExists, KEY_FILE_MODE, readKeyFile, writeFileAtomic } from '../pki/pki-files.ts';

export const SIGNING_KEYS_FILE = 'oidc-signing-keys.json';

export interface SigningJwk extends JsonWebKey {
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

export class SigningKeysInvalid extends Error {
  readonly code = 'oidc.signing_keys_invalid';
  constructor(path: string, why: string) {
    super(`${path}: ${why}`);
    this.name = 'SigningKeysInvalid';
  }
}

export function newSigningKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint as the kid: stable for the key, unique without a counter.
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest('base64url');
  return { ...jwk, kid: thumbprint, alg: 'ES256', use: 'sig' };
}

function read(path: string): SigningJwk[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readKeyFile(path));
  } catch (error) {
    if (error instanceof SyntaxError) throw new SigningKeysInvalid(path, 'not JSON');
    throw error;
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new SigningKeysInvalid(path, 'no "keys" array');
  for (const k of keys as Record<string, unknown>[]) {
    if (k?.kty !== 'EC' || k.crv !== 'P-256' || typeof k.d !== 'string' || typeof k.kid !== 'string')
      throw new SigningKeysInvalid(path, 'a key is not a private P-256 JWK with a kid');
  }
  return keys as SigningJwk[];
}

function write(path: string, keys: readonly SigningJwk[]): void {
  writeFileAtomic(path, `${JSON.stringify({ keys }, null, 2)}\n`, KEY_FILE_MODE);
}

export function loadOrCreateSigningKeys(dataDir: string): SigningJwk[] {
  const path = join(dataDir, SIGNING_KEYS_FILE);
  if (!fileExists(path)) write(path, [newSigningKey()]);
  return read(path);
}

/** New key first, the current one kept for verification; anything older is dropped. Returns the new set. */
export function rotateSigningKeys(dataDir: string): SigningJwk[] {
  const current = loadOrCreateSigningKeys(dataDir);
  const keys = [newSigningKey(), current[0]!];
  write(join(dataDir, SIGNING_KEYS_FILE), keys);
  return keys;
}
