/**
 * The child of the kill -9 harness (reliability-security.md §5.3 item 1),
 * run as `node crash-writer.ts '<json arguments>'`: opens the kiosk database,
 * then for synthetic citizens one after another takes a capture from the
 * lane's pool (kill-cycles.ts, captures.ts), seals a deferred-enrollment bundle to central's key
 * and writes, in ONE transaction, a session row and the outbox row (the
 * transactional outbox), printing `ack <id> <idempotencyKey>` only after the
 * commit returned. The parent kills it with SIGKILL at a random moment.
 *
 * Prints `ready` once the database is open, the citizens are loaded and the
 * sealing code is warm.
 * Writes straight to fd 1 (writeSync), so an ack is never buffered in this
 * process when it dies. Synthetic citizens only; prints no personal data.
 */
import { readFileSync, writeSync } from 'node:fs';
import { openKioskDatabase } from '../../../../electron/service/db/database.ts';
import { Outbox } from '../../../../electron/service/outbox/outbox.ts';
import { DEFERRED_ENROLLMENT_VERSION, parseCentralSealingKey, sealDeferredEnrollment, sealForCentral } from '../../../../electron/service/outbox/sealing.ts';
import { defaultPopulation } from '../../../../synthetic/index.ts';
import type { PooledCapture } from './kill-cycles.ts';
import { emailForKey } from './outbox-fixtures.ts';

/** Handed over as JSON in argv[2]. */
interface CrashWriterArguments {
  readonly dbPath: string;
  /** JSON array of PooledCapture (kill-cycles.ts). */
  readonly capturesPath: string;
  readonly kioskId: string;
  /** Central's published key document (GET /v1/hpke-public-key). */
  readonly hpkePublicKey: unknown;
  /** Makes the keys of this run unique: `<prefix>-<n>`. Lower-case letters, digits and dashes. */
  readonly prefix: string;
  /** Where in the pool the first row's capture is (they are taken in turn from there). */
  readonly firstCitizen: number;
  readonly capturedAt: string;
  /** Stop (and wait to be killed) after this many rows. */
  readonly maxRows?: number;
  /** Exit normally after the rows instead of waiting to be killed (the harness's warm-up run). */
  readonly exitWhenDone?: boolean;
}

const args = JSON.parse(process.argv[2] ?? '{}') as CrashWriterArguments;
const db = openKioskDatabase(args.dbPath);
const outbox = new Outbox(db);
const key = parseCentralSealingKey(args.hpkePublicKey);
const citizens = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
const pool = JSON.parse(readFileSync(args.capturesPath, 'utf8')) as PooledCapture[];
const insertSession = db.prepare("INSERT INTO sessions (id, mode, started_at, ended_at, outcome) VALUES (?, 'chileatiende', ?, ?, 'deferred')");
const commit = db.transaction((sessionId: string, message: Parameters<Outbox['enqueue']>[0]) => {
  const now = Date.now();
  insertSession.run(sessionId, now, now);
  return outbox.enqueue(message).id;
});
// Warm up Web Crypto, as a long-running service is: the kills should land
// in the steady seal → insert → commit loop, not all in the first seal.
await sealForCentral(key.publicKey, new Uint8Array(1), new Uint8Array());
writeSync(1, 'ready\n');

const maxRows = args.maxRows ?? Number.POSITIVE_INFINITY;
for (let n = 0; n < maxRows; n++) {
  const capture = pool[(args.firstCitizen + n) % pool.length]!;
  const citizen = citizens[capture.citizen]!;
  const idempotencyKey = `${args.prefix}-${n}`;
  const body = await sealDeferredEnrollment(key, args.kioskId, idempotencyKey, {
    version: DEFERRED_ENROLLMENT_VERSION,
    capturedAt: args.capturedAt,
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    cardExpiry: citizen.expiryDate,
    finger: 'right-index',
    fingerImage: capture.fingerImage,
    email: emailForKey(idempotencyKey),
    phone: '+56911110000',
    generate: 'email',
    language: 'es-CL',
  });
  const id = commit(`session-${idempotencyKey}`, { stream: `session-${idempotencyKey}`, kind: 'deferred-enrollment', idempotencyKey, body, keyId: key.keyId });
  writeSync(1, `ack ${id} ${idempotencyKey}\n`);
}
writeSync(1, 'done\n');
if (args.exitWhenDone) {
  db.close();
} else {
  setInterval(() => {}, 60_000); // wait for the kill
}
