import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyMetadataSignature } from '../../electron/host/update-metadata.ts';
import { REPO_ROOT } from '../support/kiosk-process.ts';

function run(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/sign-update.ts'), ...args], { encoding: 'utf8' });
}

const METADATA = `version: 1.2.0
files:
  - url: enrollment-kiosk-1.2.0-amd64.deb
    sha512: c2hhNTEyIG9mIHRoZSBwYWNrYWdl
    size: 1024
path: enrollment-kiosk-1.2.0-amd64.deb
sha512: c2hhNTEyIG9mIHRoZSBwYWNrYWdl
releaseDate: '2026-12-01T10:00:00.000Z'
`;

describe('scripts/sign-update.ts', () => {
  it('makes a release key, signs latest-linux.yml with it, and the public half verifies it as a kiosk would', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sign-update-'));
    const key = join(dir, 'release-key.pem');
    const keygen = run('keygen', key);
    expect(keygen.status).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const publicPem = keygen.stdout;
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    writeFileSync(join(dir, 'public.pem'), publicPem);

    const yml = join(dir, 'latest-linux.yml');
    writeFileSync(yml, METADATA);
    expect(run('sign', '--key', key, yml).status).toBe(0);
    expect(verifyMetadataSignature(readFileSync(yml), readFileSync(`${yml}.sig`, 'utf8'), publicPem)).toEqual({ ok: true });
    expect(run('verify', '--public-key', join(dir, 'public.pem'), yml)).toMatchObject({ status: 0 });

    // The server changes the metadata after signing: verification fails with the code a kiosk logs.
    writeFileSync(yml, METADATA.replace('1.2.0', '6.6.6'));
    const tampered = run('verify', '--public-key', join(dir, 'public.pem'), yml);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toContain('update.signature_invalid');
  });

  it('never writes over an existing release key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sign-update-'));
    const key = join(dir, 'release-key.pem');
    writeFileSync(key, 'the key every kiosk trusts');
    expect(run('keygen', key).status).toBe(73);
    expect(readFileSync(key, 'utf8')).toBe('the key every kiosk trusts');
  });

  it('answers a wrong command line with its usage', () => {
    for (const args of [[], ['sign', 'latest-linux.yml'], ['keygen'], ['sign', '--nope', 'x'], ['frobnicate', 'x']]) {
      const result = run(...args);
      expect(result.status).toBe(64);
      expect(result.stderr).toContain('usage:');
    }
  });
});
