/**
 * Traceability records (Decreto 9, art. 13; reliability-security.md §8):
 * every step that matters — session start and end, card read, verification
 * result, code issued, receipt, activation, lockout, deferred enrollment,
 * technician actions — with its UTC time. The kiosk id travels in the mTLS
 * certificate that delivers it; the person's identifier (the RUN) travels
 * sealed to central (HPKE), so the queue on the kiosk's disk does not hold it
 * readably. Records go to central only through the outbox (ARCHITECTURE.md,
 * Offline behaviour): one row per record, stream `audit`, delivered in order.
 */
import { randomUUID } from 'node:crypto';
import { auditSubjectAad, auditSubjectPlaintext } from '../central/central-contract.ts';
import { type CentralSealingKey, sealForCentral } from '../outbox/sealing.ts';

export const AUDIT_STREAM = 'audit';

/** The AAD an audit subject is sealed with: the contract's, kept with the rest of it in central-contract.ts. */
export { auditSubjectAad };

export type AuditDetail = Readonly<Record<string, string | number | boolean | null>>;

export interface AuditRecord {
  /** `session.started`, `verification`, `technician.config_changed` … (`^[a-z][a-z0-9_.]{0,63}$`). */
  readonly type: string;
  /** `ok`, or the code the step ended with. */
  readonly outcome: string;
  readonly atMs: number;
  /** The RUN the record is about; sealed before it is stored. */
  readonly subjectRun: string | null;
  /** Outcome facts only: never a password, code, token, template, e-mail or phone. */
  readonly detail?: AuditDetail;
}

export interface AuditOutboxMessage {
  readonly stream: typeof AUDIT_STREAM;
  readonly kind: 'audit-events';
  readonly idempotencyKey: string;
  readonly body: string;
  readonly keyId: string | null;
}

/**
 * The outbox message for one record. Without a sealing key (a kiosk that has
 * never reached central) the record is still kept, without its subject, and
 * says so (`subjectWithheld`): an unsealed RUN is never written.
 */
export async function auditMessage(record: AuditRecord, kioskId: string, key: CentralSealingKey | null): Promise<AuditOutboxMessage> {
  const eventId = randomUUID();
  const event: Record<string, unknown> = {
    eventId,
    at: new Date(record.atMs).toISOString(),
    type: record.type,
    outcome: record.outcome.slice(0, 64),
  };
  const detail: Record<string, string | number | boolean | null> = { ...record.detail };
  if (record.subjectRun !== null) {
    if (key === null) detail.subjectWithheld = true;
    else event.subject = await sealForCentral(key.publicKey, auditSubjectPlaintext(record.subjectRun), auditSubjectAad(kioskId, eventId));
  }
  if (Object.keys(detail).length > 0) event.detail = detail;
  return {
    stream: AUDIT_STREAM,
    kind: 'audit-events',
    idempotencyKey: `audit-${eventId}`,
    body: JSON.stringify({ events: [event] }),
    keyId: record.subjectRun !== null && key !== null ? key.keyId : null,
  };
}
