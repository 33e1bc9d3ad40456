/**
 * Fingerprint lockout: 3 failed verifications of one person within 24 hours
 * lock verification for that person, on every kiosk, until an operator
 * unlocks it (ARCHITECTURE.md, security rules; reliability-security.md §8
 * "Lockout": a kiosk-specific limit far below NIST's 100, counted per
 * person, with a documented unlock path and every lockout logged).
 *
 * The lock lifts by itself `lockoutDurationMs` after it was set (the policy's
 * 24 h, the same as the window that counts the failures), or sooner when an
 * operator unlocks it; the 423 says when (`lockedUntil`), so the kiosk can
 * tell the citizen instead of leaving them to guess. With a card, only
 * someone holding it can cause failures (the card must belong to the RUN).
 * Civil Digital's typed RUN (verification.ts) counts towards the same lock,
 * the same rules as with a card: there, anyone who knows
 * a RUN can cause failures, which is the denial of service the OWASP cheat
 * sheet warns about; the typed-RUN limit (5 an hour, rate-limits.ts), the
 * 24 h lapse and the audit rows (each verification says whether a card was
 * read) bound and expose it, but do not remove it. A success clears earlier
 * failures (NIST: reset the counter after a success).
 */
import { z } from 'zod';
import { isoUtc } from './clock.ts';
import { type DomainContext, type DomainPolicy, idempotent } from './context.ts';
import { failed, type Outcome, succeeded } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import { kioskIdSchema, parseWith, runSchema } from './input.ts';
import { runRef } from './run.ts';

/** Shown by the kiosk on the locked screen and carried in the 423 problem body. */
export const UNLOCK_PROCEDURE = {
  es:
    'Por tu seguridad, la verificación con huella quedó bloqueada después de 3 intentos fallidos en 24 horas. ' +
    'El bloqueo se levanta solo 24 horas después. Para desbloquearla antes, acude con tu cédula de identidad vigente ' +
    'a una oficina del Registro Civil; un funcionario verificará tu identidad y levantará el bloqueo.',
  en:
    'For your security, fingerprint verification was locked after 3 failed attempts within 24 hours. ' +
    'The lock lifts by itself 24 hours later. To unlock it sooner, bring your valid identity card to a Registro Civil office; ' +
    'an officer will verify your identity and lift the lock.',
} as const;

/** When the person's lock lifts by itself (epoch ms), or null when no lock is in force at `now`. */
export function lockLiftsAt(person: { readonly lockedAt: number | null }, policy: Pick<DomainPolicy, 'lockoutDurationMs'>, now: number): number | null {
  if (person.lockedAt === null) return null;
  const liftsAt = person.lockedAt + policy.lockoutDurationMs;
  return now < liftsAt ? liftsAt : null;
}

/** The members of the 423 problem (openapi.yaml components/responses/Locked). */
export function lockedProblem(liftsAt: number): { attemptsLeft: 0; unlockProcedure: typeof UNLOCK_PROCEDURE; lockedUntil: string } {
  return { attemptsLeft: 0, unlockProcedure: UNLOCK_PROCEDURE, lockedUntil: isoUtc(liftsAt) };
}

export interface UnlockRequest {
  readonly run: string;
  /** Who lifted the lock (an operator id from the admin channel), for the audit row. */
  readonly operatorId: string;
}

export interface UnlockResult {
  /** False when the person was not locked (unlocking is idempotent). */
  readonly wasLocked: boolean;
}

const unlockSchema = z.strictObject({ run: runSchema, operatorId: kioskIdSchema });

/** The admin unlock: clears the lock and the failures that led to it, and audits who did it. */
export function unlockIdentity(ctx: DomainContext, input: UnlockRequest, request?: IdempotencyRequest): Promise<Outcome<UnlockResult>> {
  return idempotent<UnlockResult>(ctx, request, (commit) => {
    const parsed = parseWith(unlockSchema, input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { run, operatorId } = parsed.value;
    return commit(() => {
      const now = ctx.clock();
      const person = ctx.registry.personByRun(run.canonical);
      if (!person) return failed('unknown_person');
      const wasLocked = lockLiftsAt(person, ctx.policy, now) !== null;
      ctx.registry.unlock(person.id);
      ctx.failures.clear(person.id);
      ctx.audit.record({ event: 'unlock', outcome: 'ok', run: run.canonical, kioskId: null, detail: { operatorId, wasLocked } }, now);
      ctx.log('identity.unlock', { runRef: runRef(ctx.serverSecret, run), operatorId, wasLocked });
      return succeeded({ wasLocked });
    });
  });
}
