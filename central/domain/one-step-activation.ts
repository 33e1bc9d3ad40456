/**
 * ChileAtiende mode: activation in one step at the kiosk, for a verified
 * identity. The citizen gives an e-mail and a Chilean mobile, and either
 * types a password or asks for a generated one by e-mail or SMS, which the
 * sandbox "sends" through its message outbox (mailbox.ts) in the same
 * transaction that creates the account.
 */
import { z } from 'zod';
import { acceptablePassword, generatedPassword } from './accounts.ts';
import type { ActivationResult } from './activation.ts';
import { verifiedPerson } from './activation.ts';
import { type DomainContext, idempotent } from './context.ts';
import { DomainError, failed, type Outcome, succeeded } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import {
  chileanMobileSchema,
  deliverySchema,
  emailSchema,
  kioskIdSchema,
  parseWith,
  passwordInputSchema,
  runSchema,
  verificationTokenSchema,
} from './input.ts';
import { activationNotice, DEFAULT_MESSAGE_LANGUAGE, type MessageLanguage, messageLanguageSchema, passwordDelivery } from './messages.ts';
import { runRef } from './run.ts';

export interface OneStepActivationRequest {
  readonly kioskId: string;
  readonly verificationToken: string;
  readonly run?: string;
  readonly email: string;
  readonly phone: string;
  /** Exactly one of `password` and `generate`. */
  readonly password?: string;
  readonly generate?: 'email' | 'sms';
  /** The language the citizen used at the kiosk: the messages go out in it (Spanish when absent). */
  readonly language?: MessageLanguage;
}

const oneStepSchema = z
  .strictObject({
    kioskId: kioskIdSchema,
    verificationToken: verificationTokenSchema,
    run: runSchema.optional(),
    email: emailSchema,
    phone: chileanMobileSchema,
    password: passwordInputSchema.optional(),
    generate: deliverySchema.optional(),
    language: messageLanguageSchema.default(DEFAULT_MESSAGE_LANGUAGE),
  })
  .refine((r) => (r.password === undefined) !== (r.generate === undefined), { message: 'give exactly one of password and generate', path: ['password'] });

export function activateOneStep(ctx: DomainContext, input: OneStepActivationRequest, request?: IdempotencyRequest): Promise<Outcome<ActivationResult>> {
  return idempotent<ActivationResult>(ctx, request, async (commit) => {
    const parsed = parseWith(oneStepSchema, input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const r = parsed.value;
    const audited = (outcome: Outcome<ActivationResult>, run: string | null, now: number): Outcome<ActivationResult> => {
      const result = outcome.ok ? 'ok' : outcome.error.code;
      ctx.audit.record(
        { event: 'activation', outcome: result, run, kioskId: r.kioskId, detail: { channel: 'one-step', passwordChoice: r.generate ?? 'typed' } },
        now,
      );
      ctx.log('account.activation', { runRef: run && runRef(ctx.serverSecret, run), kioskId: r.kioskId, channel: 'one-step', outcome: result });
      return outcome;
    };
    const first = verifiedPerson(ctx, r.verificationToken, r.kioskId, r.run?.canonical, ctx.clock());
    if (first instanceof DomainError) return commit(() => audited({ ok: false, error: first }, r.run?.canonical ?? null, ctx.clock()));
    // ChileAtiende is card and finger only: a RUN typed without the card (Civil Digital's keypad) does not create an account here.
    if (!first.cardRead) return commit(() => audited(failed('card_required'), first.person.run, ctx.clock()));
    const { person } = first;
    let password: string;
    if (r.password !== undefined) {
      const accepted = acceptablePassword(ctx, person, r.password);
      if (!accepted.ok) return { ok: false, error: accepted.error };
      password = accepted.password;
    } else {
      password = generatedPassword(ctx, person);
    }
    const passwordHash = await ctx.hasher.hash(password);
    return commit(() => {
      const now = ctx.clock();
      // Checked again inside the transaction: the token may have expired or been used while hashing.
      const verified = verifiedPerson(ctx, r.verificationToken, r.kioskId, r.run?.canonical, now);
      if (verified instanceof DomainError) return audited({ ok: false, error: verified }, person.run, now);
      ctx.tokens.consume(verified.tokenHash, 'one-step-activation', now);
      ctx.registry.createAccount({ personId: person.id, email: r.email, phone: r.phone, passwordHash, channel: 'one-step', kioskId: r.kioskId }, now);
      if (r.generate) ctx.mailbox.enqueue(passwordDelivery(r.generate, r.generate === 'email' ? r.email : r.phone, password, r.language), now);
      ctx.mailbox.enqueue(activationNotice(r.email, r.language), now);
      const result: ActivationResult = { status: 'active', email: r.email, phone: r.phone, ...(r.generate ? { passwordSentBy: r.generate } : {}) };
      return audited(succeeded(result, 201), person.run, now);
    });
  });
}
