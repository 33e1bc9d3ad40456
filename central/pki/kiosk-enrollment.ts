/**
 * The kiosk's side of registration: make an ECDSA P-256 key and a CSR naming
 * the kiosk, then build the TLS client options for every later request
 * (reliability-security.md §7, "Node https.Agent": device certificate, key,
 * the pinned private CA, minVersion set explicitly, rejectUnauthorized left on).
 *
 * central/ shares nothing with the kiosk but the OpenAPI contract, so the
 * kiosk service cannot import this file; it is here for the tests and the
 * embedded start, and is the reference the kiosk's central client copies.
 */
import type { ConnectionOptions } from 'node:tls';
import { x509, ECDSA_P256, generateEcdsaP256KeyPair, privateKeyToPem } from './x509.ts';
import { isValidKioskId } from './certificates.ts';

export interface KioskKeyAndCsr {
  privateKeyPem: string;
  csrPem: string;
}

export async function createKioskKeyAndCsr(kioskId: string): Promise<KioskKeyAndCsr> {
  if (!isValidKioskId(kioskId)) throw new RangeError('kiosk id must be 1-64 letters, digits, dots, dashes or underscores');
  const keys = await generateEcdsaP256KeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: [{ CN: [kioskId] }], keys, signingAlgorithm: ECDSA_P256 });
  return { privateKeyPem: await privateKeyToPem(keys.privateKey), csrPem: csr.toString('pem') };
}

export interface KioskCredentials {
  certificatePem: string;
  privateKeyPem: string;
  caCertificatePem: string;
}

export type KioskTlsOptions = Pick<ConnectionOptions, 'cert' | 'key' | 'ca' | 'minVersion' | 'rejectUnauthorized'>;

/**
 * Options for `tls.connect`, `https.request`, an `https.Agent` or undici's
 * `connect`. `ca` replaces the system roots: the kiosk trusts the central CA
 * and nothing else. Without credentials (the registration call itself) it
 * still pins the CA when one is known.
 */
export function kioskTlsOptions(credentials: Partial<KioskCredentials> & Pick<KioskCredentials, 'caCertificatePem'>): KioskTlsOptions {
  return {
    ca: credentials.caCertificatePem,
    ...(credentials.certificatePem !== undefined && { cert: credentials.certificatePem }),
    ...(credentials.privateKeyPem !== undefined && { key: credentials.privateKeyPem }),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
  };
}
