import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskConfigStore, resolveServiceConfig, validateConfigPatch } from '../../../electron/service/config/kiosk-config.ts';
import { assertKeyFileProtected, type KeyProtector, readProtectedKey } from '../../../electron/service/config/key-protector.ts';
import { configFromEnv, ConfigError, dataDirFromEnv, DEFAULT_SERVICE_CONFIG, ServiceConfigSchema } from '../../../electron/service/config/service-config.ts';
import { type KioskDatabase, kioskDatabasePath, openKioskDatabase } from '../../../electron/service/db/database.ts';

const T0 = new Date('2026-01-15T12:00:00.000Z');
const T1 = new Date('2026-01-15T13:00:00.000Z');
/** A syntactically valid Argon2id PHC string with synthetic salt and hash (no PIN behind it). */
const SYNTHETIC_PIN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c3ludGhldGljc2FsdA$c3ludGhldGljLWhhc2gtbm90LWEtcGlu';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo();
});

function tempDir(prefix = 'kiosk-config-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(dataDir: string): KioskDatabase {
  const db = openKioskDatabase(kioskDatabasePath(dataDir));
  cleanup.push(() => db.close());
  return db;
}

function row(db: KioskDatabase): { document: string; updated_at: string } | undefined {
  return db.prepare('SELECT document, updated_at FROM kiosk_config WHERE id = 1').get() as { document: string; updated_at: string } | undefined;
}

function keyFile(dir: string, mode: number): string {
  const path = join(dir, `client-${mode.toString(8)}.key`);
  writeFileSync(path, '-----BEGIN PRIVATE KEY-----\nc3ludGhldGljIHRlc3Qga2V5\n-----END PRIVATE KEY-----\n');
  chmodSync(path, mode);
  return path;
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the configuration schema', () => {
  it('gives every new field a default: the embedded development setup', () => {
    expect(DEFAULT_SERVICE_CONFIG).toMatchObject({
      office: 'Oficina de desarrollo',
      timeZone: 'America/Santiago',
      stepTimeouts: { cardSeconds: 90, fingerSeconds: 60, entrySeconds: 180, centralSeconds: 20 },
      attemptLimits: { cardReads: 3, fingerCaptures: 4 },
      outbox: { minFreeMiB: 200, maxPendingRows: 10_000, maxAgeDays: 7 },
    });
    expect(DEFAULT_SERVICE_CONFIG.technicianPinHash).toBeUndefined();
    expect(DEFAULT_SERVICE_CONFIG.centralClientKeyFile).toBeUndefined();
  });

  it.each([
    ['timeZone', { timeZone: 'Mars/Olympus' }],
    ['timeZone', { timeZone: '-03:00' }],
    ['office', { office: '' }],
    ['office', { office: 'x'.repeat(121) }],
    ['stepTimeouts.cardSeconds', { stepTimeouts: { cardSeconds: 0 } }],
    ['stepTimeouts.centralSeconds', { stepTimeouts: { centralSeconds: 1.5 } }],
    ['attemptLimits.fingerCaptures', { attemptLimits: { fingerCaptures: 0 } }],
    ['outbox.maxAgeDays', { outbox: { maxAgeDays: 366 } }],
    ['technicianPinHash', { technicianPinHash: '1234' }],
    ['technicianPinHash', { technicianPinHash: '$argon2i$v=19$m=19456,t=2,p=1$c3ludGhldGljc2FsdA$c3ludGhldGljLWhhc2gtbm90LWEtcGlu' }],
    ['centralClientKeyFile', { centralClientCertFile: '/etc/kiosk/client.crt' }],
    ['devices.printer', { simulatedDevices: false, devices: { fingerprint: 'none', cardReader: 'none' } }],
    ['devices.printer', { devices: { printer: 'hid:04b8:0202' } }],
    ['stepTimeouts.seconds', { stepTimeouts: { seconds: 5 } }],
    ['colour', { colour: 'blue' }],
    ['dataDir', { dataDir: '/elsewhere' }],
    ['centralRegistrationToken', { centralRegistrationToken: 'synthetic-token' }],
  ])('refuses a patch with a bad %s, naming it', (field, patch) => {
    expect(validateConfigPatch(patch)).toMatchObject({ ok: false, field });
  });

  it('accepts a patch: merged member by member, device assignments in the compact form, null resets', () => {
    const result = validateConfigPatch({
      office: 'Registro Civil, Santiago Centro',
      timeZone: 'America/Punta_Arenas',
      stepTimeouts: { cardSeconds: 30 },
      devices: { printer: 'tcp:192.0.2.10:9100' },
      technicianPinHash: SYNTHETIC_PIN_HASH,
    });
    expect(result).toMatchObject({ ok: true, config: { office: 'Registro Civil, Santiago Centro', stepTimeouts: { cardSeconds: 30, fingerSeconds: 60 } } });
    if (!result.ok) return;
    expect(result.config.devices.printer).toEqual({ transport: 'tcp', host: '192.0.2.10', port: 9100 });
    const reset = validateConfigPatch({ office: null, stepTimeouts: null, technicianPinHash: null }, result.config);
    expect(reset).toMatchObject({ ok: true, config: { office: 'Oficina de desarrollo', stepTimeouts: { cardSeconds: 90 } } });
    expect(reset.ok && reset.config.technicianPinHash).toBeUndefined();
  });

  it('replaces a device assignment whole rather than merging a host into a simulated device', () => {
    const tcp = validateConfigPatch({ devices: { printer: { transport: 'tcp', host: '192.0.2.10', port: 9100 } } });
    expect(tcp.ok).toBe(true);
    if (!tcp.ok) return;
    expect(validateConfigPatch({ devices: { printer: { transport: 'simulated' } } }, tcp.config)).toMatchObject({
      ok: true,
      config: { devices: { printer: { transport: 'simulated' } } },
    });
  });

  it('keeps a __proto__ member an ordinary, refused key', () => {
    expect(validateConfigPatch(JSON.parse('{"__proto__": {"office": "x"}}'))).toMatchObject({ ok: false, field: '__proto__' });
    expect(({} as Record<string, unknown>).office).toBeUndefined();
  });
});

describe('the new environment variables', () => {
  it('reads KIOSK_CENTRAL_CLIENT_CERT and KIOSK_CENTRAL_CLIENT_KEY, which go together', () => {
    expect(configFromEnv({ KIOSK_CENTRAL_CLIENT_CERT: '/etc/kiosk/client.crt', KIOSK_CENTRAL_CLIENT_KEY: '/etc/kiosk/client.key' })).toMatchObject({
      centralClientCertFile: '/etc/kiosk/client.crt',
      centralClientKeyFile: '/etc/kiosk/client.key',
    });
    expect(configError(() => configFromEnv({ KIOSK_CENTRAL_CLIENT_CERT: '/etc/kiosk/client.crt' })).field).toBe('KIOSK_CENTRAL_CLIENT_KEY');
  });

  it('takes the data directory from KIOSK_DATA_DIR only (bootstrap)', () => {
    expect(dataDirFromEnv({})).toBe(DEFAULT_SERVICE_CONFIG.dataDir);
    expect(dataDirFromEnv({ KIOSK_DATA_DIR: '/var/lib/kiosk' })).toBe('/var/lib/kiosk');
    expect(configError(() => dataDirFromEnv({ KIOSK_DATA_DIR: 'x'.repeat(4097) })).field).toBe('KIOSK_DATA_DIR');
  });
});

describe('KioskConfigStore', () => {
  it('has nothing before the first save, then returns what it stored with this run’s data directory', () => {
    const dir = tempDir();
    const store = new KioskConfigStore(open(dir));
    expect(store.load()).toBeNull();
    const saved = store.save({ ...DEFAULT_SERVICE_CONFIG, kioskId: 'stgo-centro-02' }, T0);
    expect(saved).toEqual({ ...DEFAULT_SERVICE_CONFIG, kioskId: 'stgo-centro-02', dataDir: dir });
    expect(store.load()).toEqual(saved);
  });

  it('stores neither the data directory nor a registration token', () => {
    const dir = tempDir();
    const db = open(dir);
    new KioskConfigStore(db).save({ ...DEFAULT_SERVICE_CONFIG, centralRegistrationToken: 'synthetic-token-123' }, T0);
    const stored = JSON.parse(row(db)!.document) as Record<string, unknown>;
    expect(stored).not.toHaveProperty('dataDir');
    expect(row(db)!.document).not.toContain('synthetic-token-123');
    expect(row(db)!.updated_at).toBe(T0.toISOString());
  });

  it('refuses an invalid field, naming it, and writes nothing', () => {
    const db = open(tempDir());
    const store = new KioskConfigStore(db);
    const bad = { ...DEFAULT_SERVICE_CONFIG, stepTimeouts: { ...DEFAULT_SERVICE_CONFIG.stepTimeouts, cardSeconds: 0 } };
    expect(configError(() => store.save(bad, T0)).field).toBe('stepTimeouts.cardSeconds');
    expect(row(db)).toBeUndefined();

    store.save(DEFAULT_SERVICE_CONFIG, T0);
    const before = row(db);
    expect(configError(() => store.save({ ...DEFAULT_SERVICE_CONFIG, timeZone: 'Mars/Olympus' }, T1)).field).toBe('timeZone');
    expect(configError(() => store.update({ attemptLimits: { cardReads: 99 } }, T1)).field).toBe('attemptLimits.cardReads');
    expect(configError(() => store.update({ devices: { printer: 'serial:ttyUSB0' } }, T1)).field).toBe('devices.printer');
    expect(row(db)).toEqual(before);
  });

  it('updates by merging a patch into the stored document', () => {
    const dir = tempDir();
    const store = new KioskConfigStore(open(dir));
    store.save({ ...DEFAULT_SERVICE_CONFIG, office: 'Oficina Valparaíso' }, T0);
    const updated = store.update({ stepTimeouts: { fingerSeconds: 45 }, outbox: { maxPendingRows: 5000 } }, T1);
    expect(updated).toMatchObject({
      office: 'Oficina Valparaíso',
      stepTimeouts: { cardSeconds: 90, fingerSeconds: 45 },
      outbox: { maxPendingRows: 5000, minFreeMiB: 200 },
    });
    expect(store.load()).toEqual(updated);
  });

  it('is atomic across connections: a reader sees the old document or the new one', () => {
    const dir = tempDir();
    const writer = new KioskConfigStore(open(dir));
    const reader = new KioskConfigStore(open(dir));
    writer.save({ ...DEFAULT_SERVICE_CONFIG, office: 'Primera' }, T0);
    expect(reader.load()?.office).toBe('Primera');
    writer.update({ office: 'Segunda', stepTimeouts: { cardSeconds: 30 } }, T1);
    expect(reader.load()).toMatchObject({ office: 'Segunda', stepTimeouts: { cardSeconds: 30 } });
  });

  describe('refuses a hand-edited document, naming the field', () => {
    it.each([
      [
        'stepTimeouts.cardSeconds',
        (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = json_set(document, '$.stepTimeouts.cardSeconds', 'soon')`),
      ],
      ['mode', (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = json_set(document, '$.mode', 'atm')`)],
      ['outbox.retention', (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = json_set(document, '$.outbox.retention', 3)`)],
      [
        'devices.printer.transport',
        (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = json_set(document, '$.devices.printer', json('{"transport":"usb"}'))`),
      ],
      ['dataDir', (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = json_set(document, '$.dataDir', '/elsewhere')`)],
      ['kioskId', (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = json_remove(document, '$.kioskId')`)],
      ['(document)', (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = '{"kioskId": '`)],
      ['(document)', (db: KioskDatabase) => db.exec(`UPDATE kiosk_config SET document = '[1, 2]'`)],
    ])('%s', (field, corrupt) => {
      const dir = tempDir();
      const db = open(dir);
      new KioskConfigStore(db).save(DEFAULT_SERVICE_CONFIG, T0);
      corrupt(db);
      const corrupted = row(db);
      expect(configError(() => new KioskConfigStore(db).load()).field).toBe(field);
      // The service refuses to start on it rather than overwriting the technician's document.
      expect(configError(() => resolveServiceConfig({ env: {}, db, dataDir: dir })).field).toBe(field);
      expect(row(db)).toEqual(corrupted);
    });
  });

  it('accepts a document from an older build that lacks the newer fields, filling their defaults', () => {
    const dir = tempDir();
    const db = open(dir);
    const { office: _o, timeZone: _t, stepTimeouts: _s, attemptLimits: _a, outbox: _x, dataDir: _d, ...older } = DEFAULT_SERVICE_CONFIG;
    db.prepare('INSERT INTO kiosk_config (id, document, updated_at) VALUES (1, ?, ?)').run(JSON.stringify(older), T0.toISOString());
    expect(new KioskConfigStore(db).load()).toEqual({ ...DEFAULT_SERVICE_CONFIG, dataDir: dir });
  });

  it('never crashes on an arbitrary document: a valid configuration or a ConfigError naming a field', () => {
    const dir = tempDir();
    const db = open(dir);
    // Parsing is under test here, not durability.
    db.pragma('synchronous = OFF');
    const store = new KioskConfigStore(db);
    const { dataDir: _d, ...valid } = DEFAULT_SERVICE_CONFIG;
    const keys = fc.constantFrom(...Object.keys(valid), 'dataDir', '__proto__', 'stepTimeouts', 'unknown');
    const mutated = fc.dictionary(keys, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((changes) => JSON.stringify({ ...valid, ...changes }));
    const nested = fc
      .record({ group: fc.constantFrom('stepTimeouts', 'attemptLimits', 'outbox', 'devices'), key: fc.string(), value: fc.jsonValue({ maxDepth: 1 }) })
      .map(({ group, key, value }) => JSON.stringify({ ...valid, [group]: { ...(valid[group as keyof typeof valid] as object), [key]: value } }));
    const documents = fc.oneof(fc.json(), fc.string(), mutated, nested);
    fc.assert(
      fc.property(documents, (text) => {
        db.prepare('INSERT INTO kiosk_config (id, document, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET document = excluded.document').run(
          text,
          T0.toISOString(),
        );
        let loaded;
        try {
          loaded = store.load();
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).field.length).toBeGreaterThan(0);
          return;
        }
        expect(ServiceConfigSchema.parse(loaded)).toEqual(loaded);
      }),
      { numRuns: 300 },
    );
  });
});

describe('resolveServiceConfig', () => {
  it('on the first start stores the defaults with the environment, minus what belongs to the run', () => {
    const dir = tempDir();
    const db = open(dir);
    const env = { KIOSK_ID: 'stgo-centro-02', KIOSK_MODE: 'chileatiende', KIOSK_PRINTER: 'tcp:192.0.2.10:9100', KIOSK_DATA_DIR: dir };
    const first = resolveServiceConfig({ env, db, dataDir: dir, now: () => T0 });
    expect(first.source).toEqual({ stored: false, overriddenFields: ['kioskId', 'mode', 'devices.printer'] });
    expect(first.config).toMatchObject({ kioskId: 'stgo-centro-02', mode: 'chileatiende', dataDir: dir, office: 'Oficina de desarrollo' });
    expect(new KioskConfigStore(db).load()).toEqual(first.config);
    expect(row(db)!.updated_at).toBe(T0.toISOString());
  });

  it('on the next start the stored document wins over the defaults', () => {
    const dir = tempDir();
    const db = open(dir);
    resolveServiceConfig({ env: { KIOSK_ID: 'stgo-centro-02', KIOSK_MODE: 'chileatiende' }, db, dataDir: dir });
    new KioskConfigStore(db).update({ office: 'Oficina Temuco', stepTimeouts: { cardSeconds: 45 } }, T1);
    db.close();

    const next = resolveServiceConfig({ env: {}, db: open(dir), dataDir: dir });
    expect(next.source).toEqual({ stored: true, overriddenFields: [] });
    expect(next.config).toMatchObject({ kioskId: 'stgo-centro-02', mode: 'chileatiende', office: 'Oficina Temuco', stepTimeouts: { cardSeconds: 45 } });
  });

  it('overlays the environment for this run only, without writing it back', () => {
    const dir = tempDir();
    const db = open(dir);
    resolveServiceConfig({ env: { KIOSK_MODE: 'chileatiende' }, db, dataDir: dir, now: () => T0 });
    const before = row(db);

    const run = resolveServiceConfig({
      env: {
        KIOSK_MODE: 'civil-digital',
        KIOSK_IDLE_TIMEOUT_S: '60',
        KIOSK_CENTRAL_URL: 'https://127.0.0.1:8443',
        KIOSK_CENTRAL_CA: '/tmp/ca.crt',
        KIOSK_CENTRAL_TOKEN: 'synthetic-token-9',
      },
      db,
      dataDir: dir,
      now: () => T1,
    });
    expect(run.config).toMatchObject({
      mode: 'civil-digital',
      idleTimeoutSeconds: 60,
      centralUrl: 'https://127.0.0.1:8443',
      centralRegistrationToken: 'synthetic-token-9',
    });
    expect(run.source).toEqual({ stored: true, overriddenFields: ['mode', 'idleTimeoutSeconds', 'centralUrl', 'centralCaFile', 'centralRegistrationToken'] });
    expect(row(db)).toEqual(before);
    expect(new KioskConfigStore(db).load()?.mode).toBe('chileatiende');
  });

  it('reports stored simulated devices as not configured when the environment switches to real devices', () => {
    const dir = tempDir();
    const db = open(dir);
    resolveServiceConfig({ env: {}, db, dataDir: dir });
    const run = resolveServiceConfig({ env: { KIOSK_SIMULATED: '0', KIOSK_FINGERPRINT: 'serial:/dev/ttyUSB0@57600' }, db, dataDir: dir });
    expect(run.config.devices).toEqual({
      fingerprint: { transport: 'serial', path: '/dev/ttyUSB0', baud: 57600 },
      cardReader: { transport: 'none' },
      printer: { transport: 'none' },
    });
    expect(run.source.overriddenFields).toEqual(['simulatedDevices', 'devices.fingerprint', 'devices.cardReader', 'devices.printer']);
    expect(new KioskConfigStore(db).load()?.devices).toEqual(DEFAULT_SERVICE_CONFIG.devices);
  });

  it('refuses an invalid environment value with the variable’s name, and stores nothing on a first start', () => {
    const dir = tempDir();
    const db = open(dir);
    expect(configError(() => resolveServiceConfig({ env: { KIOSK_IDLE_TIMEOUT_S: 'soon' }, db, dataDir: dir })).field).toBe('KIOSK_IDLE_TIMEOUT_S');
    expect(configError(() => resolveServiceConfig({ env: { KIOSK_CENTRAL_URL: 'https://127.0.0.1:8443' }, db, dataDir: dir })).field).toBe('KIOSK_CENTRAL_CA');
    expect(row(db)).toBeUndefined();
  });
});

describe('the client key file', () => {
  const withKey = (keyPath: string) => ({ ...DEFAULT_SERVICE_CONFIG, centralClientCertFile: '/etc/kiosk/client.crt', centralClientKeyFile: keyPath });

  it.each([0o644, 0o640, 0o604])('is refused when its mode is %s (readable beyond its owner)', (mode) => {
    const dir = tempDir();
    const db = open(dir);
    const key = keyFile(dir, mode);
    const error = configError(() => new KioskConfigStore(db).save(withKey(key), T0));
    expect(error.field).toBe('centralClientKeyFile');
    expect(error.message).toContain(`mode 0${mode.toString(8)}`);
    expect(row(db)).toBeUndefined();
    const env = { KIOSK_CENTRAL_CLIENT_CERT: '/etc/kiosk/client.crt', KIOSK_CENTRAL_CLIENT_KEY: key };
    expect(configError(() => resolveServiceConfig({ env, db, dataDir: dir })).field).toBe('centralClientKeyFile');
    expect(row(db)).toBeUndefined();
  });

  it('is accepted at 0600, from the store and from the environment', () => {
    const dir = tempDir();
    const db = open(dir);
    const key = keyFile(dir, 0o600);
    expect(new KioskConfigStore(db).save(withKey(key), T0).centralClientKeyFile).toBe(key);
    const run = resolveServiceConfig({ env: { KIOSK_CENTRAL_CLIENT_KEY: key }, db, dataDir: dir });
    expect(run.config.centralClientKeyFile).toBe(key);
    expect(new TextDecoder().decode(readProtectedKey(key))).toContain('BEGIN PRIVATE KEY');
  });

  it('is refused when it does not exist', () => {
    const dir = tempDir();
    expect(configError(() => assertKeyFileProtected(join(dir, 'missing.key'))).message).toContain('ENOENT');
  });

  it('needs no private file under a protector that encrypts the key (the OS keystore seam)', () => {
    const dir = tempDir();
    const xor: KeyProtector = {
      kind: 'test-xor',
      requiresPrivateFile: false,
      protect: (key) => key.map((b) => b ^ 0x5a),
      unprotect: (stored) => stored.map((b) => b ^ 0x5a),
    };
    const path = join(dir, 'client.key.enc');
    writeFileSync(path, xor.protect(new TextEncoder().encode('synthetic key bytes')));
    chmodSync(path, 0o644);
    expect(new TextDecoder().decode(readProtectedKey(path, xor))).toBe('synthetic key bytes');
    expect(new KioskConfigStore(open(dir), { keyProtector: xor }).save(withKey(path), T0).centralClientKeyFile).toBe(path);
  });
});
