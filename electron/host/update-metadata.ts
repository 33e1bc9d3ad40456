/**
 * The release's signature over its update metadata. electron-updater checks a
 * downloaded file against the sha512 in latest-linux.yml, but that file is
 * only as trustworthy as the server that serves it; so each release also
 * publishes latest-linux.yml.sig, a detached ECDSA P-256 (SHA-256) signature
 * over the file's exact bytes, base64 of the DER signature on one line, made
 * by scripts/sign-update.ts with the release key. The kiosk holds the public
 * half in its configuration and accepts an update only when the signature
 * verifies and everything electron-updater read from the metadata (version,
 * file URLs, sha512s) is in the signed bytes.
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export type MetadataErrorCode = 'update.key_invalid' | 'update.signature_malformed' | 'update.signature_invalid' | 'update.metadata_mismatch';

export class UpdateMetadataError extends Error {
  readonly code: MetadataErrorCode;
  readonly reason: string;
  constructor(code: MetadataErrorCode, reason: string) {
    super(`update metadata refused: ${code}: ${reason}`);
    this.name = 'UpdateMetadataError';
    this.code = code;
    this.reason = reason;
  }
}

export type MetadataCheck = { readonly ok: true } | { readonly ok: false; readonly error: UpdateMetadataError };

const refuse = (code: MetadataErrorCode, reason: string): MetadataCheck => ({ ok: false, error: new UpdateMetadataError(code, reason) });

/** The release key's public half (PEM, SPKI), only if it is an EC key on P-256. */
export function releasePublicKey(pem: string): KeyObject | UpdateMetadataError {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return new UpdateMetadataError('update.key_invalid', 'not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return new UpdateMetadataError('update.key_invalid', 'not an ECDSA P-256 key');
  }
  return key;
}

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
/** A DER ECDSA P-256 signature is at most 72 bytes; base64 of it under 100 characters. */
const MAX_SIGNATURE_TEXT = 128;

/** Checks `signatureText` (the .sig file) over `metadata` (latest-linux.yml's bytes) with the release key. */
export function verifyMetadataSignature(metadata: Uint8Array, signatureText: string, publicKeyPem: string): MetadataCheck {
  const key = releasePublicKey(publicKeyPem);
  if (key instanceof UpdateMetadataError) return { ok: false, error: key };
  const line = signatureText.trim();
  if (line.length === 0 || line.length > MAX_SIGNATURE_TEXT || !BASE64_LINE.test(line)) {
    return refuse('update.signature_malformed', 'expected one line of base64');
  }
  let valid: boolean;
  try {
    valid = verify('sha256', metadata, { key, dsaEncoding: 'der' }, Buffer.from(line, 'base64'));
  } catch {
    // OpenSSL refuses DER it cannot parse rather than answering false.
    return refuse('update.signature_malformed', 'not a DER ECDSA signature');
  }
  return valid ? { ok: true } : refuse('update.signature_invalid', 'the signature does not match the metadata and the release key');
}

/** The .sig file's text for `metadata`, signed with the release key's private half (PEM). */
export function signMetadata(metadata: Uint8Array, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new UpdateMetadataError('update.key_invalid', 'the release key must be ECDSA P-256');
  }
  return `${sign('sha256', metadata, { key, dsaEncoding: 'der' }).toString('base64')}\n`;
}

/** What electron-updater took from the metadata and will act on (its UpdateInfo, reduced). */
export interface UpdateClaims {
  readonly version: string;
  readonly files: readonly { readonly url: string; readonly sha512: string }[];
}

/** The scalar values of the keys that matter, wherever they sit in electron-builder's YAML (`key: value`, `- key: value`). */
export function metadataValues(text: string): { readonly version: string[]; readonly url: string[]; readonly sha512: string[] } {
  const found = { version: [] as string[], url: [] as string[], sha512: [] as string[] };
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:-\s+)?(version|url|sha512):\s*(?:'([^']*)'|"([^"]*)"|([^\s'"#][^\s#]*))\s*$/.exec(line);
    if (match === null) continue;
    const key = match[1] as keyof typeof found;
    found[key].push(match[2] ?? match[3] ?? match[4]!);
  }
  return found;
}

/**
 * The signed metadata says what electron-updater believes: the same version,
 * and every file it may download, with that sha512, listed. The server cannot
 * then hand electron-updater different metadata from what was verified.
 */
export function claimsMatchSignedMetadata(signedText: string, claims: UpdateClaims): MetadataCheck {
  const signed = metadataValues(signedText);
  if (signed.version.length !== 1 || signed.version[0] !== claims.version) {
    return refuse('update.metadata_mismatch', 'the version differs from the signed metadata');
  }
  if (claims.files.length === 0) return refuse('update.metadata_mismatch', 'no files to check');
  for (const file of claims.files) {
    if (!signed.sha512.includes(file.sha512) || !signed.url.includes(file.url)) {
      return refuse('update.metadata_mismatch', 'a file is not in the signed metadata');
    }
  }
  return { ok: true };
}
