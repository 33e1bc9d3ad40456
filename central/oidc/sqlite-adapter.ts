/**
 * oidc-provider's storage in the central database (table oidc_models,
 * migration 0008): one class per model name, as its adapter interface asks
 * (upsert, find, findByUid, findByUserCode, consume, destroy,
 * revokeByGrantId). Rows carry their expiry; reads ignore lapsed rows and
 * `purgeOidcModels` deletes them (run with the domain's hourly purge).
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { CentralDatabase } from '../storage/database.ts';

type Row = { payload: string; expires_at: number | null; consumed_at: number | null };

export function sqliteAdapterFactory(db: CentralDatabase, clock: () => number = Date.now): (name: string) => Adapter {
  const s = {
    upsert: db.prepare<[string, string, string, string | null, string | null, string | null, number | null]>(
      `INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
         user_code = excluded.user_code, expires_at = excluded.expires_at`,
    ),
    find: db.prepare<[string, string], Row>('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND id = ?'),
    byUid: db.prepare<[string, string], Row>('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND uid = ?'),
    byUserCode: db.prepare<[string, string], Row>('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND user_code = ?'),
    consume: db.prepare<[number, string, string]>('UPDATE oidc_models SET consumed_at = ? WHERE model = ? AND id = ?'),
    destroy: db.prepare<[string, string]>('DELETE FROM oidc_models WHERE model = ? AND id = ?'),
    revoke: db.prepare<[string]>('DELETE FROM oidc_models WHERE grant_id = ?'),
  };
  const live = (row: Row | undefined): AdapterPayload | undefined => {
    if (!row || (row.expires_at !== null && row.expires_at <= clock())) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at / 1000) };
  };
  return (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      const expiresAt = typeof expiresIn === 'number' && expiresIn > 0 ? clock() + expiresIn * 1000 : null;
      s.upsert.run(model, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresAt);
    },
    async find(id) {
      return live(s.find.get(model, id));
    },
    async findByUid(uid) {
      return live(s.byUid.get(model, uid));
    },
    async findByUserCode(userCode) {
      return live(s.byUserCode.get(model, userCode));
    },
    async consume(id) {
      s.consume.run(clock(), model, id);
    },
    async destroy(id) {
      s.destroy.run(model, id);
    },
    async revokeByGrantId(grantId) {
      s.revoke.run(grantId);
    },
  });
}

export function purgeOidcModels(db: CentralDatabase, now: number): number {
  return db.prepare<[number]>('DELETE FROM oidc_models WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now).changes;
}
