/**
 * The provider's signing keys (rotation keeps the retired key one round for
 * verification), `oidc rotate-keys`, the exit code of a bad client
 * configuration, and that the provider takes no path of the API's.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EX_CONFIG } from '../../../central/oidc/config.ts';
import { loadOrCreateSigningKeys, rotateSigningKeys, SIGNING_KEYS_FILE } from '../../../central/oidc/keys.ts';
import { removeTempDirs } from '../domain/support.ts';
import { openCentralDatabase, openCentralStorage } from '../../../central/storage/index.ts';
import { httpsCall, temporaryDataDir } from '../server/https-client.ts';
import { startSandbox } from './support.ts';

afterAll(removeTempDirs);

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['central/main.ts', ...args], {
    env: { ...process.env, CENTRAL_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('signing keys', () => {
  it('rotates: the new key first, the previous one kept, the one before dropped, the file 0600', () => {
    const dir = temporaryDataDir();
    const [first] = loadOrCreateSigningKeys(dir);
    const second = rotateSigningKeys(dir);
    expect(second.map((k) => k.kid)).toEqual([expect.any(String), first!.kid]);
    expect(second[0]!.kid).not.toBe(first!.kid);
    const third = rotateSigningKeys(dir);
    expect(third.map((k) => k.kid)).toEqual([third[0]!.kid, second[0]!.kid]);
    expect(statSync(join(dir, SIGNING_KEYS_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigningKeys(dir)).toEqual(third);
  });

  it('publishes both keys after a rotation, the new one first', async () => {
    const dataDir = temporaryDataDir();
    const before = loadOrCreateSigningKeys(dataDir);
    const after = rotateSigningKeys(dataDir);
    const sandbox = await startSandbox({ dataDir });
    try {
      const jwks = (await (await sandbox.fetch(`${sandbox.server.url}/jwks`, {} as never)).json()) as { keys: { kid: string; d?: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual([after[0]!.kid, before[0]!.kid]);
      expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});

describe('npm run central', () => {
  it('`oidc rotate-keys --data-dir` rotates the keys of that directory', async () => {
    const dir = temporaryDataDir();
    const [first] = loadOrCreateSigningKeys(dir);
    const result = await run(['oidc', 'rotate-keys', '--data-dir', dir]);
    expect(result.code).toBe(0);
    const keys = JSON.parse(readFileSync(join(dir, SIGNING_KEYS_FILE), 'utf8')) as { keys: { kid: string }[] };
    expect(keys.keys.map((k) => k.kid)).toEqual([expect.any(String), first!.kid]);
    expect(result.out).toContain(keys.keys[0]!.kid);
    expect((await run(['oidc', 'rotate-keys', '--bogus'])).code).toBe(64);
  }, 60_000);

  it("`oidc second-factor on|off RUN` turns the account's e-mailed code on and off", async () => {
    const dataDir = temporaryDataDir();
    const { db } = openCentralStorage(join(dataDir, 'central.db'));
    const person = db.prepare<[], { id: number; run: string }>('SELECT id, run FROM persons ORDER BY id LIMIT 1').get()!;
    db.prepare(
      "INSERT INTO accounts (person_id, email, phone, password_hash, channel, kiosk_id, created_at) VALUES (?, 'a@example.cl', '+56987654321', 'x', 'one-step', NULL, 0)",
    ).run(person.id);
    db.close();
    const enabled = () => {
      const check = openCentralDatabase(join(dataDir, 'central.db'));
      try {
        return check.prepare('SELECT count(*) AS n FROM sign_in_second_factor WHERE person_id = ?').get(person.id);
      } finally {
        check.close();
      }
    };
    expect((await run(['oidc', 'second-factor', 'on', person.run, '--data-dir', dataDir])).code).toBe(0);
    expect(enabled()).toEqual({ n: 1 });
    expect((await run(['oidc', 'second-factor', 'off', person.run, '--data-dir', dataDir])).code).toBe(0);
    expect(enabled()).toEqual({ n: 0 });
    const unknown = await run(['oidc', 'second-factor', 'on', '11.111.111-1', '--data-dir', dataDir]);
    expect([unknown.code, unknown.err]).toEqual([1, 'No account has that RUN.\n']);
  }, 60_000);

  it('exits 78 with the reason when CENTRAL_OIDC_CLIENTS is invalid', async () => {
    const result = await run([], { CENTRAL_DATA_DIR: temporaryDataDir(), CENTRAL_OIDC_CLIENTS: '[{"client_id":"x"}]' });
    expect(result.code).toBe(EX_CONFIG);
    expect(result.err).toContain('Invalid OpenID Connect configuration: CENTRAL_OIDC_CLIENTS[0].client_secret');
  }, 60_000);
});

describe('the provider beside the API', () => {
  it('takes only its own paths: an unknown path without a client certificate is still refused without saying whether it exists', async () => {
    const sandbox = await startSandbox();
    try {
      const tls = { ca: sandbox.server.pki.ca.pem };
      const unknown = await httpsCall(sandbox.server, { path: '/no/such/path', tls });
      expect([unknown.status, unknown.json]).toEqual([401, expect.objectContaining({ code: 'client_certificate_required' })]);
      const discovery = await httpsCall(sandbox.server, { path: '/.well-known/openid-configuration', tls });
      expect(discovery.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
