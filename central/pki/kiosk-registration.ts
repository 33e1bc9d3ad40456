/**
 * The kiosk certificate authority: one-time registration tokens, CSR signing,
 * and the check that maps a TLS client certificate to a registered, unrevoked
 * kiosk (reliability-security.md §7, "On the server": map the certificate to a
 * kiosk record that can be revoked; ASVS 12.1.3).
 *
 * A certificate is accepted only if this store recorded issuing it. So a
 * certificate signed but never recorded (the token turned out to be spent by
 * a concurrent request) is worthless, and revocation is a store update.
 */
import { createHash, randomBytes } from 'node:crypto';
import { x509 } from './x509.ts';
import { issueKioskCertificate, isValidKioskId, kioskIdFromCertificate, normalizeSerial } from './certificates.ts';
import type { CentralPki } from './central-pki.ts';
import type { KioskPkiStore, RevocationReason } from './kiosk-pki-store.ts';

/** 256 bits from the CSPRNG: unguessable, so a fast hash is enough to store it (no need for a password hash). */
export const REGISTRATION_TOKEN_BYTES = 32;
export const DEFAULT_REGISTRATION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** A P-256 CSR is about 400 bytes of PEM; anything near this limit is not one of ours. */
export const MAX_CSR_PEM_LENGTH = 8 * 1024;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const CSR_PEM_HEADER = '-----BEGIN CERTIFICATE REQUEST-----';

export type KioskRegistrationErrorCode =
  | 'kiosk_id_invalid'
  | 'registration_token_invalid'
  | 'registration_token_used'
  | 'registration_token_expired'
  | 'csr_malformed'
  | 'csr_signature_invalid'
  | 'csr_key_unsupported'
  | 'csr_kiosk_mismatch';

export class KioskRegistrationError extends Error {
  readonly code: KioskRegistrationErrorCode;
  constructor(code: KioskRegistrationErrorCode, message: string) {
    super(message);
    this.name = 'KioskRegistrationError';
    this.code = code;
  }
}

export interface KioskIdentity {
  kioskId: string;
  /** Normalised certificate serial (lowercase hex). */
  serial: string;
}

export interface KioskRegistration extends KioskIdentity {
  certificatePem: string;
  caCertificatePem: string;
  notAfter: Date;
}

export type KioskAuthentication =
  | { ok: true; kiosk: KioskIdentity }
  | { ok: false; reason: 'certificate_unparseable' | 'certificate_not_kiosk' | 'certificate_unknown' | 'certificate_revoked' | 'certificate_expired' };

export interface KioskCertificateAuthority {
  /** Returns the token once; only its hash is kept. */
  issueRegistrationToken(kioskId: string, ttlMs?: number): { token: string; expiresAt: Date };
  registerKiosk(token: string, csrPem: string): Promise<KioskRegistration>;
  /** For a certificate the TLS layer already chained to the CA: is it a registered, live kiosk? */
  authenticate(certificateDer: Uint8Array): KioskAuthentication;
  revoke(serial: string, reason?: RevocationReason): boolean;
}

export function hashRegistrationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createKioskCertificateAuthority(
  pki: Pick<CentralPki, 'ca'>,
  store: KioskPkiStore,
  now: () => Date = () => new Date(),
): KioskCertificateAuthority {
  return {
    issueRegistrationToken(kioskId, ttlMs = DEFAULT_REGISTRATION_TOKEN_TTL_MS) {
      if (!isValidKioskId(kioskId)) throw new KioskRegistrationError('kiosk_id_invalid', 'kiosk id must be 1-64 letters, digits, dots, dashes or underscores');
      const token = randomBytes(REGISTRATION_TOKEN_BYTES).toString('base64url');
      const createdAt = now().getTime();
      const expiresAt = createdAt + ttlMs;
      store.insertRegistrationToken({ tokenHash: hashRegistrationToken(token), kioskId, createdAt, expiresAt, usedAt: null });
      return { token, expiresAt: new Date(expiresAt) };
    },

    async registerKiosk(token, csrPem) {
      const tokenHash = TOKEN_PATTERN.test(token) ? hashRegistrationToken(token) : null;
      const record = tokenHash === null ? undefined : store.findRegistrationToken(tokenHash);
      // Checked before any CSR work, so a bad token costs us nothing; checked
      // again inside completeRegistration, which is what actually decides.
      if (!record || tokenHash === null) throw tokenError('token_unknown');
      if (record.usedAt !== null) throw tokenError('token_used');
      if (record.expiresAt <= now().getTime()) throw tokenError('token_expired');

      const csr = await verifiedCsr(csrPem);
      const commonNames = csr.subjectName.getField('CN');
      if (commonNames.length !== 1 || commonNames[0] !== record.kioskId) {
        throw new KioskRegistrationError('csr_kiosk_mismatch', 'the CSR subject CN must be the kiosk id the token was issued for');
      }
      // Only the CSR's public key is used: its requested extensions are
      // ignored, so a kiosk cannot ask for cA=TRUE or serverAuth.
      const issuedAt = now();
      const { certificate, pem } = await issueKioskCertificate(pki.ca.certificate, pki.ca.key, csr.publicKey, record.kioskId, issuedAt);
      const serial = normalizeSerial(certificate.serialNumber);
      const outcome = store.completeRegistration(tokenHash, issuedAt.getTime(), {
        serial,
        kioskId: record.kioskId,
        issuedAt: issuedAt.getTime(),
        notAfter: certificate.notAfter.getTime(),
        revokedAt: null,
        revocationReason: null,
      });
      if (outcome !== 'registered') throw tokenError(outcome);
      return { kioskId: record.kioskId, serial, certificatePem: pem, caCertificatePem: pki.ca.pem, notAfter: certificate.notAfter };
    },

    authenticate(certificateDer) {
      const identity = identityOf(certificateDer);
      if (!identity.ok) return identity;
      const { kioskId, serial } = identity;
      const record = store.findCertificate(serial);
      if (!record || record.kioskId !== kioskId) return { ok: false, reason: 'certificate_unknown' };
      if (record.revokedAt !== null) return { ok: false, reason: 'certificate_revoked' };
      // The handshake checked validity once; a keep-alive connection can outlive it.
      if (record.notAfter <= now().getTime()) return { ok: false, reason: 'certificate_expired' };
      return { ok: true, kiosk: { kioskId, serial } };
    },

    revoke(serial, reason = 'unspecified') {
      return store.revokeCertificate(normalizeSerial(serial), now().getTime(), reason);
    },
  };
}

type CertificateIdentity =
  | { readonly ok: true; readonly kioskId: string; readonly serial: string }
  | { readonly ok: false; readonly reason: 'certificate_unparseable' | 'certificate_not_kiosk' };

/**
 * What a certificate says about itself (kiosk id, serial), parsed once per
 * distinct certificate: a kiosk presents the same one on every request, and
 * parsing it (ASN.1, extensions) cost more than the rest of authenticating.
 * Revocation and expiry are not cached: they are the store's, read each time.
 */
const identities = new Map<string, CertificateIdentity>();
const IDENTITIES_KEPT = 512;

function identityOf(certificateDer: Uint8Array): CertificateIdentity {
  const key = createHash('sha256').update(certificateDer).digest('base64');
  const cached = identities.get(key);
  if (cached !== undefined) return cached;
  let identity: CertificateIdentity;
  try {
    const certificate = new x509.X509Certificate(new Uint8Array(certificateDer));
    const kioskId = kioskIdFromCertificate(certificate);
    identity = kioskId === null ? { ok: false, reason: 'certificate_not_kiosk' } : { ok: true, kioskId, serial: normalizeSerial(certificate.serialNumber) };
  } catch {
    identity = { ok: false, reason: 'certificate_unparseable' };
  }
  if (identities.size >= IDENTITIES_KEPT) identities.delete(identities.keys().next().value!);
  identities.set(key, identity);
  return identity;
}

function tokenError(outcome: 'token_unknown' | 'token_used' | 'token_expired'): KioskRegistrationError {
  switch (outcome) {
    case 'token_unknown':
      return new KioskRegistrationError('registration_token_invalid', 'the registration token is not valid');
    case 'token_used':
      return new KioskRegistrationError('registration_token_used', 'the registration token has already been used');
    case 'token_expired':
      return new KioskRegistrationError('registration_token_expired', 'the registration token has expired');
  }
}

/** RFC 2986: parse, require an ECDSA P-256 key, and check the CSR's proof of possession (its self-signature). */
async function verifiedCsr(csrPem: string): Promise<x509.Pkcs10CertificateRequest> {
  const text = csrPem.trim();
  if (text.length > MAX_CSR_PEM_LENGTH || !text.startsWith(CSR_PEM_HEADER)) {
    throw new KioskRegistrationError('csr_malformed', 'expected a PEM "CERTIFICATE REQUEST"');
  }
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(text);
  } catch {
    throw new KioskRegistrationError('csr_malformed', 'the CSR could not be parsed');
  }
  const algorithm = csr.publicKey.algorithm as { name?: string; namedCurve?: string };
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') {
    throw new KioskRegistrationError('csr_key_unsupported', 'kiosk keys must be ECDSA P-256');
  }
  let valid = false;
  try {
    valid = await csr.verify();
  } catch {
    valid = false;
  }
  if (!valid) throw new KioskRegistrationError('csr_signature_invalid', 'the CSR signature does not verify with its own public key');
  return csr;
}
