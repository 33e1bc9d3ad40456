/**
 * The central sandbox as the outbox meets it: a real HTTPS server with mTLS
 * and its own SQLite database seeded with the synthetic population, one kiosk
 * registered the way the service does it (loadCentralClient: the real
 * registration endpoint, credentials stored in a kiosk data directory), and
 * that kiosk's own CentralClient (one mTLS keep-alive pool) built from them,
 * with central's published HPKE key fetched through it and parsed as the
 * kiosk does. Deliver rows with central-link.ts's `deliverOutboxRow`.
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
import { startCentralServer, type CentralServer } from '../../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralStorage, type CentralDatabase } from '../../../../central/storage/index.ts';
import { type CentralClient, loadCentralClient } from '../../../../electron/service/central/index.ts';
import { parseCentralSealingKey, type CentralSealingKey } from '../../../../electron/service/outbox/sealing.ts';
import { T0 } from './outbox-fixtures.ts';

export interface OutboxSandbox {
  readonly server: CentralServer;
  /** Central's database, for counting what each request did. */
  readonly db: CentralDatabase;
  readonly kioskId: string;
  readonly hpkePublicKey: unknown;
  readonly sealingKey: CentralSealingKey;
  /** The registered kiosk's client; closed by `close()`. */
  readonly client: CentralClient;
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
  let client: CentralClient | undefined;
  const close = async () => {
    await client?.close();
    await server.close();
    db.close();
  };
  try {
    ({ client } = await loadCentralClient({
      dataDir: join(dataDir, 'kiosk'),
      centralUrl: server.url,
      caCertificatePem: server.pki.ca.pem,
      kioskId,
      registrationToken: server.authority.issueRegistrationToken(kioskId).token,
    }));
    const hpkePublicKey: unknown = await client.hpkePublicKey();
    return { server, db, kioskId, hpkePublicKey, sealingKey: parseCentralSealingKey(hpkePublicKey), client, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What central did for each crash-writer key: the messages it sent to the key's synthetic address. */
export function centralEffects(db: CentralDatabase, kioskId: string) {
  const messages = db.prepare("SELECT recipient, kind FROM messages WHERE recipient LIKE '%@example.cl' ORDER BY id").all() as {
    recipient: string;
    kind: string;
  }[];
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
