import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { extractMinutiae, minutiaeRecord } from '../../../biometrics/fingerprint/extraction/index.ts';
import {
  applyMigrations,
  DatabaseFromNewerVersion,
  ENROLLED_FINGERS,
  ENROLMENT_IMPRESSION_INDEX,
  enrolmentRecord,
  loadOrCreateServerSecret,
  MIGRATIONS,
  openCentralDatabase,
  openCentralStorage,
  schemaText,
  schemaVersion,
  ServerSecretInvalid,
} from '../../../central/storage/index.ts';
import { Registry } from '../../../central/domain/registry.ts';
import { PkiFileError } from '../../../central/pki/pki-files.ts';
import { FINGERPRINT_WORK_TIMEOUT_MS } from '../domain/support.ts';
import { citizenFingerKey, decodeFingerMinutiaeRecord, defaultPopulation, fingerImage, matchRecords, SCENARIO_SHARES } from '../../../synthetic/index.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

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

  it.skipIf(process.platform === 'win32')('creates central.db, its -wal and -shm readable by the owner only (0600), and tightens an older looser file', () => {
    const path = tempPath();
    const db = openCentralDatabase(path);
    db.prepare('INSERT INTO rate_limit_events (bucket, at) VALUES (?, ?)').run('mode-check', 1);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file)).toBe(true);
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    }
    db.close();
    chmodSync(path, 0o644);
    openCentralDatabase(path).close();
    expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
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
    const rows = ['persons', 'cards', 'fingerprint_enrolments', 'fingerprint_templates', 'registry_meta'].map((t) =>
      db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all(),
    );
    db.close();
    return rows;
  };

  it('seeds the default population on first start, with each person’s card, flags and enrolled fingers', () => {
    const path = tempPath();
    const { db, seed } = openCentralStorage(path);
    expect(seed).toEqual({ seeded: true, persons: 1000 });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM fingerprint_enrolments')).toBe(1000 * ENROLLED_FINGERS.length);
    // Templates are derived from the enrolment images on first need, not at seed time.
    expect(count('SELECT count(*) AS n FROM fingerprint_templates')).toBe(0);
    expect(count("SELECT count(*) AS n FROM cards WHERE status = 'blocked'")).toBe(1000 * SCENARIO_SHARES.card_blocked);
    expect(count('SELECT count(*) AS n FROM persons WHERE has_account = 1')).toBe(1000 * SCENARIO_SHARES.has_account);
    const citizen = defaultPopulation().citizens[0]!;
    const person = db.prepare('SELECT * FROM persons WHERE run = ?').get(`${citizen.run.number}-${citizen.run.checkDigit}`) as Record<string, unknown>;
    expect(person).toMatchObject({
      given_names: JSON.stringify(citizen.givenNames),
      surnames: JSON.stringify(citizen.surnames),
      birth_date: citizen.birthDate,
    });
    expect(db.prepare('SELECT card_type, expiry_date FROM cards WHERE serial = ?').get(citizen.serial)).toEqual({
      card_type: citizen.cardType,
      expiry_date: citizen.expiryDate,
    });
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

  it('keys enrolment images by the canonical RUN, the key the fingerprint simulators use', () => {
    for (const citizen of defaultPopulation().citizens.slice(0, 50))
      expect(citizenFingerKey(citizen.run)).toBe(`${citizen.run.number}-${citizen.run.checkDigit}`);
  });

  it("enrols from an image: a kiosk image of the same finger matches the enrolled template, another citizen's does not", () => {
    const [a, b] = defaultPopulation().citizens;
    const enrolled = decodeFingerMinutiaeRecord(enrolmentRecord(citizenFingerKey(a!.run), 2).record);
    if (!enrolled.ok) throw enrolled.error;
    expect(enrolled.value.views[0]!.fingerPosition).toBe(2);
    const probe = (key: string) => {
      const extraction = extractMinutiae(fingerImage(key, 2, 3, 'good', '256x288'));
      if (!extraction.ok) throw extraction.error;
      return minutiaeRecord(extraction.value, { fingerPosition: 2 });
    };
    expect(matchRecords(probe(citizenFingerKey(a!.run)), enrolled.value).matched).toBe(true);
    expect(matchRecords(probe(citizenFingerKey(b!.run)), enrolled.value).matched).toBe(false);
    expect(ENROLMENT_IMPRESSION_INDEX).toBeGreaterThan(100_000);
  });

  it("derives a finger's template on first need, stores it, and reuses it; fingers not enrolled have none", () => {
    const { db } = openCentralStorage(tempPath(), { seed: { size: 5 } });
    const person = db.prepare('SELECT id, run FROM persons ORDER BY id LIMIT 1').get() as { id: number; run: string };
    const derivations: string[] = [];
    const registry = new Registry(db, (run, position) => {
      derivations.push(`${run}/${position}`);
      return enrolmentRecord(run, position as 2);
    });
    const first = db.transaction(() => registry.template(person, 2))();
    expect(first).toBeInstanceOf(Uint8Array);
    expect(db.prepare('SELECT count(*) AS n FROM fingerprint_templates WHERE person_id = ? AND finger_position = 2').get(person.id)).toEqual({ n: 1 });
    expect(db.transaction(() => registry.template(person, 2))()).toEqual(first);
    expect(derivations).toEqual([`${person.run}/2`]);
    expect(db.transaction(() => registry.template(person, 3))()).toBeUndefined();
    expect(registry.enrolledFingers(person.id)).toEqual([...ENROLLED_FINGERS].sort((x, y) => x - y));
    db.close();
  });

  it('moves templates of a database seeded before image enrolment into enrolments, to be re-derived from images', () => {
    const db = new Database(tempPath());
    applyMigrations(db, MIGRATIONS.slice(0, 4));
    db.prepare("INSERT INTO persons (id, run, given_names, surnames, birth_date, nationality) VALUES (1, '15234871-1', '[]', '[]', '1990-01-01', 'CHL')").run();
    db.prepare("INSERT INTO fingerprint_templates VALUES (1, 2, x'00', 80, '2020-01-01'), (1, 7, x'00', 80, '2020-01-01')").run();
    applyMigrations(db, MIGRATIONS);
    expect(db.prepare('SELECT person_id, finger_position, enrolled_on FROM fingerprint_enrolments ORDER BY 2').all()).toEqual([
      { person_id: 1, finger_position: 2, enrolled_on: '2020-01-01' },
      { person_id: 1, finger_position: 7, enrolled_on: '2020-01-01' },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM fingerprint_templates').get()).toEqual({ n: 0 });
    db.close();
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

  it.skipIf(process.platform === 'win32')('refuses a secret file that group or others can read, like the PKI key files', () => {
    const dir = join(tempPath(), '..');
    loadOrCreateServerSecret(dir);
    chmodSync(join(dir, 'server-secret.key'), 0o644);
    expect(() => loadOrCreateServerSecret(dir)).toThrow(PkiFileError);
    expect(() => loadOrCreateServerSecret(dir)).toThrow(expect.objectContaining({ code: 'key_file_too_open' }));
  });

  it('refuses a secret file of the wrong size', () => {
    const dir = join(tempPath(), '..');
    writeFileSync(join(dir, 'server-secret.key'), 'short', { mode: 0o600 });
    expect(() => loadOrCreateServerSecret(dir)).toThrow(ServerSecretInvalid);
  });
});
