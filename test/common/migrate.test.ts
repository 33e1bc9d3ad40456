import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as central from '../../central/storage/migrate.ts';
import * as kiosk from '../../electron/service/db/migrate.ts';
import { type Migration, schemaVersion } from '../../common/node/migrate.ts';
import { recordingMigrations } from './support/recording-migrations.ts';

/**
 * The kiosk and the central sandbox migrate through one algorithm (common/node/migrate.ts) with their own errors;
 * this suite holds both to the same behaviour.
 */
const LAYERS = [
  { layer: 'kiosk', module: kiosk, codes: { newer: 'db.newer_version', invalid: 'db.migrations_invalid' } },
  { layer: 'central', module: central, codes: { newer: 'storage.newer_version', invalid: 'storage.migrations_invalid' } },
] as const;

const open: Database.Database[] = [];
const connect = (path: string) => {
  const db = new Database(path, { timeout: 5_000 });
  open.push(db);
  return db;
};
const tempPath = () => join(mkdtempSync(join(tmpdir(), 'migrate-')), 'db.sqlite3');
const logOf = (db: Database.Database) =>
  db.prepare('SELECT version, runner FROM migration_log ORDER BY version').all() as Array<{ version: number; runner: number }>;

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe.each(LAYERS)('numbered migrations ($layer)', ({ layer, module, codes }) => {
  const { applyMigrations } = module;

  it('applies every pending migration once and reports it; a second run reports and changes nothing', () => {
    const db = connect(tempPath());
    expect(applyMigrations(db, recordingMigrations(1))).toEqual([1, 2, 3]);
    expect(applyMigrations(db, recordingMigrations(2))).toEqual([]);
    expect(schemaVersion(db)).toBe(3);
    expect(logOf(db)).toEqual([1, 2, 3].map((version) => ({ version, runner: 1 })));
  });

  it('applies only what is pending after an older build migrated', () => {
    const db = connect(tempPath());
    applyMigrations(db, recordingMigrations(1).slice(0, 1));
    expect(applyMigrations(db, recordingMigrations(2))).toEqual([2, 3]);
    expect(logOf(db).map((row) => row.runner)).toEqual([1, 2, 2]);
  });

  it(`refuses a database from a newer build with ${codes.newer}, leaving it untouched`, () => {
    const db = connect(tempPath());
    db.pragma('user_version = 4');
    let thrown: unknown;
    try {
      applyMigrations(db, recordingMigrations(1));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(module.DatabaseFromNewerVersion);
    expect(thrown).toMatchObject({ code: codes.newer, found: 4, supported: 3 });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({ n: 0 });
  });

  it(`refuses a migration list with a gap or a duplicate with ${codes.invalid}`, () => {
    const db = connect(':memory:');
    const [first, second, third] = recordingMigrations(1) as [Migration, Migration, Migration];
    expect(() => applyMigrations(db, [first, third])).toThrow(module.MigrationListInvalid);
    expect(() => applyMigrations(db, [first, first])).toThrow(expect.objectContaining({ code: codes.invalid }));
    expect(() => applyMigrations(db, [second])).toThrow(module.MigrationListInvalid);
    expect(schemaVersion(db)).toBe(0);
  });

  it('rolls back every pending migration when one of them fails', () => {
    const db = connect(tempPath());
    const [first] = recordingMigrations(1) as [Migration];
    expect(() => applyMigrations(db, [first, { version: 2, name: '0002-broken', sql: 'CREATE TABLE fine (x); THIS IS NOT SQL;' }])).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('migration_log', 'fine')").all()).toEqual([]);
  });

  it('reports nothing when another connection migrated between its first look and its write lock', () => {
    const path = tempPath();
    const first = connect(path);
    const second = connect(path);
    // The second connection reads user_version 0 outside the transaction; the first then migrates everything
    // before the second takes the lock. What the second reports must be what it ran under the lock: nothing.
    let interleaved = false;
    const racing = new Proxy(second, {
      get(target, property) {
        if (property === 'pragma') {
          return (...args: Parameters<Database.Database['pragma']>) => {
            const result = target.pragma(...args);
            if (!interleaved) {
              interleaved = true;
              expect(applyMigrations(first, recordingMigrations(1))).toEqual([1, 2, 3]);
            }
            return result;
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    expect(applyMigrations(racing, recordingMigrations(2))).toEqual([]);
    expect(interleaved).toBe(true);
    expect(logOf(second)).toEqual([1, 2, 3].map((version) => ({ version, runner: 1 })));
  });

  it('applies each migration exactly once when several processes migrate the same file at once, and each reports what it ran', async () => {
    const path = tempPath();
    const workers = Array.from({ length: 4 }, () =>
      fork(join(import.meta.dirname, 'support/migrate-worker.ts'), [layer, path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    const reports = workers.map(
      (worker) =>
        new Promise<{ pid: number; applied: number[] }>((resolve, reject) => {
          worker.on('message', (message) => typeof message === 'object' && resolve(message as { pid: number; applied: number[] }));
          worker.once('exit', (code) => reject(new Error(`migrate worker exited (${code}) without a report`)));
        }),
    );
    // Every worker has opened the file before any starts migrating.
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    for (const worker of workers) worker.send('go');
    const results = await Promise.all(reports);

    const db = connect(path);
    expect(schemaVersion(db)).toBe(3);
    const log = logOf(db);
    expect(log.map((row) => row.version)).toEqual([1, 2, 3]);
    for (const { pid, applied } of results) {
      expect(applied).toEqual(log.filter((row) => row.runner === pid).map((row) => row.version));
    }
    expect(results.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3]);
  });
});
