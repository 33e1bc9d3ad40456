import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centralPkiPaths, loadOrCreateCentralPki } from '../../../central/pki/central-pki.ts';
import { PkiFileError } from '../../../central/pki/pki-files.ts';
import { x509 } from '../../../central/pki/x509.ts';
import { temporaryDataDir } from '../server/https-client.ts';

const DAY = 24 * 60 * 60 * 1000;
const mode = (path: string) => statSync(path).mode & 0o777;

describe('central PKI on disk', () => {
  it('creates the CA, the server certificate and the HPKE key on first start, with key files 0600 and certificates 0644', async () => {
    const dataDir = temporaryDataDir();
    const pki = await loadOrCreateCentralPki(dataDir);
    const paths = centralPkiPaths(dataDir);
    expect(pki.created).toEqual({ ca: true, server: true, hpke: true, directive: true });
    expect(mode(paths.directory)).toBe(0o700);
    for (const key of [paths.caKey, paths.serverKey, paths.hpkeKey, paths.directiveKey]) expect(mode(key)).toBe(0o600);
    for (const certificate of [paths.caCertificate, paths.serverCertificate, paths.directiveCertificate]) expect(mode(certificate)).toBe(0o644);
    expect(readFileSync(paths.caKey, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('makes a P-256 CA certificate with cA=TRUE, keyCertSign and cRLSign, valid for about ten years', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const { ca } = await loadOrCreateCentralPki(temporaryDataDir(), () => now);
    const certificate = new x509.X509Certificate(ca.pem);
    expect(certificate.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(certificate.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: true, critical: true });
    const usage = certificate.getExtension(x509.KeyUsagesExtension)!.usages;
    expect(usage).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(await certificate.isSelfSigned()).toBe(true);
    const years = (certificate.notAfter.getTime() - now.getTime()) / (365 * DAY);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
  });

  it('makes a server certificate for localhost, 127.0.0.1 and ::1, serverAuth only, from the CA, for about a year', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const pki = await loadOrCreateCentralPki(temporaryDataDir(), () => now);
    const server = new x509.X509Certificate(pki.server.certificatePem);
    const names = server.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON();
    expect(names).toEqual([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
    ]);
    expect(server.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(server.getExtension(x509.BasicConstraintsExtension)!.ca).toBe(false);
    expect(await server.verify({ publicKey: pki.ca.certificate.publicKey, date: now })).toBe(true);
    expect(Math.round((server.notAfter.getTime() - now.getTime()) / DAY)).toBe(365);
  });

  it('loads the same CA, server certificate and HPKE key on the second start', async () => {
    const dataDir = temporaryDataDir();
    const first = await loadOrCreateCentralPki(dataDir);
    const second = await loadOrCreateCentralPki(dataDir);
    expect(second.created).toEqual({ ca: false, server: false, hpke: false, directive: false });
    expect(second.ca.pem).toBe(first.ca.pem);
    expect(second.server.certificatePem).toBe(first.server.certificatePem);
    expect(second.hpke.keyId).toBe(first.hpke.keyId);
    expect(Buffer.from(second.hpke.publicKey)).toEqual(Buffer.from(first.hpke.publicKey));
  });

  it('re-issues the server certificate from the same CA when it is within 30 days of expiry', async () => {
    const dataDir = temporaryDataDir();
    const start = new Date('2026-03-01T12:00:00Z');
    const first = await loadOrCreateCentralPki(dataDir, () => start);
    const later = await loadOrCreateCentralPki(dataDir, () => new Date(start.getTime() + 340 * DAY));
    expect(later.created).toEqual({ ca: false, server: true, hpke: false, directive: true });
    expect(later.ca.pem).toBe(first.ca.pem);
    expect(later.server.certificatePem).not.toBe(first.server.certificatePem);
  });

  it.each([['caKey'], ['serverKey'], ['hpkeKey']] as const)('refuses to start when %s is readable by group or others', async (file) => {
    const dataDir = temporaryDataDir();
    await loadOrCreateCentralPki(dataDir);
    const path = centralPkiPaths(dataDir)[file];
    chmodSync(path, 0o640);
    await expect(loadOrCreateCentralPki(dataDir)).rejects.toSatisfy(
      (error) => error instanceof PkiFileError && error.code === 'key_file_too_open' && error.path === path,
    );
    chmodSync(path, 0o604);
    await expect(loadOrCreateCentralPki(dataDir)).rejects.toBeInstanceOf(PkiFileError);
  });

  it('refuses a CA certificate whose key is missing rather than minting a new CA over it', async () => {
    const dataDir = temporaryDataDir();
    const first = await loadOrCreateCentralPki(dataDir);
    rmSync(first.paths.caKey);
    await expect(loadOrCreateCentralPki(dataDir)).rejects.toSatisfy((error) => error instanceof PkiFileError && error.code === 'pki_incomplete');
    expect(readFileSync(first.paths.caCertificate, 'utf8')).toBe(first.ca.pem);
  });
});
