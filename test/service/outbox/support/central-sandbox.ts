/**
 * The central sandbox as the outbox meets it: a real HTTPS server with mTLS
 * and its own SQLite database seeded with the synthetic population, one kiosk
 * registered through the real endpoint, central's published HPKE key fetched
 * and parsed as the kiosk does, and a `post` that goes through the kiosk's own
 * HTTPS client (nodeHttpsFetch: a fresh TLS connection per request).
 *
 * Rate limits are lifted (the drains send hundreds of verifications from one
 * kiosk in seconds, which the real limits rightly refuse), the domain's clock
 * is pinned at T0 (the synthetic cards are valid then) and Argon2id runs at
 * toy parameters. No vitest import: the benchmark uses it too.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { centralApiRoutes } from '../../../../central/api/routes.ts';
import { argon2idHasher, createCentralDomain, RATE_LIMITS, type RateLimits } from '../../../../central/domain/index.ts';
import { createKioskKeyAndCsr } from '../../../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralStorage, type CentralDatabase } from '../../../../central/storage/index.ts';
import { nodeHttpsFetch } from '../../../../electron/service/central/central-registration.ts';
import type { CentralPost } from '../../../../electron/service/outbox/delivery-worker.ts';
import { parseCentralSealingKey, type CentralSealingKey } from '../../../../electron/service/outbox/sealing.ts';
import { T0 } from './outbox-fixtures.ts';

export interface OutboxSandbox {
  readonly server: CentralServer;
  /** Central's database, for counting what each request did. */
  readonly db: CentralDatabase;
  readonly kioskId: string;
  readonly hpkePublicKey: unknown;
  readonly sealingKey: CentralSealingKey;
  readonly post: CentralPost;
  close(): Promise<void>;
}

const unlimited = Object.fromEntries(Object.entries(RATE_LIMITS).map(([k, v]) => [k, { ...v, limit: 1e9 }])) as RateLimits;

export async function startOutboxSandbox(dataDir: string, kioskId: string): Promise<OutboxSandbox> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { db } = openCentralStorage(join(dataDir, 'central.db'));
  const domain = createCentralDomain({
    db,
    serverSecret: new Uint8Array(32).fill(7),
    clock: () => T0,
    hasher: argon2idHasher({ memoryCost: 64, timeCost: 1, parallelism: 1 }),
    policy: { rateLimits: unlimited },
  });
  const server = await startCentralServer({
    dataDir: join(dataDir, 'central-server'),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, devMailbox: false, hpke: pki.hpke }),
  });
  try {
    const ca = server.pki.ca.pem;
    const { token } = server.authority.issueRegistrationToken(kioskId);
    const { privateKeyPem, csrPem } = await createKioskKeyAndCsr(kioskId);
    const registered = await nodeHttpsFetch(new URL('/v1/kiosk-registrations', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registrationToken: token, csr: csrPem }),
      tls: { ca, minVersion: 'TLSv1.2' },
    });
    if (registered.status !== 201) throw new Error(`kiosk registration failed: HTTP ${registered.status}`);
    const tls = { ca, cert: (JSON.parse(registered.body) as { certificate: string }).certificate, key: privateKeyPem, minVersion: 'TLSv1.2' as const };
    const published = await nodeHttpsFetch(new URL('/v1/hpke-public-key', server.url), { method: 'GET', headers: { accept: 'application/json' }, tls });
    const hpkePublicKey = JSON.parse(published.body) as unknown;
    return {
      server,
      db,
      kioskId,
      hpkePublicKey,
      sealingKey: parseCentralSealingKey(hpkePublicKey),
      post: (url, init) => nodeHttpsFetch(url, { ...init, tls }),
      async close() {
        await server.close();
        db.close();
      },
    };
  } catch (error) {
    await server.close();
    db.close();
    throw error;
  }
}

/** What central did for each crash-writer key: the messages it sent to the key's synthetic address. */
export function centralEffects(db: CentralDatabase, kioskId: string) {
  const messages = db
    .prepare("SELECT recipient, kind FROM messages WHERE recipient LIKE '%@example.cl' ORDER BY id")
    .all() as { recipient: string; kind: string }[];
  const byRecipient = new Map<string, string[]>();
  for (const m of messages) byRecipient.set(m.recipient, [...(byRecipient.get(m.recipient) ?? []), m.kind]);
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  return {
    byRecipient,
    /** Idempotency records central kept for deferred enrollments from this kiosk (one per key it processed). */
    idempotencyRecords: count("SELECT count(*) AS n FROM idempotency_keys WHERE client_id = ? AND path = '/v1/deferred-enrollments'", kioskId),
    idempotencyDone: count("SELECT count(*) AS n FROM idempotency_keys WHERE client_id = ? AND path = '/v1/deferred-enrollments' AND state = 'done'", kioskId),
    accounts: count('SELECT count(*) AS n FROM accounts WHERE kiosk_id = ?', kioskId),
    activationNotices: count("SELECT count(*) AS n FROM messages WHERE kind = 'account_activated' AND recipient LIKE '%@example.cl'"),
  };
}
