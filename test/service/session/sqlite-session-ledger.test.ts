/**
 * The durable side of a session on a real SQLite file: deferred enrollments
 * and audit records are sealed to central's key before they touch the disk,
 * queued in order, and committed together with the session's outcome.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateHpkeKeyPair, openSealed, type HpkeKeyPair } from '../../../central/pki/hpke.ts';
import { auditSubjectAad } from '../../../electron/service/audit/audit-trail.ts';
import { type KioskDatabase, openKioskDatabase } from '../../../electron/service/db/database.ts';
import { Outbox } from '../../../electron/service/outbox/outbox.ts';
import { deferredEnrollmentAad } from '../../../electron/service/outbox/sealing.ts';
import { SqliteSessionLedger } from '../../../electron/service/session/sqlite-session-ledger.ts';
import { CARD, T0, FINGER_IMAGE } from './machine-support.ts';

let pair: HpkeKeyPair;
const dirs: string[] = [];
let db: KioskDatabase;

beforeAll(async () => {
  ({ keyPair: pair } = await generateHpkeKeyPair());
});
afterEach(() => {
  db?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(withKey = true) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  dirs.push(dir);
  const path = join(dir, 'kiosk.sqlite3');
  db = openKioskDatabase(path);
  const outbox = new Outbox(db, { now: () => T0 });
  const ledger = new SqliteSessionLedger({
    db,
    outbox,
    kioskId: 'kiosk-ledger-01',
    sealingKey: () => (withKey ? { keyId: pair.keyId, publicKey: pair.publicKey } : null),
  });
  const rows = () =>
    db.prepare('SELECT stream, kind, idempotency_key AS key, body, key_id AS keyId FROM outbox ORDER BY id').all() as {
      stream: string;
      kind: string;
      key: string;
      body: string;
      keyId: string | null;
    }[];
  return { path, outbox, ledger, rows };
}

const DEFER = {
  type: 'defer' as const,
  op: 9,
  sessionId: '00000000-0000-4000-8000-00000000d3f3',
  card: CARD,
  capture: { finger: 'right-index' as const, fingerImage: FINGER_IMAGE },
  email: 'persona.sintetica@example.cl',
  phone: '+56912345678',
  generate: 'sms' as const,
  language: 'en' as const,
};

describe('SqliteSessionLedger', () => {
  it('queues a deferred enrollment sealed to central, with its audit record and the session outcome, in one go', async () => {
    const { ledger, rows, path } = setup();
    ledger.sessionStarted(DEFER.sessionId, 'chileatiende', T0);
    await ledger.deferEnrollment(DEFER, T0 + 1000);
    const [enrollment, audit] = rows();
    expect(enrollment).toMatchObject({ stream: 'enrollment', kind: 'deferred-enrollment', keyId: pair.keyId });
    expect(audit).toMatchObject({ stream: 'audit', kind: 'audit-events' });
    const opened = JSON.parse(
      new TextDecoder().decode(
        await openSealed(
          pair.privateKey,
          (JSON.parse(enrollment!.body) as { sealed: string }).sealed,
          deferredEnrollmentAad('kiosk-ledger-01', enrollment!.key),
        ),
      ),
    ) as Record<string, unknown>;
    expect(opened).toMatchObject({
      version: 2,
      run: CARD.run,
      cardSerial: CARD.serial,
      email: DEFER.email,
      phone: DEFER.phone,
      generate: 'sms',
      language: 'en',
      fingerImage: FINGER_IMAGE,
    });
    expect(db.prepare('SELECT outcome FROM sessions WHERE id = ?').get(DEFER.sessionId)).toEqual({ outcome: 'deferred' });
    db.close();
    const disk =
      readFileSync(path).toString('latin1') +
      (() => {
        try {
          return readFileSync(`${path}-wal`).toString('latin1');
        } catch {
          return '';
        }
      })();
    for (const secret of [CARD.run, CARD.serial, 'persona.sintetica', '912345678', FINGER_IMAGE]) expect(disk.includes(secret), secret).toBe(false);
  });

  it("refuses a deferred enrollment without central's key, writing nothing", async () => {
    const { ledger, rows } = setup(false);
    await expect(ledger.deferEnrollment(DEFER, T0)).rejects.toMatchObject({ code: 'outbox.no_sealing_key' });
    expect(rows()).toEqual([]);
  });

  it('seals the subject of audit records and keeps them in the order they were made', async () => {
    const { ledger, rows } = setup();
    const types = ['session.started', 'card.read', 'verification', 'session.ended'] as const;
    await Promise.all(
      types.map((type, i) => ledger.audit({ type, outcome: 'ok', subjectRun: i === 0 ? null : CARD.run }, { sessionId: DEFER.sessionId, nowMs: T0 + i })),
    );
    const events = rows().map(
      (r) => (JSON.parse(r.body) as { events: { eventId: string; type: string; subject?: string; detail?: Record<string, unknown> }[] }).events[0]!,
    );
    expect(events.map((e) => e.type)).toEqual([...types]);
    expect(events[0]!.subject).toBeUndefined();
    const subject = await openSealed(pair.privateKey, events[1]!.subject!, auditSubjectAad('kiosk-ledger-01', events[1]!.eventId));
    expect(JSON.parse(new TextDecoder().decode(subject))).toEqual({ run: CARD.run });
    expect(events[1]!.detail).toMatchObject({ session: DEFER.sessionId });
    expect(JSON.stringify(rows())).not.toContain(CARD.run);
  });

  it('without a key, keeps the record but withholds the subject rather than writing it in clear', async () => {
    const { ledger, rows } = setup(false);
    await ledger.audit({ type: 'card.read', outcome: 'ok', subjectRun: CARD.run }, { sessionId: null, nowMs: T0 });
    const [row] = rows();
    expect(row!.body).not.toContain(CARD.run);
    expect(JSON.parse(row!.body)).toMatchObject({ events: [{ type: 'card.read', detail: { subjectWithheld: true } }] });
  });

  it('closes sessions a crash cut short, and prunes old ledger rows', () => {
    const { ledger } = setup();
    ledger.sessionStarted('old', 'civil-digital', T0 - 100 * 86_400_000);
    ledger.sessionEnded('old', 'code_printed', T0 - 100 * 86_400_000);
    ledger.sessionStarted('cut-short', 'civil-digital', T0 - 60_000);
    expect(ledger.recover(T0)).toEqual({ interrupted: 1, pruned: 1 });
    expect(db.prepare('SELECT id, outcome FROM sessions').all()).toEqual([{ id: 'cut-short', outcome: 'interrupted' }]);
  });
});
