/**
 * Which fingers the registry holds for a person, asked by a kiosk right after
 * the card is read, so the citizen can be offered any enrolled finger (not
 * only the right index) before the first capture. Like a verification, it
 * answers only a caller holding the RUN's card (serial and, when read,
 * expiry): knowing a RUN alone tells nothing. A read, but POST (the RUN stays
 * out of URLs and logs) and idempotent like every kiosk call.
 */
import { z } from 'zod';
import type { FingerName } from '../../common/fingers.ts';
import { type DomainContext, idempotent } from './context.ts';
import { type Outcome, succeeded } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import { cardSerialSchema, isoDateSchema, kioskIdSchema, parseWith, runSchema } from './input.ts';
import { cardHolder, enrolledFingerNames } from './verification.ts';

export interface EnrolledFingersRequest {
  readonly kioskId: string;
  readonly run: string;
  readonly cardSerial: string;
  readonly cardExpiry?: string;
}

export interface EnrolledFingersResult {
  /** ISO/IEC 19794-2 finger names in position order; never empty for a registered person enrolled at card issue. */
  readonly enrolledFingers: readonly FingerName[];
}

const enrolledFingersSchema = z.strictObject({
  kioskId: kioskIdSchema,
  run: runSchema,
  cardSerial: cardSerialSchema,
  cardExpiry: isoDateSchema.optional(),
});

export function enrolledFingers(ctx: DomainContext, input: EnrolledFingersRequest, request?: IdempotencyRequest): Promise<Outcome<EnrolledFingersResult>> {
  return idempotent<EnrolledFingersResult>(ctx, request, (commit) => {
    const parsed = parseWith(enrolledFingersSchema, input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const v = parsed.value;
    return commit(() => {
      const holder = cardHolder<EnrolledFingersResult>(ctx, v);
      if (!('person' in holder)) return holder;
      return succeeded({ enrolledFingers: enrolledFingerNames(ctx, holder.person.id) });
    });
  });
}
