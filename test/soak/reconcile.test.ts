import { describe, expect, it } from 'vitest';
import { type ReconcileInput, reconcile } from './reconcile.ts';

const CD = 'soak-cd';
const CA = 'soak-ca';
const RUN = '15234871-1';

/** Two sessions, everything where it belongs: one Civil Digital code, one ChileAtiende activation after a reset. */
function consistent(): ReconcileInput {
  return {
    journal: [
      { index: 0, mode: 'civil-digital', kioskId: CD, fault: null, sessionId: 's-0', run: '11111111-1', activatedReported: false, epoch: 0 },
      { index: 1, mode: 'chileatiende', kioskId: CA, fault: null, sessionId: 's-1', run: RUN, activatedReported: true, epoch: 40 },
    ],
    ledger: [
      { kioskId: CD, id: 's-0', endedAt: 10, outcome: 'code_printed' },
      { kioskId: CA, id: 's-1', endedAt: 20, outcome: 'activated' },
    ],
    outbox: [
      { kioskId: CD, idempotencyKey: 'audit-e1', kind: 'audit-events', state: 'delivered', deadReason: null },
      { kioskId: CA, idempotencyKey: 'audit-e2', kind: 'audit-events', state: 'delivered', deadReason: null },
      { kioskId: CA, idempotencyKey: 'deferred-d1', kind: 'deferred-enrollment', state: 'delivered', deadReason: null },
      { kioskId: CA, idempotencyKey: 'hb-1', kind: 'heartbeat', state: 'pending', deadReason: null },
    ],
    centralAudits: [
      { kioskId: CD, eventId: 'e1' },
      { kioskId: CA, eventId: 'e2' },
    ],
    centralDeferredDone: new Set([`${CA} deferred-d1`]),
    // One activation before the reset at audit row 40 (the earlier enrolment), one after it (this session's).
    activations: [
      { auditId: 12, run: RUN, kioskId: CA },
      { auditId: 41, run: RUN, kioskId: CA },
    ],
    resets: [{ run: RUN, auditBoundary: 40 }],
  };
}

describe('soak reconciliation', () => {
  it('finds nothing lost or duplicated when every record is where it belongs', () => {
    const result = reconcile(consistent());
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ lost: 0, duplicates: 0, outbox: { delivered: 3, pending: 1, dead: 0 } });
    expect(result.ledgerOutcomes).toEqual({ code_printed: 1, activated: 1 });
  });

  it('finds an audit record the kiosk delivered that central does not hold', () => {
    const input = { ...consistent(), centralAudits: [{ kioskId: CD, eventId: 'e1' }] };
    expect(reconcile(input)).toMatchObject({ lost: 1, duplicates: 0, findings: [{ kind: 'lost', ref: 'audit-e2' }] });
  });

  it('finds an activation the kiosk reported that central only has from before the reset', () => {
    const input = { ...consistent(), activations: [{ auditId: 12, run: RUN, kioskId: CA }] };
    expect(reconcile(input)).toMatchObject({ lost: 1, findings: [{ reason: 'activation reported by the kiosk, absent at central', ref: 's-1' }] });
  });

  it('finds a session stuck without an end, one missing from the ledger, and a record still pending', () => {
    const base = consistent();
    const input: ReconcileInput = {
      ...base,
      journal: [...base.journal, { ...base.journal[0]!, index: 2, sessionId: 's-2' }],
      ledger: [{ ...base.ledger[0]!, endedAt: null, outcome: null }, base.ledger[1]!],
      outbox: [...base.outbox, { kioskId: CD, idempotencyKey: 'audit-e3', kind: 'audit-events', state: 'pending', deadReason: null }],
    };
    const result = reconcile(input);
    expect(result.lost).toBe(3);
    expect(result.findings.map((f) => f.ref).sort()).toEqual(['audit-e3', 's-0', 's-2']);
  });

  it('finds an account activated twice between two resets, and an audit record stored twice', () => {
    const base = consistent();
    const input: ReconcileInput = {
      ...base,
      activations: [...base.activations, { auditId: 57, run: RUN, kioskId: CA }],
      centralAudits: [...base.centralAudits, { kioskId: CD, eventId: 'e1' }],
    };
    const result = reconcile(input);
    expect(result).toMatchObject({ lost: 0, duplicates: 2 });
    expect(result.findings.map((f) => f.ref).sort()).toEqual(['audit#57', 'e1']);
  });

  it('counts a dead-lettered deferred enrollment as lost and an undefined outcome as lost', () => {
    const base = consistent();
    const input: ReconcileInput = {
      ...base,
      ledger: [{ ...base.ledger[0]!, outcome: 'something_else' }, base.ledger[1]!],
      outbox: [{ kioskId: CA, idempotencyKey: 'deferred-d1', kind: 'deferred-enrollment', state: 'dead', deadReason: 'expired' }],
    };
    expect(reconcile(input)).toMatchObject({ lost: 2, duplicates: 0 });
  });
});
