/**
 * Sealing outbox payloads to the central API (ARCHITECTURE.md, Offline
 * behaviour; reliability-security.md §3): HPKE (RFC 9180) base mode, suite
 * DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM (common/node/hpke-base.ts).
 * The kiosk holds only central's public key and every seal uses a fresh
 * ephemeral key that is discarded, so once a payload is sealed nothing
 * on the kiosk can open it again: a stolen disk reveals no queued citizen.
 *
 * The envelope is the one central/openapi.yaml names (central/pki/hpke.ts,
 * which the kiosk may not import, so the format is restated here and pinned
 * by an interop test that opens our envelopes with central's code):
 *
 *     base64url( 0x01 ‖ enc (32 octets, RFC 9180 §7.1 Nenc) ‖ ciphertext ‖ tag (16) )
 *
 * - 0x01 names this suite and the `info` label below; base64url is RFC 4648 §5
 *   without padding, so it sits in a JSON body as is.
 * - `info` is fixed per envelope version; the caller's AAD binds the
 *   ciphertext to its request (for a deferred enrollment: label, kiosk id,
 *   Idempotency-Key), so a bundle moved to another kiosk's request or replayed
 *   under another key does not open. The AAD travels outside the envelope:
 *   central rebuilds it from the request.
 */
import { createHash } from 'node:crypto';
import { hpkeSeal } from '../../../common/node/hpke-base.ts';
import { z } from 'zod';
import type { Language } from '../../contract/index.ts';
import { deferredEnrollmentAad } from '../central/central-contract.ts';

export const SEALED_PAYLOAD_VERSION = 0x01;
/** RFC 9180 §7.1: Npk for DHKEM(X25519, HKDF-SHA256). */
export const X25519_PUBLIC_KEY_LENGTH = 32;
const INFO = new TextEncoder().encode('claveunica-kiosk/sealed-payload/v1');

/** As RFC 9180 §7 writes the names, and as central publishes them beside its key. */
export const HPKE_SUITE = { kem: 'DHKEM(X25519, HKDF-SHA256)', kdf: 'HKDF-SHA256', aead: 'AES-256-GCM' } as const;

/** Central's published sealing key: what the kiosk seals to and records beside each sealed row. */
export interface CentralSealingKey {
  readonly keyId: string;
  /** Raw X25519 public key (32 octets). */
  readonly publicKey: Uint8Array;
}

export type SealingKeyProblem = 'malformed' | 'suite_unsupported' | 'envelope_unsupported' | 'key_length' | 'key_id_mismatch';

/** The published key cannot be used; `problem` says why. Holds no key material. */
export class SealingKeyInvalid extends Error {
  readonly code = 'outbox.sealing_key_invalid';
  readonly problem: SealingKeyProblem;
  constructor(problem: SealingKeyProblem, message: string) {
    super(message);
    this.name = 'SealingKeyInvalid';
    this.problem = problem;
  }
}

/** First 16 hex digits of SHA-256 over the raw public key (the same id central gives its key). */
export function hpkeKeyId(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** GET /v1/hpke-public-key and the registration answer's `hpkePublicKey` (openapi.yaml, HpkePublicKey). */
const publishedKeySchema = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  kem: z.string().max(64),
  kdf: z.string().max(64),
  aead: z.string().max(64),
  publicKey: z.string().max(128).regex(BASE64URL),
  envelopeVersion: z.int(),
});

/**
 * Reads central's published key document and refuses anything the kiosk
 * would seal wrongly to: another suite or envelope version (sealing with a
 * suite central does not expect loses the payload), a key that is not 32
 * octets, or a keyId that is not the key's own hash (a document stitched
 * together from two keys).
 */
export function parseCentralSealingKey(document: unknown): CentralSealingKey {
  const parsed = publishedKeySchema.safeParse(document);
  if (!parsed.success) throw new SealingKeyInvalid('malformed', 'the published HPKE key document does not have the expected shape');
  const { keyId, kem, kdf, aead, envelopeVersion } = parsed.data;
  if (kem !== HPKE_SUITE.kem || kdf !== HPKE_SUITE.kdf || aead !== HPKE_SUITE.aead) {
    throw new SealingKeyInvalid('suite_unsupported', 'the published HPKE key is for a suite this kiosk does not seal with');
  }
  if (envelopeVersion !== SEALED_PAYLOAD_VERSION)
    throw new SealingKeyInvalid('envelope_unsupported', `sealed envelope version ${envelopeVersion} is not supported`);
  const publicKey = new Uint8Array(Buffer.from(parsed.data.publicKey, 'base64url'));
  // Buffer's decoder skips trailing bits silently; re-encoding catches a value that is not canonical base64url.
  if (publicKey.length !== X25519_PUBLIC_KEY_LENGTH || Buffer.from(publicKey).toString('base64url') !== parsed.data.publicKey) {
    throw new SealingKeyInvalid('key_length', `the published HPKE public key must be ${X25519_PUBLIC_KEY_LENGTH} octets`);
  }
  if (hpkeKeyId(publicKey) !== keyId) throw new SealingKeyInvalid('key_id_mismatch', 'the published keyId does not belong to the published key');
  return { keyId, publicKey };
}

/** Seals `plaintext` to central's public key, bound to `aad`. Returns the base64url envelope. */
export async function sealForCentral(publicKey: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<string> {
  if (publicKey.length !== X25519_PUBLIC_KEY_LENGTH) throw new SealingKeyInvalid('key_length', `an X25519 public key is ${X25519_PUBLIC_KEY_LENGTH} octets`);
  const { enc, ciphertext } = hpkeSeal(publicKey, INFO, aad, plaintext);
  return Buffer.concat([Buffer.from([SEALED_PAYLOAD_VERSION]), enc, ciphertext]).toString('base64url');
}

/** 2: the capture is a finger image (ISO/IEC 19794-4); central still opens version 1 (a 19794-2 template). */
export const DEFERRED_ENROLLMENT_VERSION = 2;

/** The AAD of a deferred enrollment: the contract's, kept with the rest of it in central-contract.ts. */
export { deferredEnrollmentAad };

/**
 * The plaintext of a deferred enrollment (openapi.yaml). No password member:
 * a typed password must not wait on the kiosk's disk, so deferred
 * enrollments always ask for a generated one.
 */
export interface DeferredEnrollmentBundle {
  readonly version: typeof DEFERRED_ENROLLMENT_VERSION;
  /** ISO 8601 UTC. */
  readonly capturedAt: string;
  readonly run: string;
  readonly cardSerial: string;
  readonly cardExpiry?: string;
  readonly finger: string | number;
  /** ISO/IEC 19794-4:2005 finger image record, standard base64. */
  readonly fingerImage: string;
  readonly email: string;
  readonly phone: string;
  readonly generate: 'email' | 'sms';
  /** The citizen's language: central's messages about the outcome are written in it. */
  readonly language: Language;
}

/**
 * The JSON body of POST /v1/deferred-enrollments for one bundle: `{ sealed, keyId }`,
 * ready for `Outbox.enqueue`. Only the envelope and the advisory key id are in the clear.
 */
export async function sealDeferredEnrollment(
  key: CentralSealingKey,
  kioskId: string,
  idempotencyKey: string,
  bundle: DeferredEnrollmentBundle,
): Promise<string> {
  const plaintext = new TextEncoder().encode(JSON.stringify(bundle));
  const sealed = await sealForCentral(key.publicKey, plaintext, deferredEnrollmentAad(kioskId, idempotencyKey));
  return JSON.stringify({ sealed, keyId: key.keyId });
}
