/**
 * Fingerprint lockout: 3 failed verifications of one person within 24 hours
 * lock verification for that person, on every kiosk, until an operator
 * unlocks it (ARCHITECTURE.md, security rules; reliability-security.md §8
 * "Lockout": a kiosk-specific limit far below NIST's 100, counted per
 * person, with a documented unlock path and every lockout logged).
 *
 * The lock does not lapse by itself: a person whose finger fails three times
 * needs an operator anyway. With a card, only someone holding it can cause
 * failures (the card must belong to the RUN). Civil Digital's typed RUN
 * (verification.ts) counts towards the same lock, as the issue asks ("lockout
 * rules apply equally"): there, anyone who knows a RUN can cause failures,
 * which is the denial of service the OWASP cheat sheet warns about; the
 * typed-RUN limit (5 an hour, rate-limits.ts) and the audit rows (each
 * verification says whether a card was read) bound and expose it, but do not
 * remove it. A success clears earlier failures
 * (NIST: reset the counter after a success).
 */
import { z } from 'zod';
import { type DomainContext, idempotent } from './context.ts';
import { failed, type Outcome, succeeded } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import { kioskIdSchema, parseWith, runSchema } from './input.ts';
import { runRef } from './run.ts';

/** Shown by the kiosk on the locked screen and carried in the 423 problem body. */
export const UNLOCK_PROCEDURE = {
  es:
    'Por su seguridad, la verificación con huella quedó bloqueada después de 3 intentos fallidos en 24 horas. ' +
    'Para desbloquearla, acuda con su cédula de identidad vigente a una oficina del Registro Civil; ' +
    'un funcionario verificará su identidad y levantará el bloqueo. Después podrá volver a usar este tótem.',
  en:
    'For your security, fingerprint verification was locked after 3 failed attempts within 24 hours. ' +
    'To unlock it, bring your valid identity card to a Registro Civil office; ' +
    'an officer will verify your identity and lift the lock. You can then use this kiosk again.',
} as const;

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
      const wasLocked = person.lockedAt !== null;
      ctx.registry.unlock(person.id);
      ctx.failures.clear(person.id);
      ctx.audit.record({ event: 'unlock', outcome: 'ok', run: run.canonical, kioskId: null, detail: { operatorId, wasLocked } }, now);
      ctx.log('identity.unlock', { runRef: runRef(ctx.serverSecret, run), operatorId, wasLocked });
      return succeeded({ wasLocked });
    });
  });
}
