import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateHpkeKeyPair,
  importHpkeKeyPair,
  openSealed,
  sealForCentral,
  SealedPayloadError,
  SEALED_PAYLOAD_VERSION,
  type HpkeKeyPair,
} from '../../../central/pki/hpke.ts';

const text = (value: string) => new TextEncoder().encode(value);
const aad = text('outbox=42;idempotency=5b0c;kiosk=kiosk-1;schema=1');

let central: HpkeKeyPair;
let rawPrivateKey: Uint8Array;
beforeAll(async () => {
  ({ keyPair: central, rawPrivateKey } = await generateHpkeKeyPair());
});

async function openFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SealedPayloadError) return error.code;
    throw error;
  }
  throw new Error('expected the sealed payload to be refused');
}

function flipBit(sealed: string, index: number, bit = 0): string {
  const bytes = Buffer.from(sealed, 'base64url');
  bytes[index]! ^= 1 << bit;
  return bytes.toString('base64url');
}

describe('HPKE sealed payloads', () => {
  it('opens what was sealed to the central key, with the same AAD', async () => {
    const plaintext = text('{"run":"12345678-5","template":"…"}');
    const sealed = await sealForCentral(central.publicKey, plaintext, aad);
    expect(Buffer.from(await openSealed(central.privateKey, sealed, aad))).toEqual(Buffer.from(plaintext));
  });

  it('uses the documented envelope: base64url of version 1, a 32-octet enc and ciphertext plus a 16-octet tag', async () => {
    const sealed = await sealForCentral(central.publicKey, new Uint8Array(100), aad);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    const bytes = Buffer.from(sealed, 'base64url');
    expect(bytes[0]).toBe(SEALED_PAYLOAD_VERSION);
    expect(bytes).toHaveLength(1 + 32 + 100 + 16);
  });

  it('seals the same plaintext differently every time (a fresh ephemeral key per message)', async () => {
    const a = await sealForCentral(central.publicKey, text('same'), aad);
    const b = await sealForCentral(central.publicKey, text('same'), aad);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url').subarray(1, 33)).not.toEqual(Buffer.from(b, 'base64url').subarray(1, 33));
  });

  it('refuses to open with a different AAD (a payload moved to another row)', async () => {
    const sealed = await sealForCentral(central.publicKey, text('payload'), aad);
    expect(await openFailure(openSealed(central.privateKey, sealed, text('outbox=43')))).toBe('sealed_open_failed');
    expect(await openFailure(openSealed(central.privateKey, sealed, new Uint8Array()))).toBe('sealed_open_failed');
  });

  it('refuses a tampered enc, ciphertext or tag with one indistinguishable error', async () => {
    const sealed = await sealForCentral(central.publicKey, text('payload'), aad);
    const length = Buffer.from(sealed, 'base64url').length;
    for (const index of [1, 32, 33, length - 17, length - 1]) {
      expect(await openFailure(openSealed(central.privateKey, flipBit(sealed, index), aad))).toBe('sealed_open_failed');
    }
  });

  it('refuses to open with another key', async () => {
    const other = (await generateHpkeKeyPair()).keyPair;
    const sealed = await sealForCentral(central.publicKey, text('payload'), aad);
    expect(await openFailure(openSealed(other.privateKey, sealed, aad))).toBe('sealed_open_failed');
  });

  it('refuses an unknown version, a truncated envelope and text that is not base64url', async () => {
    const sealed = await sealForCentral(central.publicKey, text('payload'), aad);
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[0] = 0x02;
    expect(await openFailure(openSealed(central.privateKey, bytes.toString('base64url'), aad))).toBe('sealed_version_unsupported');
    expect(await openFailure(openSealed(central.privateKey, sealed.slice(0, 60), aad))).toBe('sealed_malformed');
    expect(await openFailure(openSealed(central.privateKey, `${sealed}=`, aad))).toBe('sealed_malformed');
    expect(await openFailure(openSealed(central.privateKey, 'a+b/', aad))).toBe('sealed_malformed');
  });

  it('rebuilds the key pair from its raw halves, and refuses halves that do not belong together', async () => {
    const restored = await importHpkeKeyPair(rawPrivateKey, central.publicKey);
    expect(restored.keyId).toBe(central.keyId);
    const sealed = await sealForCentral(central.publicKey, text('x'), aad);
    expect(Buffer.from(await openSealed(restored.privateKey, sealed, aad)).toString()).toBe('x');
    const stranger = (await generateHpkeKeyPair()).keyPair;
    await expect(importHpkeKeyPair(rawPrivateKey, stranger.publicKey)).rejects.toBeInstanceOf(SealedPayloadError);
  });

  it('round-trips any plaintext and AAD', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 256 }), async (plaintext, extra) => {
        const sealed = await sealForCentral(central.publicKey, plaintext, extra);
        expect(Buffer.from(await openSealed(central.privateKey, sealed, extra))).toEqual(Buffer.from(plaintext));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses every single-bit change after the version byte', async () => {
    const sealed = await sealForCentral(central.publicKey, text('a short payload'), aad);
    const length = Buffer.from(sealed, 'base64url').length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: length - 1 }), fc.integer({ min: 0, max: 7 }), async (index, bit) => {
        expect(await openFailure(openSealed(central.privateKey, flipBit(sealed, index, bit), aad))).toBe('sealed_open_failed');
      }),
      { numRuns: 100 },
    );
  });
});
