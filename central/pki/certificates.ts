/**
 * Certificates of the development PKI, built with @peculiar/x509 (no
 * hand-rolled ASN.1). Profiles follow RFC 5280 §4.2.1: the CA gets
 * basicConstraints cA=TRUE and keyCertSign/cRLSign; end-entity certificates get
 * cA=FALSE, digitalSignature only (ECDHE does the key agreement, the
 * certificate key only signs) and the one extendedKeyUsage their role needs.
 * BoringSSL, which Electron uses, checks keyUsage strictly (reliability-
 * security.md §7, electron #31042), so these are not decoration.
 */
import { randomBytes } from 'node:crypto';
import { x509, ECDSA_P256 } from './x509.ts';
import type { X509KeyPair, X509PrivateKey } from './x509.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const CA_VALIDITY_DAYS = 3650;
export const SERVER_CERTIFICATE_VALIDITY_DAYS = 365;
export const KIOSK_CERTIFICATE_VALIDITY_DAYS = 365;
/** Tolerate kiosks whose clock runs a little behind the server's. */
const BACKDATE_MS = 5 * 60 * 1000;

/** The SAN URI that binds a client certificate to a kiosk (an RFC 8141 URN). */
export const KIOSK_URN_PREFIX = 'urn:claveunica-kiosk:';

/**
 * A kiosk id travels in a certificate CN, a URN and URLs: keep it to
 * characters that need no escaping in any of them (RFC 8141 NSS, RFC 3986
 * unreserved), and short.
 */
export const KIOSK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidKioskId(kioskId: string): boolean {
  return KIOSK_ID_PATTERN.test(kioskId);
}

/**
 * 126 random bits, positive and without a leading zero octet so that every
 * tool prints it the same way. RFC 5280 §4.1.2.2 allows up to 20 octets; the
 * CA/Browser Forum asks for at least 64 bits of CSPRNG output.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString('hex');
}

/** Serials compared as lowercase hex without leading zeros (Node prints them uppercase). */
export function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+(?=.)/, '');
}

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + days * DAY_MS) };
}

export interface IssuedCertificate {
  certificate: x509.X509Certificate;
  pem: string;
}

export async function createDevelopmentCa(keys: X509KeyPair, now: Date, commonName = 'ClaveUnica Kiosk Sandbox Development CA'): Promise<IssuedCertificate> {
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [commonName] }, { O: ['Kiosk enrollment sandbox'] }],
    keys,
    serialNumber: randomSerialNumber(),
    signingAlgorithm: ECDSA_P256,
    ...validity(now, CA_VALIDITY_DAYS),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, pem: certificate.toString('pem') };
}

interface LeafParams {
  ca: x509.X509Certificate;
  caKey: X509PrivateKey;
  publicKey: x509.PublicKeyType;
  subject: x509.JsonName;
  usage: x509.ExtendedKeyUsage;
  subjectAltNames: x509.JsonGeneralNames;
  validityDays: number;
  now: Date;
}

async function issueLeaf(params: LeafParams): Promise<IssuedCertificate> {
  const certificate = await x509.X509CertificateGenerator.create({
    subject: params.subject,
    issuer: params.ca.subjectName,
    publicKey: params.publicKey,
    signingKey: params.caKey,
    serialNumber: randomSerialNumber(),
    signingAlgorithm: ECDSA_P256,
    ...validity(params.now, params.validityDays),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([params.usage]),
      new x509.SubjectAlternativeNameExtension(params.subjectAltNames),
      await x509.SubjectKeyIdentifierExtension.create(params.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(params.ca),
    ],
  });
  return { certificate, pem: certificate.toString('pem') };
}

/** The sandbox listens on loopback; its name must match every way a client may dial it. */
export function issueServerCertificate(ca: x509.X509Certificate, caKey: X509PrivateKey, publicKey: x509.PublicKeyType, now: Date): Promise<IssuedCertificate> {
  return issueLeaf({
    ca,
    caKey,
    publicKey,
    now,
    subject: [{ CN: ['localhost'] }],
    usage: x509.ExtendedKeyUsage.serverAuth,
    subjectAltNames: [
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
    ],
    validityDays: SERVER_CERTIFICATE_VALIDITY_DAYS,
  });
}

/**
 * The kiosk id is carried twice: in the CN for people reading logs and
 * `openssl x509 -text`, and in a SAN URI because RFC 6125 §6.4.4 and common
 * practice treat the CN as legacy; the server reads the URI.
 */
export function issueKioskCertificate(
  ca: x509.X509Certificate,
  caKey: X509PrivateKey,
  publicKey: x509.PublicKeyType,
  kioskId: string,
  now: Date,
): Promise<IssuedCertificate> {
  return issueLeaf({
    ca,
    caKey,
    publicKey,
    now,
    subject: [{ CN: [kioskId] }, { O: ['Kiosk enrollment sandbox'] }],
    usage: x509.ExtendedKeyUsage.clientAuth,
    subjectAltNames: [{ type: 'url', value: `${KIOSK_URN_PREFIX}${kioskId}` }],
    validityDays: KIOSK_CERTIFICATE_VALIDITY_DAYS,
  });
}

/** The kiosk id from the certificate's SAN URI, or null when there is not exactly one valid one. */
export function kioskIdFromCertificate(certificate: x509.X509Certificate): string | null {
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  const ids = (san?.names.items ?? [])
    .filter((name) => name.type === 'url' && name.value.startsWith(KIOSK_URN_PREFIX))
    .map((name) => name.value.slice(KIOSK_URN_PREFIX.length));
  return ids.length === 1 && isValidKioskId(ids[0]!) ? ids[0]! : null;
}
