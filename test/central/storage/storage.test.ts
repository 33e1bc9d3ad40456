import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { citizenFinger } from '../../../drivers/fingerprint/simulated-fingers.ts';
import {
  applyMigrations,
  DatabaseFromNewerVersion,
  ENROLLED_FINGERS,
  loadOrCreateServerSecret,
  MIGRATIONS,
  openCentralDatabase,
  openCentralStorage,
  schemaText,
  schemaVersion,
  ServerSecretInvalid,
} from '../../../central/storage/index.ts';
import { citizenFingerKey, defaultPopulation, generateFinger, SCENARIO_SHARES } from '../../../synthetic/index.ts';

const dirs: string[] = [];
const tempPath = (name = 'central.db') => {
  const dir = mkdtempSync(join(tmpdir(), 'central-storage-'));
  dirs.push(dir);
  return join(dir, name);
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the central database', () => {
  it('opens in WAL mode with synchronous=FULL, foreign keys on and a busy timeout', () => {
    const db = openCentralDatabase(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(() => db.prepare("INSERT INTO cards VALUES ('X1234567', 999, 'CEDULA', '2020-01-01', '2030-01-01', 'valid')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('applies every migration once, tracked by user_version', () => {
    const path = tempPath();
    const db = openCentralDatabase(path);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(applyMigrations(db, MIGRATIONS)).toEqual([]);
    db.close();
    const again = openCentralDatabase(path);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('has the schema pinned by the snapshot', async () => {
    const db = openCentralDatabase(tempPath());
    await expect(schemaText(db)).toMatchFileSnapshot('./schema.snapshot.sql');
    db.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    const path = tempPath();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openCentralDatabase(path)).toThrow(DatabaseFromNewerVersion);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({ n: 0 });
    check.close();
  });
});

describe('the registry seed', () => {
  const dump = (path: string) => {
    const db = new Database(path, { readonly: true });
    const rows = ['persons', 'cards', 'fingerprint_templates', 'registry_meta'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all());
    db.close();
    return rows;
  };

  it('seeds the default population on first start, with each person’s card, flags and enrolled fingers', () => {
    const path = tempPath();
    const { db, seed } = openCentralStorage(path);
    expect(seed).toEqual({ seeded: true, persons: 1000 });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM fingerprint_templates')).toBe(1000 * ENROLLED_FINGERS.length);
    expect(count("SELECT count(*) AS n FROM cards WHERE status = 'blocked'")).toBe(1000 * SCENARIO_SHARES.card_blocked);
    expect(count('SELECT count(*) AS n FROM persons WHERE has_account = 1')).toBe(1000 * SCENARIO_SHARES.has_account);
    const citizen = defaultPopulation().citizens[0]!;
    const person = db.prepare('SELECT * FROM persons WHERE run = ?').get(`${citizen.run.number}-${citizen.run.checkDigit}`) as Record<string, unknown>;
    expect(person).toMatchObject({ given_names: JSON.stringify(citizen.givenNames), surnames: JSON.stringify(citizen.surnames), birth_date: citizen.birthDate });
    expect(db.prepare('SELECT card_type, expiry_date FROM cards WHERE serial = ?').get(citizen.serial)).toEqual({ card_type: citizen.cardType, expiry_date: citizen.expiryDate });
    db.close();
  });

  it('is deterministic: two first starts give the same registry', () => {
    const [a, b] = [tempPath(), tempPath()];
    openCentralStorage(a).db.close();
    openCentralStorage(b).db.close();
    expect(dump(a)).toEqual(dump(b));
  });

  it('seeds only once: a later start keeps the registry as it is', () => {
    const path = tempPath();
    openCentralStorage(path, { seed: { size: 20 } }).db.close();
    const { db, seed } = openCentralStorage(path, { seed: { size: 50 } });
    expect(seed).toEqual({ seeded: false, persons: 20 });
    db.close();
  });

  it('enrols the very fingers the fingerprint simulators present', () => {
    for (const citizen of defaultPopulation().citizens.slice(0, 50)) {
      for (const position of ENROLLED_FINGERS) expect(generateFinger(citizenFingerKey(citizen.run), position)).toEqual(citizenFinger(citizen, position));
    }
  });
});

describe('the server secret', () => {
  it('is created once, 32 bytes, readable by the owner only, and read back unchanged', () => {
    const dir = join(tempPath(), '..');
    const secret = loadOrCreateServerSecret(dir);
    expect(secret).toHaveLength(32);
    expect(statSync(join(dir, 'server-secret.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateServerSecret(dir)).toEqual(secret);
  });

  it('refuses a secret file of the wrong size', () => {
    const dir = join(tempPath(), '..');
    writeFileSync(join(dir, 'server-secret.key'), 'short');
    expect(() => loadOrCreateServerSecret(dir)).toThrow(ServerSecretInvalid);
  });
});
