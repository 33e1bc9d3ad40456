import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCentralPki, type CentralPki } from '../../../central/pki/central-pki.ts';
import { KIOSK_URN_PREFIX, normalizeSerial } from '../../../central/pki/certificates.ts';
import { createKioskKeyAndCsr } from '../../../central/pki/kiosk-enrollment.ts';
import { createInMemoryKioskPkiStore } from '../../../central/pki/kiosk-pki-store.ts';
import {
  createKioskCertificateAuthority,
  hashRegistrationToken,
  KioskRegistrationError,
  type KioskCertificateAuthority,
} from '../../../central/pki/kiosk-registration.ts';
import { x509, type X509KeyPair } from '../../../central/pki/x509.ts';
import { temporaryDataDir } from '../server/https-client.ts';

const DAY = 24 * 60 * 60 * 1000;
let pki: CentralPki;
beforeAll(async () => {
  pki = await loadOrCreateCentralPki(temporaryDataDir());
});

function setup(start = new Date('2026-05-01T10:00:00Z')) {
  const clock = { now: start };
  const store = createInMemoryKioskPkiStore();
  const authority = createKioskCertificateAuthority(pki, store, () => clock.now);
  return { clock, store, authority };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KioskRegistrationError) return error.code;
    throw error;
  }
  throw new Error('expected a KioskRegistrationError');
}

/** Flips one bit in the last octet of the DER: inside the ECDSA signature's s value, so the CSR still parses. */
function withBrokenSignature(csrPem: string): string {
  const der = Buffer.from(x509.PemConverter.decodeFirst(csrPem));
  der[der.length - 1]! ^= 0x01;
  return x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
}

async function csrWithKey(keys: X509KeyPair, signingAlgorithm: Algorithm | EcdsaParams, kioskId = 'kiosk-1'): Promise<string> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: [{ CN: [kioskId] }], keys, signingAlgorithm });
  return csr.toString('pem');
}

async function register(authority: KioskCertificateAuthority, kioskId = 'kiosk-1') {
  const { token } = authority.issueRegistrationToken(kioskId);
  const { csrPem } = await createKioskKeyAndCsr(kioskId);
  return authority.registerKiosk(token, csrPem);
}

describe('registration tokens', () => {
  it('are 256 random bits in base64url, stored only as a SHA-256 hash with an expiry', () => {
    const { authority, store, clock } = setup();
    const { token, expiresAt } = authority.issueRegistrationToken('kiosk-1', 60_000);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(expiresAt.getTime()).toBe(clock.now.getTime() + 60_000);
    const stored = store.findRegistrationToken(hashRegistrationToken(token));
    expect(stored).toMatchObject({ kioskId: 'kiosk-1', usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(authority.issueRegistrationToken('kiosk-1').token).not.toBe(token);
  });

  it('are only issued for kiosk ids that fit a CN, a URN and a URL', () => {
    const { authority } = setup();
    for (const kioskId of ['', 'a b', 'kiosk/1', '-kiosk', 'x'.repeat(65), 'quiosco-ñ']) {
      expect(() => authority.issueRegistrationToken(kioskId)).toThrow(KioskRegistrationError);
    }
  });
});

describe('registering a kiosk', () => {
  it('issues a one-year ECDSA client certificate from the dev CA carrying the kiosk id in the CN and a SAN URN', async () => {
    const { authority, clock } = setup();
    const registration = await register(authority, 'totem-santiago-01');
    const certificate = new x509.X509Certificate(registration.certificatePem);
    expect(registration.kioskId).toBe('totem-santiago-01');
    expect(certificate.subjectName.getField('CN')).toEqual(['totem-santiago-01']);
    expect(certificate.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON()).toEqual([
      { type: 'url', value: `${KIOSK_URN_PREFIX}totem-santiago-01` },
    ]);
    expect(certificate.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(certificate.getExtension(x509.KeyUsagesExtension)!.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(certificate.getExtension(x509.BasicConstraintsExtension)!.ca).toBe(false);
    expect(certificate.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(certificate.issuer).toBe(pki.ca.certificate.subject);
    expect(await certificate.verify({ publicKey: pki.ca.certificate.publicKey, date: clock.now })).toBe(true);
    expect(Math.round((certificate.notAfter.getTime() - clock.now.getTime()) / DAY)).toBe(365);
    expect(registration.serial).toBe(normalizeSerial(certificate.serialNumber));
    expect(registration.caCertificatePem).toBe(pki.ca.pem);
  });

  it('gives every certificate a fresh random serial of at least 64 bits', async () => {
    const { authority } = setup();
    const serials = await Promise.all(['k1', 'k2', 'k3', 'k4'].map(async (kioskId) => (await register(authority, kioskId)).serial));
    expect(new Set(serials).size).toBe(4);
    for (const serial of serials) expect(serial.length).toBeGreaterThanOrEqual(16);
  });

  it('ignores extensions the CSR asks for (a kiosk cannot request cA=TRUE or serverAuth)', async () => {
    const { authority } = setup();
    const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as unknown as X509KeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: [{ CN: ['kiosk-1'] }],
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new x509.BasicConstraintsExtension(true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth])],
    });
    const { token } = authority.issueRegistrationToken('kiosk-1');
    const certificate = new x509.X509Certificate((await authority.registerKiosk(token, csr.toString('pem'))).certificatePem);
    expect(certificate.getExtension(x509.BasicConstraintsExtension)!.ca).toBe(false);
    expect(certificate.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
  });

  it('refuses a token a second time', async () => {
    const { authority } = setup();
    const { token } = authority.issueRegistrationToken('kiosk-1');
    await authority.registerKiosk(token, (await createKioskKeyAndCsr('kiosk-1')).csrPem);
    expect(await refusal(authority.registerKiosk(token, (await createKioskKeyAndCsr('kiosk-1')).csrPem))).toBe('registration_token_used');
  });

  it('lets exactly one of two concurrent registrations with the same token through', async () => {
    const { authority } = setup();
    const { token } = authority.issueRegistrationToken('kiosk-1');
    const [a, b] = await Promise.all([createKioskKeyAndCsr('kiosk-1'), createKioskKeyAndCsr('kiosk-1')]);
    const outcomes = await Promise.allSettled([authority.registerKiosk(token, a.csrPem), authority.registerKiosk(token, b.csrPem)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect((rejected?.reason as KioskRegistrationError).code).toBe('registration_token_used');
  });

  it('refuses an expired token', async () => {
    const { authority, clock } = setup();
    const { token } = authority.issueRegistrationToken('kiosk-1', 60_000);
    clock.now = new Date(clock.now.getTime() + 60_000);
    expect(await refusal(authority.registerKiosk(token, (await createKioskKeyAndCsr('kiosk-1')).csrPem))).toBe('registration_token_expired');
  });

  it('refuses an unknown or malformed token', async () => {
    const { authority } = setup();
    const { csrPem } = await createKioskKeyAndCsr('kiosk-1');
    expect(await refusal(authority.registerKiosk(Buffer.alloc(32, 7).toString('base64url'), csrPem))).toBe('registration_token_invalid');
    expect(await refusal(authority.registerKiosk('short', csrPem))).toBe('registration_token_invalid');
  });

  it('refuses a CSR whose self-signature does not verify, and keeps the token usable', async () => {
    const { authority } = setup();
    const { token } = authority.issueRegistrationToken('kiosk-1');
    const { csrPem } = await createKioskKeyAndCsr('kiosk-1');
    expect(await refusal(authority.registerKiosk(token, withBrokenSignature(csrPem)))).toBe('csr_signature_invalid');
    await expect(authority.registerKiosk(token, csrPem)).resolves.toMatchObject({ kioskId: 'kiosk-1' });
  });

  it('refuses RSA and P-384 keys: kiosk keys are ECDSA P-256', async () => {
    const { authority } = setup();
    const rsa = (await webcrypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as unknown as X509KeyPair;
    const p384 = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify'])) as unknown as X509KeyPair;
    const { token } = authority.issueRegistrationToken('kiosk-1');
    expect(await refusal(authority.registerKiosk(token, await csrWithKey(rsa, { name: 'RSASSA-PKCS1-v1_5' })))).toBe('csr_key_unsupported');
    expect(await refusal(authority.registerKiosk(token, await csrWithKey(p384, { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams)))).toBe(
      'csr_key_unsupported',
    );
  });

  it('refuses text that is not a PEM certificate request', async () => {
    const { authority } = setup();
    const { token } = authority.issueRegistrationToken('kiosk-1');
    for (const csr of [
      '',
      'hello',
      '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----',
      pki.ca.pem,
      `-----BEGIN CERTIFICATE REQUEST-----\n${'A'.repeat(9000)}`,
    ]) {
      expect(await refusal(authority.registerKiosk(token, csr))).toBe('csr_malformed');
    }
  });

  it('refuses a CSR naming another kiosk than the one the token was issued for', async () => {
    const { authority } = setup();
    const { token } = authority.issueRegistrationToken('kiosk-1');
    expect(await refusal(authority.registerKiosk(token, (await createKioskKeyAndCsr('kiosk-2')).csrPem))).toBe('csr_kiosk_mismatch');
  });
});

describe('authenticating a client certificate', () => {
  const der = (pem: string) => new Uint8Array(x509.PemConverter.decodeFirst(pem));

  it('maps a registered certificate to its kiosk', async () => {
    const { authority } = setup();
    const registration = await register(authority, 'kiosk-7');
    expect(authority.authenticate(der(registration.certificatePem))).toEqual({ ok: true, kiosk: { kioskId: 'kiosk-7', serial: registration.serial } });
  });

  it('refuses a revoked certificate, and re-registration supersedes the previous one', async () => {
    const { authority, store } = setup();
    const first = await register(authority);
    const second = await register(authority);
    expect(authority.authenticate(der(first.certificatePem))).toEqual({ ok: false, reason: 'certificate_revoked' });
    expect(store.findCertificate(first.serial)?.revocationReason).toBe('superseded');
    expect(authority.revoke(second.serial, 'key_compromise')).toBe(true);
    expect(authority.revoke(second.serial)).toBe(false);
    expect(authority.authenticate(der(second.certificatePem))).toEqual({ ok: false, reason: 'certificate_revoked' });
    expect(
      store
        .listRevokedCertificates()
        .map((record) => record.serial)
        .sort(),
    ).toEqual([first.serial, second.serial].sort());
  });

  it('refuses a certificate this store never recorded (for example from another CA with the same kiosk id)', async () => {
    const other = setup();
    const foreign = await register(other.authority);
    const { authority } = setup();
    expect(authority.authenticate(der(foreign.certificatePem))).toEqual({ ok: false, reason: 'certificate_unknown' });
  });

  it('refuses a certificate past its notAfter on a connection that outlived it', async () => {
    const { authority, clock } = setup();
    const registration = await register(authority);
    clock.now = new Date(registration.notAfter.getTime() + 1);
    expect(authority.authenticate(der(registration.certificatePem))).toEqual({ ok: false, reason: 'certificate_expired' });
  });

  it('refuses a certificate without a kiosk URN (the server certificate) and bytes that are not a certificate', () => {
    const { authority } = setup();
    expect(authority.authenticate(der(pki.server.certificatePem))).toEqual({ ok: false, reason: 'certificate_not_kiosk' });
    expect(authority.authenticate(new Uint8Array([1, 2, 3]))).toEqual({ ok: false, reason: 'certificate_unparseable' });
  });
});
