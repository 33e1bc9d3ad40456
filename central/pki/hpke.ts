/**
 * Sealing kiosk payloads to the central API with HPKE (RFC 9180), base mode,
 * suite DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM
 * (reliability-security.md §3). The kiosk holds only the public key; every
 * seal uses a fresh ephemeral key, so once sealed, nothing on the kiosk can
 * open the payload again.
 *
 * Wire format, version 1 (`SEALED_PAYLOAD_VERSION`):
 *
 *     base64url( 0x01 ‖ enc (32 octets) ‖ ciphertext (plaintext length + 16) )
 *
 * - 0x01 names this suite and the `info` string below; another suite or
 *   another info gets another version byte, never a silent reinterpretation.
 * - enc is the sender's ephemeral X25519 public key (RFC 9180 §7.1: Nenc = 32).
 * - ciphertext is AES-256-GCM output with its 16-octet tag.
 * - base64url is RFC 4648 §5 without padding, so the value sits in JSON as is.
 *
 * `info` is fixed per format version (it separates this use of the key from any
 * other). The caller's `aad` binds the ciphertext to its context (outbox id,
 * idempotency key, kiosk id, schema version), so a sealed payload moved to
 * another row or request fails to open. The AAD is not transmitted inside the
 * envelope: the receiver rebuilds it from the request it arrived in.
 */
import { createHash } from 'node:crypto';
import { generateX25519KeyPair, hpkeOpen, hpkeSeal, type X25519PrivateKey, x25519PrivateKey } from '../../common/node/hpke-base.ts';

export const SEALED_PAYLOAD_VERSION = 0x01;
const ENC_LENGTH = 32;
const TAG_LENGTH = 16;
const INFO = new TextEncoder().encode('claveunica-kiosk/sealed-payload/v1');

/** Names as RFC 9180 §7 writes them; published with the key so a client can check what it seals to. */
export const HPKE_SUITE = { kem: 'DHKEM(X25519, HKDF-SHA256)', kdf: 'HKDF-SHA256', aead: 'AES-256-GCM' } as const;

/** The private key, parsed once (common/node/hpke-base.ts). */
export type HpkePrivateKey = X25519PrivateKey;

export interface HpkeKeyPair {
  /** Raw 32-octet X25519 public key. */
  publicKey: Uint8Array;
  privateKey: HpkePrivateKey;
  /** Lets a kiosk record which key sealed a row, so the server can rotate keys (§3). */
  keyId: string;
}

export class SealedPayloadError extends Error {
  readonly code: 'sealed_malformed' | 'sealed_version_unsupported' | 'sealed_open_failed';
  constructor(code: SealedPayloadError['code'], message: string) {
    super(message);
    this.name = 'SealedPayloadError';
    this.code = code;
  }
}

/** First 16 hex digits of SHA-256 over the raw public key. */
export function hpkeKeyId(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

export async function generateHpkeKeyPair(): Promise<{ keyPair: HpkeKeyPair; rawPrivateKey: Uint8Array }> {
  const { privateKey, rawPrivateKey } = generateX25519KeyPair();
  const publicKey = new Uint8Array(privateKey.publicKey);
  return { keyPair: { publicKey, privateKey, keyId: hpkeKeyId(publicKey) }, rawPrivateKey: new Uint8Array(rawPrivateKey) };
}

/** Rebuilds the key pair from the raw private key (RFC 9180 §7.1.2 SerializePrivateKey). */
export async function importHpkeKeyPair(rawPrivateKey: Uint8Array, rawPublicKey: Uint8Array): Promise<HpkeKeyPair> {
  const privateKey = x25519PrivateKey(rawPrivateKey);
  // Reject a file whose halves do not belong together: seal to the public half, open with the private one.
  const probe = await sealForCentral(rawPublicKey, new Uint8Array([0x6b]), new Uint8Array());
  await openSealed(privateKey, probe, new Uint8Array());
  return { publicKey: rawPublicKey, privateKey, keyId: hpkeKeyId(rawPublicKey) };
}

export async function sealForCentral(publicKey: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<string> {
  const { enc, ciphertext } = hpkeSeal(publicKey, INFO, aad, plaintext);
  return Buffer.concat([Buffer.from([SEALED_PAYLOAD_VERSION]), enc, ciphertext]).toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export async function openSealed(privateKey: HpkePrivateKey, sealed: string, aad: Uint8Array): Promise<Uint8Array> {
  if (!BASE64URL.test(sealed)) throw new SealedPayloadError('sealed_malformed', 'sealed payload is not base64url');
  const envelope = Buffer.from(sealed, 'base64url');
  if (envelope.length < 1 + ENC_LENGTH + TAG_LENGTH) throw new SealedPayloadError('sealed_malformed', 'sealed payload is too short');
  if (envelope[0] !== SEALED_PAYLOAD_VERSION) {
    throw new SealedPayloadError('sealed_version_unsupported', `sealed payload version ${envelope[0]} is not supported`);
  }
  const enc = envelope.subarray(1, 1 + ENC_LENGTH);
  const ciphertext = envelope.subarray(1 + ENC_LENGTH);
  try {
    return new Uint8Array(hpkeOpen(privateKey, enc, INFO, aad, ciphertext));
  } catch {
    // One answer for every failure (wrong key, wrong AAD, tampering): an
    // oracle that told them apart would help an attacker and no one else.
    throw new SealedPayloadError('sealed_open_failed', 'sealed payload could not be opened');
  }
}
