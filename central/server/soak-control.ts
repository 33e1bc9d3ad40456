/**
 * The sandbox's control channel for the soak harness (test/soak/), off unless
 * central/main.ts was started with CENTRAL_SOAK_CONTROL=1 and forked with an
 * IPC channel. Nothing here exists in production: it is the sandbox playing
 * the parts a long run needs that no kiosk can ask for.
 *
 * - `arm` / `disarm`: faults at chosen moments (faults.ts), so the harness
 *   knows which sessions met one;
 * - `registration-token`: a one-time token for one more kiosk (the soak runs
 *   a Civil Digital and a ChileAtiende kiosk against one sandbox);
 * - `reset-account`: removes a synthetic citizen's account, so a run of
 *   thousands of sessions can enrol the registry's 730 'ok' citizens again.
 *   It answers the id of central's latest audit row at the reset: the
 *   harness uses it to tell one enrolment of a citizen from the next when it
 *   counts activations (an account activated twice between two resets is a
 *   duplicate). Only persons seeded without an account may be reset.
 *
 * Rate limits: CENTRAL_SANDBOX_RATE_LIMIT_SCALE=N multiplies the per-kiosk
 * and per-RUN verification limits by N (windows unchanged), because one
 * simulated kiosk serving a citizen every second is not the busy kiosk the
 * limits were sized for. The activation-code limits (the web form) and the
 * lockout stay as they are.
 */
import { z } from 'zod';
import type { CentralDatabase } from '../storage/database.ts';
import type { RateLimits } from '../domain/rate-limits.ts';
import { type ArmableFaultInjector, ARMED_FAULT_ACTIONS } from './faults.ts';

export const SoakControlRequestSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('arm'),
      fault: z
        .object({
          action: z.enum(ARMED_FAULT_ACTIONS),
          count: z.number().int().min(1).max(1000),
          latencyMs: z.number().int().min(0).max(60_000).optional(),
          route: z.string().max(100).optional(),
          kioskId: z.string().max(64).optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ type: z.literal('disarm'), kioskId: z.string().max(64).optional() }).strict(),
  z.object({ type: z.literal('registration-token'), kioskId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }).strict(),
  z.object({ type: z.literal('reset-account'), run: z.string().regex(/^\d{1,8}-[\dK]$/) }).strict(),
]);
export type SoakControlRequest = z.infer<typeof SoakControlRequestSchema>;

export type SoakControlAnswer =
  | { readonly ok: true; readonly armed?: number; readonly token?: string; readonly hadAccount?: boolean; readonly auditBoundary?: number }
  | { readonly ok: false; readonly error: string };

export interface SoakControlEdges {
  readonly db: CentralDatabase;
  readonly faults: ArmableFaultInjector;
  issueRegistrationToken(kioskId: string): string;
}

export function createSoakControl(edges: SoakControlEdges): (raw: unknown) => SoakControlAnswer {
  const { db, faults } = edges;
  // The registry seeds the 'has_account' scenario as a flag without an account row: those stay as seeded.
  const person = db.prepare<[string], { id: number; seeded_account: number }>(
    'SELECT p.id, (p.has_account = 1 AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id)) AS seeded_account FROM persons p WHERE p.run = ?',
  );
  const deleteAccount = db.prepare<[number]>('DELETE FROM accounts WHERE person_id = ?');
  const clearFlag = db.prepare<[number]>('UPDATE persons SET has_account = 0 WHERE id = ?');
  const latestAudit = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM audit_events');
  const reset = db.transaction((personId: number) => {
    const hadAccount = deleteAccount.run(personId).changes > 0;
    clearFlag.run(personId);
    return { hadAccount, auditBoundary: latestAudit.get()?.id ?? 0 };
  });

  return (raw) => {
    const parsed = SoakControlRequestSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: 'invalid_request' };
    const request = parsed.data;
    try {
      switch (request.type) {
        case 'arm':
          faults.arm(request.fault);
          return { ok: true, armed: faults.armed() };
        case 'disarm':
          faults.disarm(request.kioskId);
          return { ok: true, armed: faults.armed() };
        case 'registration-token':
          return { ok: true, token: edges.issueRegistrationToken(request.kioskId) };
        case 'reset-account': {
          const found = person.get(request.run);
          if (!found) return { ok: false, error: 'unknown_run' };
          if (found.seeded_account) return { ok: false, error: 'seeded_account' };
          return { ok: true, ...reset.immediate(found.id) };
        }
      }
    } catch (error) {
      return { ok: false, error: error instanceof RangeError ? 'invalid_request' : 'failed' };
    }
  };
}

/** The verification limits times `scale` (an integer ≥ 1); everything else as given. */
export function scaledRateLimits(limits: RateLimits, scale: number): RateLimits {
  if (!Number.isInteger(scale) || scale < 1 || scale > 1_000_000)
    throw new RangeError(`CENTRAL_SANDBOX_RATE_LIMIT_SCALE must be an integer 1–1000000, got ${scale}`);
  return {
    ...limits,
    verificationPerKiosk: { ...limits.verificationPerKiosk, limit: limits.verificationPerKiosk.limit * scale },
    verificationPerRun: { ...limits.verificationPerRun, limit: limits.verificationPerRun.limit * scale },
    verificationPerTypedRun: { ...limits.verificationPerTypedRun, limit: limits.verificationPerTypedRun.limit * scale },
  };
}
