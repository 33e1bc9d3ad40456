/**
 * The one place that loads @peculiar/x509. The library decorates its ASN.1
 * schemas with TypeScript metadata, so `reflect-metadata` must be loaded
 * before it; and it signs and verifies through Web Crypto, for which we hand it
 * Node's own implementation (OpenSSL), not a polyfill.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/**
 * Key types as @peculiar/x509 declares them (the DOM's Web Crypto types).
 * Node's webcrypto returns the same objects under its own, newer typings; the
 * two disagree only on key-usage names neither side uses here, so keys are
 * cast once, in this file.
 */
export type X509KeyPair = x509.X509CertificateCreateSelfSignedParams['keys'];
export type X509PrivateKey = x509.X509CertificateCreateWithKeyParams['signingKey'];

x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

export { x509 };

/**
 * ECDSA P-256 with SHA-256 for every key and signature we make: the
 * architecture's client-certificate rule, and the curve BoringSSL (Electron)
 * handles without surprises (reliability-security.md §7).
 */
export const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function generateEcdsaP256KeyPair(): Promise<X509KeyPair> {
  // Extractable: the keys are written to PEM files (central) or handed to tls (kiosk).
  return (await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as unknown as X509KeyPair;
}

export async function privateKeyToPem(key: X509PrivateKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key as unknown as webcrypto.CryptoKey), 'PRIVATE KEY');
}

export async function importEcdsaP256PrivateKey(pem: string): Promise<X509PrivateKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return (await webcrypto.subtle.importKey('pkcs8', der, ECDSA_P256, true, ['sign'])) as unknown as X509PrivateKey;
}
