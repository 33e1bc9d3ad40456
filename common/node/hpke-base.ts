/**
 * HPKE (RFC 9180) in base mode for the one suite the kiosk and central use,
 * DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM: single-shot seal
 * and open (one message per context, sequence number 0), synchronous, on
 * node:crypto (OpenSSL under Node, BoringSSL under Electron: X25519, HMAC-SHA256
 * and AES-256-GCM are in both).
 *
 * Why not @hpke/core, the reference's pick: it runs every step through Web
 * Crypto, a promise and a thread-pool job each (key import, DH, a dozen HMACs,
 * AES). That cost 2.2 ms of CPU per seal (1.3 ms of it on the calling thread)
 * and 1.7 ms per open (`npm run bench -- hpke`), and a session seals about
 * five audit subjects on the kiosk, which central opens: about 20 ms of CPU a
 * session on a two-core kiosk. The wire format is unchanged:
 * test/common/hpke-base.test.ts checks it both ways against @hpke/core (which
 * passes RFC 9180's test vectors), for any plaintext, AAD and info.
 *
 * Section numbers below are RFC 9180's.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';

const KEM_ID = 0x0020; // DHKEM(X25519, HKDF-SHA256)
const KDF_ID = 0x0001; // HKDF-SHA256
const AEAD_ID = 0x0002; // AES-256-GCM
const N_H = 32; // HKDF-SHA256's output, and the KEM's Nsecret
const N_K = 32;
const N_N = 12;
export const HPKE_TAG_LENGTH = 16;
/** Nenc, Npk and Nsk of X25519. */
export const X25519_KEY_LENGTH = 32;

const EMPTY = Buffer.alloc(0);
const ZERO_SALT = Buffer.alloc(N_H);
const HPKE_V1 = Buffer.from('HPKE-v1');
const i2osp2 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const KEM_SUITE_ID = Buffer.concat([Buffer.from('KEM'), i2osp2(KEM_ID)]);
const SUITE_ID = Buffer.concat([Buffer.from('HPKE'), i2osp2(KEM_ID), i2osp2(KDF_ID), i2osp2(AEAD_ID)]);
const MODE_BASE = Buffer.from([0x00]);

/** DER prefixes of an X25519 key (RFC 8410): PKCS #8 for the private half, SPKI for the public one. */
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

/** Every failure to open (wrong key, wrong AAD or info, tampering, a bad `enc`) is this one error, on purpose. */
export class HpkeOpenFailed extends Error {
  constructor() {
    super('HPKE payload could not be opened');
    this.name = 'HpkeOpenFailed';
  }
}

export interface X25519PrivateKey {
  readonly key: KeyObject;
  /** Its public half, raw (pkRm): part of the KEM context when opening. */
  readonly publicKey: Buffer;
}

const HMAC_BLOCK = 64;
const IPAD = Buffer.alloc(HMAC_BLOCK, 0x36);
const OPAD = Buffer.alloc(HMAC_BLOCK, 0x5c);

/**
 * HMAC-SHA256 (RFC 2104) over the concatenation of `parts`, from two hashes.
 * node's createHmac is the same function (test/common/hpke-base.test.ts checks
 * it), but with a Buffer key it took ~38 µs a call here against ~7 µs for
 * two createHash calls, and a seal makes a dozen.
 */
export function hmacSha256(key: Uint8Array, ...parts: readonly Uint8Array[]): Buffer {
  const k = key.length > HMAC_BLOCK ? createHash('sha256').update(key).digest() : key;
  const inner = Buffer.from(IPAD);
  const outer = Buffer.from(OPAD);
  for (let i = 0; i < k.length; i++) {
    inner[i]! ^= k[i]!;
    outer[i]! ^= k[i]!;
  }
  const innerHash = createHash('sha256').update(inner);
  for (const part of parts) innerHash.update(part);
  return createHash('sha256').update(outer).update(innerHash.digest()).digest();
}

/** §4: Extract and Expand of HKDF-SHA256 (RFC 5869); an empty salt is Nh zero octets. */
function extract(salt: Uint8Array, ikm: Uint8Array): Buffer {
  return hmacSha256(salt.length === 0 ? ZERO_SALT : salt, ikm);
}

function expand(prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous: Buffer = EMPTY;
  for (let counter = 1, produced = 0; produced < length; counter++) {
    previous = hmacSha256(prk, previous, info, Buffer.from([counter]));
    blocks.push(previous);
    produced += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

const labeledExtract = (suiteId: Buffer, salt: Uint8Array, label: string, ikm: Uint8Array) =>
  extract(salt, Buffer.concat([HPKE_V1, suiteId, Buffer.from(label), ikm]));

const labeledExpand = (suiteId: Buffer, prk: Uint8Array, label: string, info: Uint8Array, length: number) =>
  expand(prk, Buffer.concat([i2osp2(length), HPKE_V1, suiteId, Buffer.from(label), info]), length);

/** §4.1 DHKEM: the shared secret from the DH output and the KEM context (enc ‖ pkRm). */
function extractAndExpand(dh: Buffer, kemContext: Buffer): Buffer {
  const eaePrk = labeledExtract(KEM_SUITE_ID, EMPTY, 'eae_prk', dh);
  return labeledExpand(KEM_SUITE_ID, eaePrk, 'shared_secret', kemContext, N_H);
}

/** The key schedule context of §5.1 depends on `info` alone (mode_base, no PSK): the few `info`s in use are kept. */
const PSK_ID_HASH = labeledExtract(SUITE_ID, EMPTY, 'psk_id_hash', EMPTY);
const contexts = new Map<string, Buffer>();
function keyScheduleContext(info: Uint8Array): Buffer {
  const name = Buffer.from(info).toString('base64');
  let context = contexts.get(name);
  if (context === undefined) {
    context = Buffer.concat([MODE_BASE, PSK_ID_HASH, labeledExtract(SUITE_ID, EMPTY, 'info_hash', info)]);
    if (contexts.size < 16) contexts.set(name, context);
  }
  return context;
}

/** §5.1 KeySchedule in mode_base (no PSK): the AEAD key and base nonce. */
function keySchedule(sharedSecret: Buffer, info: Uint8Array): { key: Buffer; nonce: Buffer } {
  const context = keyScheduleContext(info);
  const secret = labeledExtract(SUITE_ID, sharedSecret, 'secret', EMPTY);
  return { key: labeledExpand(SUITE_ID, secret, 'key', context, N_K), nonce: labeledExpand(SUITE_ID, secret, 'base_nonce', context, N_N) };
}

/**
 * §7.1.4: an all-zero X25519 output (a small-order public key) must abort.
 * OpenSSL refuses it itself (its error is kept as the cause); the check
 * stays for a library that does not.
 */
function dh(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey, publicKey });
  } catch (cause) {
    throw new RangeError('X25519 key agreement refused', { cause });
  }
  if (shared.every((octet) => octet === 0)) throw new RangeError('X25519 key agreement failed: a small-order public key');
  return shared;
}

/** §7.1.1 DeserializePublicKey: any 32 octets. Throws RangeError for another length. */
export function x25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== X25519_KEY_LENGTH) throw new RangeError(`an X25519 public key is ${X25519_KEY_LENGTH} octets`);
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });
}

const rawPublic = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length);

/** §7.1.2 DeserializePrivateKey. Throws RangeError for another length. */
export function x25519PrivateKey(raw: Uint8Array): X25519PrivateKey {
  if (raw.length !== X25519_KEY_LENGTH) throw new RangeError(`an X25519 private key is ${X25519_KEY_LENGTH} octets`);
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, raw]), format: 'der', type: 'pkcs8' });
  return { key, publicKey: rawPublic(createPublicKey(key)) };
}

/** A new key pair, with the private half raw (SerializePrivateKey) for storing. */
export function generateX25519KeyPair(): { privateKey: X25519PrivateKey; rawPrivateKey: Buffer } {
  const { privateKey } = generateKeyPairSync('x25519');
  const rawPrivateKey = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_X25519.length);
  return { privateKey: x25519PrivateKey(rawPrivateKey), rawPrivateKey };
}

/** The last recipient sealed to: a kiosk seals to one central key, and parsing it is a tenth of a seal. */
let lastRecipient: { raw: Buffer; key: KeyObject } | undefined;
function recipientKey(raw: Uint8Array): KeyObject {
  if (lastRecipient === undefined || !lastRecipient.raw.equals(raw)) lastRecipient = { raw: Buffer.from(raw), key: x25519PublicKey(raw) };
  return lastRecipient.key;
}

/** §6.1 Seal in base mode with a fresh ephemeral key: `enc` (32 octets) and the ciphertext with its 16-octet tag. */
export function hpkeSeal(recipientPublicKey: Uint8Array, info: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): { enc: Buffer; ciphertext: Buffer } {
  const pkR = recipientKey(recipientPublicKey);
  const ephemeral = generateKeyPairSync('x25519');
  const enc = rawPublic(ephemeral.publicKey);
  const sharedSecret = extractAndExpand(dh(ephemeral.privateKey, pkR), Buffer.concat([enc, recipientPublicKey]));
  const { key, nonce } = keySchedule(sharedSecret, info);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: HPKE_TAG_LENGTH }).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { enc, ciphertext };
}

/** §6.1 Open in base mode. Throws HpkeOpenFailed, whatever the reason. */
export function hpkeOpen(recipient: X25519PrivateKey, enc: Uint8Array, info: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Buffer {
  if (enc.length !== X25519_KEY_LENGTH || ciphertext.length < HPKE_TAG_LENGTH) throw new HpkeOpenFailed();
  try {
    const sharedSecret = extractAndExpand(dh(recipient.key, x25519PublicKey(enc)), Buffer.concat([enc, recipient.publicKey]));
    const { key, nonce } = keySchedule(sharedSecret, info);
    const body = ciphertext.subarray(0, ciphertext.length - HPKE_TAG_LENGTH);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: HPKE_TAG_LENGTH })
      .setAAD(aad)
      .setAuthTag(ciphertext.subarray(ciphertext.length - HPKE_TAG_LENGTH));
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new HpkeOpenFailed();
  }
}
