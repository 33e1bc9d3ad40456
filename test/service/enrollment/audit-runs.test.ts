import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMessage } from '../../../electron/service/audit/audit-trail.ts';
import { KioskCentralLink } from '../../../electron/service/central/central-link.ts';
import type { OutboxRow } from '../../../electron/service/outbox/outbox.ts';
import { createLogger } from '../../../common/log.ts';
import { citizenWith } from '../../central/domain/support.ts';
import { removeTempDirs, type Sandbox, startSandbox, tempDir } from './support.ts';

let sandbox: Sandbox;
let link: KioskCentralLink;
const kioskId = `audit-runs-${process.pid}`;

beforeAll(async () => {
  sandbox = await startSandbox();
  const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
  link = new KioskCentralLink({
    dataDir: tempDir('kiosk-audit-runs-'),
    centralUrl: sandbox.server.url,
    caCertificatePem: sandbox.server.pki.ca.pem,
    kioskId,
    registrationToken: token,
    operationTimeoutMs: 20_000,
    log: createLogger(() => undefined, 'service'),
  });
  await link.whenSettled();
});
afterAll(async () => {
  await link.close();
  await sandbox.close();
  removeTempDirs();
});

let nextId = 1;
async function auditRow(type: string): Promise<OutboxRow> {
  const message = await auditMessage({ type, outcome: 'ok', atMs: Date.now(), subjectRun: citizenWith('ok', 1).run.formatted }, kioskId, link.sealingKey());
  return { ...message, id: nextId++, createdAt: 0, attempts: 0, nextAttemptAt: 0, leaseOwner: 'w', leaseUntil: null };
}

const stored = () =>
  sandbox.db.prepare('SELECT event_id, type, run FROM kiosk_audit_events WHERE kiosk_id = ? ORDER BY id').all(kioskId) as {
    event_id: string;
    type: string;
    run: string | null;
  }[];

describe('audit records delivered as a run', () => {
  it('reach central in one request, in order, subjects opened; a repeat or an overlapping run stores nothing twice', async () => {
    const rows = [await auditRow('session.started'), await auditRow('verification'), await auditRow('session.ended')];
    expect(await link.deliverRun(rows)).toMatchObject({ type: 'delivered', replayed: false });
    const eventIds = rows.map((r) => (JSON.parse(r.body) as { events: { eventId: string }[] }).events[0]!.eventId);
    expect(stored().map((e) => e.event_id)).toEqual(eventIds);
    expect(stored().map((e) => e.type)).toEqual(['session.started', 'verification', 'session.ended']);
    const subject = citizenWith('ok', 1).run.formatted.replaceAll('.', '');
    expect(stored().map((e) => e.run)).toEqual([subject, subject, subject]);

    // The same run again (a lost response): central replays its answer.
    expect(await link.deliverRun(rows)).toMatchObject({ type: 'delivered', replayed: true });
    // A later run that repeats the last record (the first run's outcome was never recorded): the new one only is added.
    const later = await auditRow('session.started');
    expect(await link.deliverRun([rows[2]!, later])).toMatchObject({ type: 'delivered' });
    expect(stored()).toHaveLength(4);
  });
});

describe('an audit run with a row that is not JSON', () => {
  it('is refused for good before anything is sent, so the worker tries the rows one by one', async () => {
    const good = await auditRow('session.started');
    const before = stored().length;
    expect(await link.deliverRun([good, { ...good, id: nextId++, body: '{"events":' }])).toEqual({ type: 'permanent', reason: 'run_body_unreadable' });
    expect(stored()).toHaveLength(before);
  });
});
