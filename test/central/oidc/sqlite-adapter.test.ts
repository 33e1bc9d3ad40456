/**
 * oidc-provider's storage in the central database: each model apart, the
 * secondary look-ups, consumption, revocation by grant, expiry on read and
 * the purge of lapsed rows, on a real SQLite file with a clock the test moves.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeOidcModels, sqliteAdapterFactory } from '../../../central/oidc/sqlite-adapter.ts';
import { openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import { removeTempDirs, seededDatabasePath, T0 } from '../domain/support.ts';

let db: CentralDatabase;
const clock = { now: T0 };
beforeEach(() => {
  db = openCentralDatabase(seededDatabasePath());
  clock.now = T0;
});
afterEach(() => db.close());
afterAll(removeTempDirs);

describe('the SQLite adapter', () => {
  it('keeps models apart and finds by uid and user code', async () => {
    const adapter = sqliteAdapterFactory(db, () => clock.now);
    const sessions = adapter('Session');
    const codes = adapter('DeviceCode');
    await sessions.upsert('s1', { uid: 'u1', accountId: '7' }, 60);
    await codes.upsert('s1', { userCode: 'ABCD' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: '7' });
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1', accountId: '7' });
    expect(await codes.findByUserCode!('ABCD')).toEqual({ userCode: 'ABCD' });
    expect(await adapter('Interaction').find('s1')).toBeUndefined();
    await sessions.upsert('s1', { uid: 'u2' }, 60);
    expect(await sessions.findByUid('u1')).toBeUndefined();
    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await codes.find('s1')).toEqual({ userCode: 'ABCD' });
  });

  it('marks a consumed code and revokes every model of a grant', async () => {
    const adapter = sqliteAdapterFactory(db, () => clock.now);
    await adapter('AuthorizationCode').upsert('c1', { grantId: 'g1' }, 60);
    await adapter('AccessToken').upsert('a1', { grantId: 'g1' }, 600);
    await adapter('AccessToken').upsert('a2', { grantId: 'g2' }, 600);
    clock.now += 5_000;
    await adapter('AuthorizationCode').consume('c1');
    expect(await adapter('AuthorizationCode').find('c1')).toEqual({ grantId: 'g1', consumed: Math.floor(clock.now / 1000) });
    await adapter('AccessToken').revokeByGrantId('g1');
    expect(await adapter('AuthorizationCode').find('c1')).toBeUndefined();
    expect(await adapter('AccessToken').find('a1')).toBeUndefined();
    expect(await adapter('AccessToken').find('a2')).toEqual({ grantId: 'g2' });
  });

  it('stops returning a row when it expires, and the purge deletes it', async () => {
    const adapter = sqliteAdapterFactory(db, () => clock.now);
    await adapter('Session').upsert('short', { uid: 'x' }, 60);
    await adapter('Session').upsert('long', { uid: 'y' }, 3600);
    clock.now += 60_000;
    expect(await adapter('Session').find('short')).toBeUndefined();
    expect(await adapter('Session').find('long')).toEqual({ uid: 'y' });
    expect(purgeOidcModels(db, clock.now)).toBe(1);
    expect(db.prepare('SELECT id FROM oidc_models').all()).toEqual([{ id: 'long' }]);
  });
});
