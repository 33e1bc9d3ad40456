import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUSY_TIMEOUT_MS,
  DatabaseOpenFailed,
  PAGE_CACHE_KIB,
  kioskDatabasePath,
  openKioskDatabase,
  schemaText,
} from '../../../electron/service/db/database.ts';
import { applyMigrations, DatabaseFromNewerVersion, schemaVersion } from '../../../electron/service/db/migrate.ts';
import { KIOSK_MIGRATIONS } from '../../../electron/service/db/migrations/index.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-db-'));
  dirs.push(dir);
  return dir;
};
const tempPath = () => kioskDatabasePath(tempDir());
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('the kiosk database', () => {
  it('opens in WAL mode with synchronous=FULL, foreign keys on and a busy timeout', () => {
    const db = openKioskDatabase(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL: a WAL commit is synced before it returns
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    db.close();
  });

  it("bounds the page cache below better-sqlite3's 16 MiB default, read-only connections too", () => {
    const path = tempPath();
    const db = openKioskDatabase(path);
    const readonly = openKioskDatabase(path, { readonly: true });
    const unbounded = new Database(path, { readonly: true });
    expect(unbounded.pragma('cache_size', { simple: true })).toBe(-16_000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(readonly.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(PAGE_CACHE_KIB).toBeLessThanOrEqual(2_048);
    unbounded.close();
    readonly.close();
    db.close();
  });

  it('applies every migration once, tracked by user_version, and keeps the data on reopening', () => {
    const path = tempPath();
    const db = openKioskDatabase(path);
    expect(schemaVersion(db)).toBe(KIOSK_MIGRATIONS.length);
    expect(tables(db)).toEqual(['heartbeat_state', 'kiosk_config', 'outbox', 'sessions', 'technician_pin_guard']);
    expect(applyMigrations(db, KIOSK_MIGRATIONS)).toEqual([]);
    db.prepare("INSERT INTO sessions (id, mode, started_at) VALUES ('s1', 'chileatiende', 1)").run();
    db.close();
    const again = openKioskDatabase(path);
    expect(schemaVersion(again)).toBe(KIOSK_MIGRATIONS.length);
    expect(again.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 's1' }]);
    again.close();
  });

  it('refuses a database written by a newer version with a typed error, and leaves it untouched', () => {
    const path = tempPath();
    const raw = new Database(path);
    raw.pragma(`user_version = ${KIOSK_MIGRATIONS.length + 1}`);
    raw.close();
    let thrown: unknown;
    try {
      openKioskDatabase(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseFromNewerVersion);
    expect(thrown).toMatchObject({ code: 'db.newer_version', found: KIOSK_MIGRATIONS.length + 1, supported: KIOSK_MIGRATIONS.length });
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(KIOSK_MIGRATIONS.length + 1);
    expect(tables(check)).toEqual([]);
    check.close();
  });

  it.skipIf(process.platform === 'win32')('is readable by the service user only (0600), its WAL too, in a 0700 directory it creates', () => {
    const dir = join(tempDir(), 'data');
    const path = kioskDatabasePath(dir);
    const db = openKioskDatabase(path);
    db.prepare("INSERT INTO sessions (id, mode, started_at) VALUES ('s1', 'chileatiende', 1)").run();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    db.close();
  });

  it('opens read-only without migrating or writing, and refuses a missing file with a typed error', () => {
    const path = tempPath();
    openKioskDatabase(path).close();
    const reader = openKioskDatabase(path, { readonly: true });
    expect(() => reader.prepare("INSERT INTO sessions (id, mode, started_at) VALUES ('s', 'm', 1)").run()).toThrow(/readonly/);
    reader.close();
    expect(() => openKioskDatabase(join(tempDir(), 'missing.sqlite3'), { readonly: true })).toThrow(DatabaseOpenFailed);
  });

  it('has the schema pinned by the snapshot', async () => {
    const db = openKioskDatabase(tempPath());
    await expect(schemaText(db)).toMatchFileSnapshot('./schema.snapshot.sql');
    db.close();
  });
});
