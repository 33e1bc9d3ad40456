/**
 * A throwaway CA and directive-signing certificates for the kiosk's tests:
 * what central's heartbeat answer carries, made the way the wire contract
 * says (P-256, SHA-256, IEEE P1363 signature over the payload bytes).
 */
import { sign } from 'node:crypto';
import { createDevelopmentCa, randomSerialNumber } from '../../../central/pki/certificates.ts';
import { ECDSA_P256, generateEcdsaP256KeyPair, privateKeyToPem, x509, type X509PrivateKey } from '../../../central/pki/x509.ts';
import type { DirectivePayload, SignedDirective } from '../../../electron/service/central/heartbeat-contract.ts';

export interface TestCa {
  readonly pem: string;
  readonly certificate: x509.X509Certificate;
  readonly key: X509PrivateKey;
}

export interface DirectiveSigner {
  readonly certificatePem: string;
  readonly keyPem: string;
}

export async function testCa(now = new Date()): Promise<TestCa> {
  const keys = await generateEcdsaP256KeyPair();
  const { certificate, pem } = await createDevelopmentCa(keys, now, 'Throwaway test CA');
  return { pem, certificate, key: keys.privateKey };
}

export async function directiveSigner(
  ca: TestCa,
  options: { commonName?: string; notBefore?: Date; notAfter?: Date; keyUsage?: x509.KeyUsageFlags | null } = {},
): Promise<DirectiveSigner> {
  const keys = await generateEcdsaP256KeyPair();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create({
    subject: [{ CN: [options.commonName ?? 'central directive signing'] }],
    issuer: ca.certificate.subjectName,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    serialNumber: randomSerialNumber(),
    signingAlgorithm: ECDSA_P256,
    notBefore: options.notBefore ?? new Date(now - 3_600_000),
    notAfter: options.notAfter ?? new Date(now + 30 * 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      ...(options.keyUsage === null ? [] : [new x509.KeyUsagesExtension(options.keyUsage ?? x509.KeyUsageFlags.digitalSignature, true)]),
    ],
  });
  return { certificatePem: certificate.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

export function directivePayload(overrides: Partial<DirectivePayload> = {}): DirectivePayload {
  return {
    kioskId: 'kiosk-hb-01',
    heartbeatKey: '00000000-0000-4000-8000-000000000000',
    outOfService: true,
    office: 'Oficina del Registro Civil, Av. Ejemplo 123',
    reason: 'Mantención programada',
    issuedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Signs `payload` (an object, serialised here, or exact bytes) with `signer`. */
export function signDirective(signer: DirectiveSigner, payload: DirectivePayload | Uint8Array): SignedDirective {
  const bytes = payload instanceof Uint8Array ? Buffer.from(payload) : Buffer.from(JSON.stringify(payload), 'utf8');
  const signature = sign('sha256', bytes, { key: signer.keyPem, dsaEncoding: 'ieee-p1363' });
  return { payload: bytes.toString('base64url'), signature: signature.toString('base64url'), certificate: signer.certificatePem };
}
