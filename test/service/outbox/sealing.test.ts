/**
 * The kiosk's sealing against central's own opener (central/pki/hpke.ts):
 * same envelope, same key id, AAD binding; and the published-key parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHpkeKeyPair, hpkeKeyId as centralKeyId, openSealed, SealedPayloadError } from '../../../central/pki/hpke.ts';
import { hpkePublicKeyDocument } from '../../../central/server/registration-routes.ts';
import {
  deferredEnrollmentAad,
  hpkeKeyId,
  parseCentralSealingKey,
  sealDeferredEnrollment,
  SEALED_PAYLOAD_VERSION,
  sealForCentral,
  SealingKeyInvalid,
} from '../../../electron/service/outbox/index.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('sealing for central', async () => {
  const { keyPair } = await generateHpkeKeyPair();

  it('produces the envelope central opens: version 0x01, 32-octet enc, ciphertext with a 16-octet tag, base64url', async () => {
    const plaintext = encode('{"version":1,"note":"synthetic"}');
    const aad = deferredEnrollmentAad('kiosk-01', 'key-1');
    const sealed = await sealForCentral(keyPair.publicKey, plaintext, aad);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    const envelope = Buffer.from(sealed, 'base64url');
    expect(envelope[0]).toBe(SEALED_PAYLOAD_VERSION);
    expect(envelope.length).toBe(1 + 32 + plaintext.length + 16);
    expect(decode(await openSealed(keyPair.privateKey, sealed, aad))).toBe(decode(plaintext));
  });

  it('binds the AAD: central cannot open it with another kiosk id or another idempotency key', async () => {
    const sealed = await sealForCentral(keyPair.publicKey, encode('{}'), deferredEnrollmentAad('kiosk-01', 'key-1'));
    for (const aad of [deferredEnrollmentAad('kiosk-02', 'key-1'), deferredEnrollmentAad('kiosk-01', 'key-2'), new Uint8Array()]) {
      await expect(openSealed(keyPair.privateKey, sealed, aad)).rejects.toThrow(SealedPayloadError);
    }
  });

  // The AAD is the contract's (central-contract.ts), checked against central's in central-contract.test.ts.
  it('uses the key id central uses', () => {
    expect(hpkeKeyId(keyPair.publicKey)).toBe(centralKeyId(keyPair.publicKey));
    expect(hpkeKeyId(keyPair.publicKey)).toBe(keyPair.keyId);
  });

  it('seals with a fresh ephemeral key each time, and the result holds no plaintext', async () => {
    const plaintext = encode('{"email":"synthetic@example.cl"}');
    const aad = deferredEnrollmentAad('kiosk-01', 'k');
    const [a, b] = [await sealForCentral(keyPair.publicKey, plaintext, aad), await sealForCentral(keyPair.publicKey, plaintext, aad)];
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url').subarray(1, 33)).not.toEqual(Buffer.from(b, 'base64url').subarray(1, 33));
    expect(Buffer.from(a, 'base64url').includes(Buffer.from('synthetic@example.cl'))).toBe(false);
  });

  it('leaves the kiosk unable to read its own sealed body: the only key it has is the public one', async () => {
    const key = parseCentralSealingKey(hpkePublicKeyDocument(keyPair));
    const body = await sealDeferredEnrollment(key, 'kiosk-01', 'key-9', {
      version: 2,
      capturedAt: '2026-11-21T12:00:00.000Z',
      run: '11.111.111-1',
      cardSerial: 'A000000001',
      finger: 'right-index',
      fingerImage: 'AAAA',
      email: 'synthetic@example.cl',
      phone: '+56911111111',
      generate: 'email',
      language: 'ht',
    });
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['keyId', 'sealed']);
    expect(parsed.keyId).toBe(keyPair.keyId);
    expect(body).not.toMatch(/synthetic|11\.111|A000000001|right-index/);
    // What the kiosk holds is 32 public octets; nothing derived from them opens the envelope.
    expect(Object.keys(key).sort()).toEqual(['keyId', 'publicKey']);
    const notThePrivateKey = (await generateHpkeKeyPair()).keyPair.privateKey;
    await expect(openSealed(notThePrivateKey, parsed.sealed as string, deferredEnrollmentAad('kiosk-01', 'key-9'))).rejects.toThrow(SealedPayloadError);
    const opened = JSON.parse(decode(await openSealed(keyPair.privateKey, parsed.sealed as string, deferredEnrollmentAad('kiosk-01', 'key-9')))) as Record<
      string,
      unknown
    >;
    expect(opened).toMatchObject({ version: 2, fingerImage: 'AAAA', email: 'synthetic@example.cl', generate: 'email', language: 'ht' });
  });

  it('opens for any plaintext and AAD (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 256 }), async (plaintext, aad) => {
        const sealed = await sealForCentral(keyPair.publicKey, plaintext, aad);
        expect(await openSealed(keyPair.privateKey, sealed, aad)).toEqual(plaintext);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a public key that is not 32 octets', async () => {
    await expect(sealForCentral(new Uint8Array(31), encode('{}'), new Uint8Array())).rejects.toThrow(SealingKeyInvalid);
  });
});

describe('the published key document', async () => {
  const { keyPair } = await generateHpkeKeyPair();
  const document = hpkePublicKeyDocument(keyPair);
  const problem = (value: unknown) => {
    try {
      parseCentralSealingKey(value);
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(SealingKeyInvalid);
      expect((error as SealingKeyInvalid).code).toBe('outbox.sealing_key_invalid');
      return (error as SealingKeyInvalid).problem;
    }
  };

  it('reads what central publishes', () => {
    const key = parseCentralSealingKey(document);
    expect(key.keyId).toBe(keyPair.keyId);
    expect(key.publicKey).toEqual(keyPair.publicKey);
  });

  it('refuses another suite, another envelope version, a short key, a keyId of another key', async () => {
    const other = (await generateHpkeKeyPair()).keyPair;
    expect(problem({ ...document, kem: 'DHKEM(P-256, HKDF-SHA256)' })).toBe('suite_unsupported');
    expect(problem({ ...document, aead: 'ChaCha20Poly1305' })).toBe('suite_unsupported');
    expect(problem({ ...document, kdf: 'HKDF-SHA512' })).toBe('suite_unsupported');
    expect(problem({ ...document, envelopeVersion: 2 })).toBe('envelope_unsupported');
    expect(problem({ ...document, publicKey: Buffer.from(keyPair.publicKey.subarray(0, 31)).toString('base64url') })).toBe('key_length');
    expect(problem({ ...document, publicKey: Buffer.concat([keyPair.publicKey, new Uint8Array(1)]).toString('base64url') })).toBe('key_length');
    expect(problem({ ...document, keyId: other.keyId })).toBe('key_id_mismatch');
    expect(problem({ ...document, publicKey: Buffer.from(other.publicKey).toString('base64url') })).toBe('key_id_mismatch');
    expect(problem({ ...document, publicKey: Buffer.from(keyPair.publicKey).toString('base64') + '==' })).toBe('malformed');
    expect(problem(null)).toBe('malformed');
    expect(problem('{}')).toBe('malformed');
  });

  it('refuses garbage with the typed error, never anything else (fast-check)', () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.base64String());
    const garbage = fc.oneof(
      fc.anything(),
      fc.record({ keyId: field, kem: field, kdf: field, aead: field, publicKey: field, envelopeVersion: field }, { requiredKeys: [] }),
      fc.record({ publicKey: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64url')) }).map((p) => ({ ...document, ...p })),
    );
    fc.assert(
      fc.property(garbage, (value) => {
        const outcome = problem(value);
        // The only way through is central's own document, which random values do not produce.
        expect(outcome).not.toBe('accepted');
      }),
      { numRuns: 500 },
    );
  });
});
