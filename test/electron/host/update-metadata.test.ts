import { createHash, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimsMatchSignedMetadata,
  metadataValues,
  releasePublicKey,
  signMetadata,
  UpdateMetadataError,
  verifyMetadataSignature,
} from '../../../electron/host/update-metadata.ts';

function p256() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const release = p256();
const DEB = 'enrollment-kiosk-1.2.0-amd64.deb';
const DEB_SHA512 = createHash('sha512').update('the package').digest('base64');
// The shape electron-builder writes for a deb target (files list, then the legacy path/sha512 pair).
const LATEST_LINUX = `version: 1.2.0
files:
  - url: ${DEB}
    sha512: ${DEB_SHA512}
    size: 104857600
path: ${DEB}
sha512: ${DEB_SHA512}
releaseDate: '2026-12-01T10:00:00.000Z'
`;
const metadata = Buffer.from(LATEST_LINUX);
const claims = { version: '1.2.0', files: [{ url: DEB, sha512: DEB_SHA512 }] };

describe('verifyMetadataSignature', () => {
  it('accepts metadata signed with the release key', () => {
    expect(verifyMetadataSignature(metadata, signMetadata(metadata, release.privatePem), release.publicPem)).toEqual({ ok: true });
  });

  it('refuses metadata changed by one byte after signing', () => {
    const signature = signMetadata(metadata, release.privatePem);
    const changed = Buffer.from(LATEST_LINUX.replace('1.2.0', '1.2.1'));
    const check = verifyMetadataSignature(changed, signature, release.publicPem);
    expect(check.ok ? null : check.error.code).toBe('update.signature_invalid');
  });

  it('refuses a signature made with another key', () => {
    const check = verifyMetadataSignature(metadata, signMetadata(metadata, p256().privatePem), release.publicPem);
    expect(check.ok ? null : check.error.code).toBe('update.signature_invalid');
  });

  it('refuses a configured key that is not ECDSA P-256', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const pem of [rsa, p384, 'not a key', '']) {
      expect(releasePublicKey(pem)).toMatchObject({ name: 'UpdateMetadataError', code: 'update.key_invalid' });
    }
    expect(() =>
      signMetadata(metadata, generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).toThrow(UpdateMetadataError);
  });

  it.each(['', '\n', 'not base64!', 'A'.repeat(200), 'QUJD\nREVG'])('refuses the signature text %j as malformed', (text) => {
    const check = verifyMetadataSignature(metadata, text, release.publicPem);
    expect(check.ok ? null : check.error.code).toBe('update.signature_malformed');
  });

  it('never accepts, and never throws on, any other signature text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 140 }),
          fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('base64')),
        ),
        (text) => {
          const check = verifyMetadataSignature(metadata, text, release.publicPem);
          expect(check.ok).toBe(false);
          if (!check.ok) expect(['update.signature_malformed', 'update.signature_invalid']).toContain(check.error.code);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('claimsMatchSignedMetadata', () => {
  it('accepts what electron-updater read when the signed file says the same', () => {
    expect(claimsMatchSignedMetadata(LATEST_LINUX, claims)).toEqual({ ok: true });
    expect(claimsMatchSignedMetadata(LATEST_LINUX.replace('version: 1.2.0', "version: '1.2.0'"), claims)).toEqual({ ok: true });
  });

  it.each([
    ['another version', { ...claims, version: '1.3.0' }],
    ['another sha512', { ...claims, files: [{ url: DEB, sha512: createHash('sha512').update('other').digest('base64') }] }],
    ['another file', { ...claims, files: [{ url: 'evil.deb', sha512: DEB_SHA512 }] }],
    ['no files at all', { ...claims, files: [] }],
  ])('refuses %s', (_what, claimed) => {
    const check = claimsMatchSignedMetadata(LATEST_LINUX, claimed);
    expect(check.ok ? null : check.error.code).toBe('update.metadata_mismatch');
  });

  it('refuses signed metadata with two versions in it', () => {
    const check = claimsMatchSignedMetadata(`${LATEST_LINUX}version: 9.9.9\n`, claims);
    expect(check.ok).toBe(false);
  });
});

describe('metadataValues', () => {
  it('reads plain, quoted and list-item values', () => {
    expect(metadataValues(LATEST_LINUX)).toEqual({ version: ['1.2.0'], url: [DEB], sha512: [DEB_SHA512, DEB_SHA512] });
  });

  it('never throws, and finds back any value it is given on its own line', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9+/=._-]{1,40}$/);
    fc.assert(
      fc.property(fc.string(), value, fc.constantFrom('version', 'url', 'sha512'), (noise, v, key) => {
        metadataValues(noise);
        const found = metadataValues(`${noise.replace(/[\r\n]/g, ' ')}\n  - ${key}: ${v}\n`);
        expect(found[key as 'version' | 'url' | 'sha512']).toContain(v);
      }),
    );
  });
});
