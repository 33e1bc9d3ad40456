/**
 * The central sandbox's own key material, under `<dataDir>/pki/`: created on
 * first start, loaded on every later one.
 *
 *     ca.crt       0644  development CA (ECDSA P-256, 10 years)
 *     ca.key       0600  its PKCS#8 private key
 *     server.crt   0644  TLS server certificate for localhost, 127.0.0.1, ::1 (1 year)
 *     server.key   0600
 *     hpke-key.json 0600 the X25519 key kiosks seal queued payloads to
 *     directive.crt 0644  the key that signs directives to kiosks (directive-signing.ts)
 *     directive.key 0600
 *
 * Losing ca.key invalidates every kiosk certificate, and losing the HPKE key
 * makes every payload still queued on a kiosk unreadable, so neither is ever
 * regenerated over an existing file. The server certificate is disposable and
 * is re-issued when missing, not from this CA, or within 30 days of expiry.
 */
import { join } from 'node:path';
import { x509, generateEcdsaP256KeyPair, importEcdsaP256PrivateKey, privateKeyToPem } from './x509.ts';
import type { X509PrivateKey } from './x509.ts';
import { createDevelopmentCa, issueServerCertificate } from './certificates.ts';
import { loadOrCreateDirectiveSigner, type DirectiveSigner } from './directive-signing.ts';
import { generateHpkeKeyPair, importHpkeKeyPair, HPKE_SUITE, type HpkeKeyPair } from './hpke.ts';
import {
  CERTIFICATE_FILE_MODE,
  KEY_FILE_MODE,
  PkiFileError,
  ensurePkiDirectory,
  fileExists,
  readCertificateFile,
  readKeyFile,
  writeFileAtomic,
} from './pki-files.ts';

const SERVER_RENEWAL_MARGIN_MS = 30 * 24 * 60 * 60 * 1000;

export interface CentralPkiPaths {
  directory: string;
  caCertificate: string;
  caKey: string;
  serverCertificate: string;
  serverKey: string;
  hpkeKey: string;
  directiveCertificate: string;
  directiveKey: string;
}

export interface CentralPki {
  paths: CentralPkiPaths;
  ca: { certificate: x509.X509Certificate; pem: string; key: X509PrivateKey };
  server: { certificatePem: string; keyPem: string; notAfter: Date };
  hpke: HpkeKeyPair;
  directive: DirectiveSigner;
  /** What this start created (false: loaded from disk). */
  created: { ca: boolean; server: boolean; hpke: boolean; directive: boolean };
}

export function centralPkiPaths(dataDir: string): CentralPkiPaths {
  const directory = join(dataDir, 'pki');
  return {
    directory,
    caCertificate: join(directory, 'ca.crt'),
    caKey: join(directory, 'ca.key'),
    serverCertificate: join(directory, 'server.crt'),
    serverKey: join(directory, 'server.key'),
    hpkeKey: join(directory, 'hpke-key.json'),
    directiveCertificate: join(directory, 'directive.crt'),
    directiveKey: join(directory, 'directive.key'),
  };
}

export async function loadOrCreateCentralPki(dataDir: string, now: () => Date = () => new Date()): Promise<CentralPki> {
  const paths = centralPkiPaths(dataDir);
  ensurePkiDirectory(paths.directory);
  const ca = await loadOrCreateCa(paths, now());
  const server = await loadOrCreateServerCertificate(paths, ca, now());
  const hpke = await loadOrCreateHpkeKey(paths);
  const directive = await loadOrCreateDirectiveSigner(paths, ca, now());
  return {
    paths,
    ca: { certificate: ca.certificate, pem: ca.pem, key: ca.key },
    server: { certificatePem: server.certificatePem, keyPem: server.keyPem, notAfter: server.notAfter },
    hpke: hpke.keyPair,
    directive: directive.signer,
    created: { ca: ca.created, server: server.created, hpke: hpke.created, directive: directive.created },
  };
}

async function loadOrCreateCa(paths: CentralPkiPaths, now: Date) {
  const haveCertificate = fileExists(paths.caCertificate);
  const haveKey = fileExists(paths.caKey);
  if (haveCertificate !== haveKey) {
    throw new PkiFileError(
      'pki_incomplete',
      haveKey ? paths.caCertificate : paths.caKey,
      `development CA is incomplete: ${haveKey ? paths.caCertificate : paths.caKey} is missing; restore it or remove the pki directory to start over`,
    );
  }
  if (haveCertificate) {
    const key = await importEcdsaP256PrivateKey(readKeyFile(paths.caKey));
    const pem = readCertificateFile(paths.caCertificate);
    return { certificate: new x509.X509Certificate(pem), pem, key, created: false };
  }
  const keys = await generateEcdsaP256KeyPair();
  const { certificate, pem } = await createDevelopmentCa(keys, now);
  // Key first: a certificate without its key would be the "incomplete" case above.
  writeFileAtomic(paths.caKey, await privateKeyToPem(keys.privateKey), KEY_FILE_MODE);
  writeFileAtomic(paths.caCertificate, pem, CERTIFICATE_FILE_MODE);
  return { certificate, pem, key: keys.privateKey, created: true };
}

async function loadOrCreateServerCertificate(paths: CentralPkiPaths, ca: { certificate: x509.X509Certificate; key: X509PrivateKey }, now: Date) {
  if (fileExists(paths.serverCertificate) && fileExists(paths.serverKey)) {
    const keyPem = readKeyFile(paths.serverKey);
    const certificatePem = readCertificateFile(paths.serverCertificate);
    const certificate = new x509.X509Certificate(certificatePem);
    const fromThisCa = await certificate.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true });
    if (fromThisCa && certificate.notAfter.getTime() - now.getTime() > SERVER_RENEWAL_MARGIN_MS) {
      return { certificatePem, keyPem, notAfter: certificate.notAfter, created: false };
    }
  }
  const keys = await generateEcdsaP256KeyPair();
  const { certificate, pem } = await issueServerCertificate(ca.certificate, ca.key, keys.publicKey, now);
  const keyPem = await privateKeyToPem(keys.privateKey);
  writeFileAtomic(paths.serverKey, keyPem, KEY_FILE_MODE);
  writeFileAtomic(paths.serverCertificate, pem, CERTIFICATE_FILE_MODE);
  return { certificatePem: pem, keyPem, notAfter: certificate.notAfter, created: true };
}

interface HpkeKeyFile {
  format: 'claveunica-central-hpke-key/v1';
  suite: typeof HPKE_SUITE;
  keyId: string;
  publicKey: string;
  privateKey: string;
}

async function loadOrCreateHpkeKey(paths: CentralPkiPaths): Promise<{ keyPair: HpkeKeyPair; created: boolean }> {
  if (fileExists(paths.hpkeKey)) {
    const file = JSON.parse(readKeyFile(paths.hpkeKey)) as HpkeKeyFile;
    if (file.format !== 'claveunica-central-hpke-key/v1') {
      throw new PkiFileError('pki_incomplete', paths.hpkeKey, `${paths.hpkeKey} is not an HPKE key file this version understands`);
    }
    const keyPair = await importHpkeKeyPair(Buffer.from(file.privateKey, 'base64url'), Buffer.from(file.publicKey, 'base64url'));
    return { keyPair, created: false };
  }
  const { keyPair, rawPrivateKey } = await generateHpkeKeyPair();
  const file: HpkeKeyFile = {
    format: 'claveunica-central-hpke-key/v1',
    suite: HPKE_SUITE,
    keyId: keyPair.keyId,
    publicKey: Buffer.from(keyPair.publicKey).toString('base64url'),
    privateKey: Buffer.from(rawPrivateKey).toString('base64url'),
  };
  writeFileAtomic(paths.hpkeKey, `${JSON.stringify(file, null, 2)}\n`, KEY_FILE_MODE);
  rawPrivateKey.fill(0);
  return { keyPair, created: true };
}

/** SHA-256 fingerprint of a certificate, for logs and the startup banner (never the key). */
export async function certificateFingerprint(certificate: x509.X509Certificate): Promise<string> {
  return Buffer.from(await certificate.getThumbprint('SHA-256')).toString('hex');
}
