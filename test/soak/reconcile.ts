/**
 * The soak's reconciliation, pure: what the harness saw, what the kiosks'
 * SQLite files hold (session ledger, the outbox journal) and what central's
 * holds, read after every process has stopped (stores.ts), in; counts of
 * lost and duplicated records and the reasons, out.
 *
 * lost =
 *   sessions the harness started that the ledger does not have, or that the
 *     ledger left without an end or with an outcome outside the defined set;
 * + outbox rows the kiosk delivered (deleted after central's 2xx) that central
 *     does not hold (an audit record by its event id, a deferred enrollment by
 *     its idempotency key, answered);
 * + outbox rows still pending after the drain, or dead-lettered (the kiosk
 *     gave up on a record it had committed to send);
 * + ChileAtiende activations the kiosk reported done (the `activated` step)
 *     with no successful activation at central for that citizen and kiosk
 *     since the citizen's last account reset.
 * duplicates =
 *   audit records central holds more than once for one kiosk and event id;
 * + accounts activated more than once for one citizen between two resets.
 */
import type { FaultKind, SoakMode } from './fault-plan.ts';

/** Outcomes the session ledger may hold (electron/service/session/session-inputs.ts SessionOutcome, and recovery's `interrupted`). */
export const DEFINED_OUTCOMES = ['cancelled', 'declined', 'idle_timeout', 'code_printed', 'code_on_screen', 'activated', 'deferred', 'interrupted'] as const;

export function isDefinedOutcome(outcome: string | null): boolean {
  if (outcome === null) return false;
  return (DEFINED_OUTCOMES as readonly string[]).includes(outcome) || /^failed:[a-z_]{1,64}$/.test(outcome);
}

export interface JournalSession {
  readonly index: number;
  readonly mode: SoakMode;
  readonly kioskId: string;
  readonly fault: FaultKind | null;
  /** From the session's snapshots; null when the kiosk never started it (start refused). */
  readonly sessionId: string | null;
  /** The citizen, in memory only (never printed). */
  readonly run: string;
  /** The kiosk showed `activated` (ChileAtiende). */
  readonly activatedReported: boolean;
  /** Central's audit-row boundary of this citizen's latest reset before the session (0: never reset). */
  readonly epoch: number;
}

export interface LedgerSession {
  readonly kioskId: string;
  readonly id: string;
  readonly endedAt: number | null;
  readonly outcome: string | null;
}

export interface OutboxEntry {
  readonly kioskId: string;
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly state: 'delivered' | 'pending' | 'dead';
  readonly deadReason: string | null;
}

export interface CentralKioskAudit {
  readonly kioskId: string;
  readonly eventId: string;
}

export interface CentralActivation {
  /** central's audit_events id: orders activations against resets. */
  readonly auditId: number;
  readonly run: string;
  readonly kioskId: string | null;
}

export interface AccountReset {
  readonly run: string;
  readonly auditBoundary: number;
}

export interface ReconcileInput {
  readonly journal: readonly JournalSession[];
  readonly ledger: readonly LedgerSession[];
  readonly outbox: readonly OutboxEntry[];
  readonly centralAudits: readonly CentralKioskAudit[];
  /** `${kioskId} ${idempotencyKey}` of deferred enrollments central answered. */
  readonly centralDeferredDone: ReadonlySet<string>;
  /** Successful activations (audit_events, event 'activation', outcome 'ok'). */
  readonly activations: readonly CentralActivation[];
  readonly resets: readonly AccountReset[];
}

export interface Finding {
  readonly kind: 'lost' | 'duplicate';
  readonly reason: string;
  /** Not a citizen identifier: a session id, an event id, an outbox key, or a session index. */
  readonly ref: string;
}

export interface Reconciliation {
  readonly lost: number;
  readonly duplicates: number;
  readonly findings: readonly Finding[];
  readonly ledgerOutcomes: Readonly<Record<string, number>>;
  readonly outbox: { readonly delivered: number; readonly pending: number; readonly dead: number };
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const findings: Finding[] = [];
  const lost = (reason: string, ref: string) => findings.push({ kind: 'lost', reason, ref });
  const duplicate = (reason: string, ref: string) => findings.push({ kind: 'duplicate', reason, ref });

  const ledger = new Map<string, LedgerSession>();
  const ledgerOutcomes: Record<string, number> = {};
  for (const row of input.ledger) {
    ledger.set(`${row.kioskId} ${row.id}`, row);
    const outcome = row.outcome ?? '(none)';
    ledgerOutcomes[outcome] = (ledgerOutcomes[outcome] ?? 0) + 1;
    if (row.endedAt === null || row.outcome === null) lost('session stuck: no end in the ledger', row.id);
    else if (!isDefinedOutcome(row.outcome)) lost(`session ended in an undefined outcome '${row.outcome.slice(0, 40)}'`, row.id);
  }
  for (const session of input.journal) {
    if (session.sessionId === null) continue;
    if (!ledger.has(`${session.kioskId} ${session.sessionId}`)) lost('session started but absent from the ledger', session.sessionId);
  }

  const audits = new Map<string, number>();
  for (const a of input.centralAudits) audits.set(`${a.kioskId} ${a.eventId}`, (audits.get(`${a.kioskId} ${a.eventId}`) ?? 0) + 1);
  for (const [key, count] of audits) if (count > 1) for (let i = 1; i < count; i++) duplicate('audit record held more than once', key.split(' ')[1]!);

  const outbox = { delivered: 0, pending: 0, dead: 0 };
  for (const row of input.outbox) {
    outbox[row.state] += 1;
    if (row.kind === 'heartbeat') continue;
    if (row.state === 'pending') lost(`${row.kind} still pending after the drain`, row.idempotencyKey);
    else if (row.state === 'dead') lost(`${row.kind} dead-lettered: ${row.deadReason ?? 'no reason'}`, row.idempotencyKey);
    else if (row.kind === 'audit-events') {
      const eventId = row.idempotencyKey.replace(/^audit-/, '');
      if (!audits.has(`${row.kioskId} ${eventId}`)) lost('audit record delivered but not at central', row.idempotencyKey);
    } else if (row.kind === 'deferred-enrollment') {
      if (!input.centralDeferredDone.has(`${row.kioskId} ${row.idempotencyKey}`)) lost('deferred enrollment delivered but not at central', row.idempotencyKey);
    }
  }

  // Activations per citizen, cut into epochs by the account resets.
  const boundaries = new Map<string, number[]>();
  for (const r of input.resets) boundaries.set(r.run, [...(boundaries.get(r.run) ?? []), r.auditBoundary]);
  for (const list of boundaries.values()) list.sort((a, b) => a - b);
  const epochOf = (run: string, auditId: number) => {
    let epoch = 0;
    for (const b of boundaries.get(run) ?? []) if (auditId > b) epoch = b;
    return epoch;
  };
  const perEpoch = new Map<string, CentralActivation[]>();
  for (const a of input.activations) {
    const key = `${a.run} ${epochOf(a.run, a.auditId)}`;
    perEpoch.set(key, [...(perEpoch.get(key) ?? []), a]);
  }
  for (const list of perEpoch.values()) for (let i = 1; i < list.length; i++) duplicate('account activated twice between resets', `audit#${list[i]!.auditId}`);
  for (const session of input.journal) {
    if (!session.activatedReported) continue;
    const found = (perEpoch.get(`${session.run} ${session.epoch}`) ?? []).some((a) => a.kioskId === session.kioskId);
    if (!found) lost('activation reported by the kiosk, absent at central', session.sessionId ?? `session#${session.index}`);
  }

  return {
    lost: findings.filter((f) => f.kind === 'lost').length,
    duplicates: findings.filter((f) => f.kind === 'duplicate').length,
    findings,
    ledgerOutcomes,
    outbox,
  };
}
