/**
 * Signed directives: what central tells a kiosk to do (go out of service,
 * come back) travels inside a heartbeat answer, signed by a key of its own
 * whose certificate central's CA issues. A kiosk already trusts that CA for
 * TLS, so it can check a directive without new trust material, and a
 * directive still proves itself if it reaches the kiosk some other way than
 * the TLS session (a proxy, a log, a replay).
 *
 *     directive.crt  0644  CN 'central directive signing', keyUsage digitalSignature, 1 year
 *     directive.key  0600  its PKCS#8 private key (ECDSA P-256)
 *
 * Like the server certificate it is disposable: kiosks trust the CA, not this
 * key, so it is re-issued with a fresh key when missing, not from this CA, or
 * within 30 days of expiry.
 *
 * Signature: ECDSA P-256 with SHA-256 over the exact payload bytes, IEEE P1363
 * (r‖s, 64 bytes), which WebCrypto and node:crypto both produce and verify
 * without DER handling.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { x509, ECDSA_P256, generateEcdsaP256KeyPair, privateKeyToPem, type X509PrivateKey } from './x509.ts';
import { randomSerialNumber } from './certificates.ts';
import { CERTIFICATE_FILE_MODE, KEY_FILE_MODE, fileExists, readCertificateFile, readKeyFile, writeFileAtomic } from './pki-files.ts';
import type { DirectivePayload, SignedDirective } from '../api/heartbeat-wire.ts';

export const DIRECTIVE_SIGNING_COMMON_NAME = 'central directive signing';
export const DIRECTIVE_CERTIFICATE_VALIDITY_DAYS = 365;
const RENEWAL_MARGIN_MS = 30 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const BACKDATE_MS = 5 * 60 * 1000;

export interface DirectiveSigner {
  readonly certificatePem: string;
  readonly notAfter: Date;
  /** Serialises `payload` to UTF-8 JSON and signs those bytes. */
  sign(payload: DirectivePayload): SignedDirective;
}

export function directiveSigner(certificatePem: string, notAfter: Date, key: KeyObject): DirectiveSigner {
  return {
    certificatePem,
    notAfter,
    sign(payload) {
      const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
      const signature = sign('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' });
      return { payload: bytes.toString('base64url'), signature: signature.toString('base64url'), certificate: certificatePem };
    },
  };
}

export async function issueDirectiveSigningCertificate(
  ca: x509.X509Certificate,
  caKey: X509PrivateKey,
  publicKey: x509.PublicKeyType,
  now: Date,
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    subject: [{ CN: [DIRECTIVE_SIGNING_COMMON_NAME] }, { O: ['Kiosk enrollment sandbox'] }],
    issuer: ca.subjectName,
    publicKey,
    signingKey: caKey,
    serialNumber: randomSerialNumber(),
    signingAlgorithm: ECDSA_P256,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + DIRECTIVE_CERTIFICATE_VALIDITY_DAYS * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
}

export async function loadOrCreateDirectiveSigner(
  paths: { directiveCertificate: string; directiveKey: string },
  ca: { certificate: x509.X509Certificate; key: X509PrivateKey },
  now: Date,
): Promise<{ signer: DirectiveSigner; created: boolean }> {
  if (fileExists(paths.directiveCertificate) && fileExists(paths.directiveKey)) {
    const keyPem = readKeyFile(paths.directiveKey);
    const certificatePem = readCertificateFile(paths.directiveCertificate);
    const certificate = new x509.X509Certificate(certificatePem);
    const fromThisCa = await certificate.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true });
    if (fromThisCa && certificate.notAfter.getTime() - now.getTime() > RENEWAL_MARGIN_MS)
      return { signer: directiveSigner(certificatePem, certificate.notAfter, createPrivateKey(keyPem)), created: false };
  }
  const keys = await generateEcdsaP256KeyPair();
  const certificate = await issueDirectiveSigningCertificate(ca.certificate, ca.key, keys.publicKey, now);
  const certificatePem = certificate.toString('pem');
  const keyPem = await privateKeyToPem(keys.privateKey);
  // Key first: a certificate whose key is missing would be re-issued anyway, but never the other way round.
  writeFileAtomic(paths.directiveKey, keyPem, KEY_FILE_MODE);
  writeFileAtomic(paths.directiveCertificate, certificatePem, CERTIFICATE_FILE_MODE);
  return { signer: directiveSigner(certificatePem, certificate.notAfter, createPrivateKey(keyPem)), created: true };
}
