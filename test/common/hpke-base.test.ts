import { createHmac } from 'node:crypto';
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateX25519KeyPair, hmacSha256, HpkeOpenFailed, hpkeOpen, hpkeSeal, x25519PrivateKey, x25519PublicKey } from '../../common/node/hpke-base.ts';

// @hpke/core passes RFC 9180's test vectors; the same suite, built from Web Crypto, is the reference here.
const reference = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

async function referenceKeyPair() {
  const pair = await reference.kem.generateKeyPair();
  return {
    pair,
    raw: new Uint8Array(await reference.kem.serializePrivateKey(pair.privateKey)),
    publicKey: new Uint8Array(await reference.kem.serializePublicKey(pair.publicKey)),
  };
}

const bytes = (maxLength: number) => fc.uint8Array({ maxLength });

describe('HPKE base mode, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, on node:crypto', () => {
  it('computes HMAC-SHA256 as node:crypto does, for keys shorter and longer than the block', () => {
    fc.assert(
      fc.property(bytes(150), fc.array(bytes(100), { maxLength: 4 }), (key, parts) => {
        const expected = createHmac('sha256', key);
        for (const part of parts) expected.update(part);
        expect(hmacSha256(key, ...parts).equals(expected.digest())).toBe(true);
      }),
    );
  });

  it('opens what the reference implementation seals, for any plaintext, AAD and info', async () => {
    const { pair, raw, publicKey } = await referenceKeyPair();
    const recipient = x25519PrivateKey(raw);
    expect(recipient.publicKey.equals(publicKey)).toBe(true);
    await fc.assert(
      fc.asyncProperty(bytes(3000), bytes(200), bytes(64), async (plaintext, aad, info) => {
        const { enc, ct } = await reference.seal({ recipientPublicKey: pair.publicKey, info }, plaintext, aad);
        expect(hpkeOpen(recipient, new Uint8Array(enc), info, aad, new Uint8Array(ct)).equals(plaintext)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('seals what the reference implementation opens, to a key either side made', async () => {
    const theirs = await referenceKeyPair();
    const ours = generateX25519KeyPair();
    const oursForReference = await reference.kem.deserializePrivateKey(ours.rawPrivateKey);
    await fc.assert(
      fc.asyncProperty(bytes(3000), bytes(200), bytes(64), fc.boolean(), async (plaintext, aad, info, theirKey) => {
        const sealed = hpkeSeal(theirKey ? theirs.publicKey : ours.privateKey.publicKey, info, aad, plaintext);
        expect(sealed.enc).toHaveLength(32);
        expect(sealed.ciphertext).toHaveLength(plaintext.length + 16);
        const opened = await reference.open(
          { recipientKey: theirKey ? theirs.pair.privateKey : oursForReference, enc: sealed.enc, info },
          sealed.ciphertext,
          aad,
        );
        expect(Buffer.from(opened).equals(plaintext)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('uses a fresh ephemeral key for every seal', () => {
    const { privateKey } = generateX25519KeyPair();
    const a = hpkeSeal(privateKey.publicKey, new Uint8Array(), new Uint8Array(), Buffer.from('same'));
    const b = hpkeSeal(privateKey.publicKey, new Uint8Array(), new Uint8Array(), Buffer.from('same'));
    expect(a.enc.equals(b.enc)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('refuses, with one error, another key, another AAD or info, and any changed octet', () => {
    const { privateKey } = generateX25519KeyPair();
    const other = generateX25519KeyPair().privateKey;
    const info = Buffer.from('info');
    const aad = Buffer.from('aad');
    const { enc, ciphertext } = hpkeSeal(privateKey.publicKey, info, aad, Buffer.from('a synthetic secret'));
    const fails = (f: () => unknown) => expect(f).toThrow(HpkeOpenFailed);
    fails(() => hpkeOpen(other, enc, info, aad, ciphertext));
    fails(() => hpkeOpen(privateKey, enc, info, Buffer.from('aae'), ciphertext));
    fails(() => hpkeOpen(privateKey, enc, Buffer.from('infp'), aad, ciphertext));
    fails(() => hpkeOpen(privateKey, enc.subarray(1), info, aad, ciphertext));
    fails(() => hpkeOpen(privateKey, enc, info, aad, ciphertext.subarray(0, 15)));
    for (const [which, buffer] of [
      ['enc', enc],
      ['ciphertext', ciphertext],
    ] as const) {
      for (let i = 0; i < buffer.length; i++) {
        const flipped = Buffer.from(buffer);
        flipped[i]! ^= 1 << (i % 8);
        fails(() => (which === 'enc' ? hpkeOpen(privateKey, flipped, info, aad, ciphertext) : hpkeOpen(privateKey, enc, info, aad, flipped)));
      }
    }
    // The same message still opens: nothing above changed state.
    expect(hpkeOpen(privateKey, enc, info, aad, ciphertext).toString()).toBe('a synthetic secret');
  });

  it('refuses a small-order public key (the all-zero shared secret, RFC 9180 §7.1.4) and keys of the wrong length', () => {
    const { privateKey } = generateX25519KeyPair();
    const sealToZeroKey = () => hpkeSeal(new Uint8Array(32), new Uint8Array(), new Uint8Array(), new Uint8Array(1));
    expect(sealToZeroKey).toThrow(RangeError);
    expect(sealToZeroKey).toThrow(/X25519 key agreement (refused|failed)/);
    expect(() => hpkeOpen(privateKey, new Uint8Array(32), new Uint8Array(), new Uint8Array(), new Uint8Array(16))).toThrow(HpkeOpenFailed);
    expect(() => x25519PublicKey(new Uint8Array(31))).toThrow(RangeError);
    expect(() => x25519PrivateKey(new Uint8Array(33))).toThrow(RangeError);
  });
});
