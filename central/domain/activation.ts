/**
 * Civil Digital mode, both halves: a verified kiosk session obtains an
 * activation code (issueActivationCode), and the citizen later activates
 * with RUN + code + e-mail + phone + password (activateWithCode, behind the
 * web form). Every attempt, right or wrong, is audited.
 *
 * Wrong codes, and Decreto 9 art. 7 (a limit on failed attempts, a lock, an
 * unlock procedure), without letting a stranger lock a citizen out:
 *  - the limit and the lock are per client (rate-limits.ts): after 5 wrong
 *    codes in 24 h a client is locked out of the form for 30 s, doubling with
 *    each further wrong code up to 1 h; while locked, every attempt from it,
 *    the right code included, is answered 429 with Retry-After (checking the
 *    code first would tell a locked guesser when it guessed right);
 *  - the unlock procedure: the lock lifts by itself when Retry-After has
 *    passed, which the page tells the citizen; failures older than 24 h are
 *    forgotten. A citizen who lost the code asks a kiosk for a new one, which
 *    supersedes the old code;
 *  - per RUN nothing is ever refused: wrong codes typed for a RUN are audited
 *    with it (and the client) one by one, and the 10th within 24 h adds an
 *    `activation_code_guessing` alert to the audit trail for an operator.
 *    The right code always goes through for a client that is not locked,
 *    however many wrong codes others typed for that RUN.
 */
import { z } from 'zod';
import { acceptablePassword } from './accounts.ts';
import { activationNotice } from './messages.ts';
import { isoUtc } from './clock.ts';
import { type DomainContext, idempotent } from './context.ts';
import { DomainError, failed, type Outcome, succeeded } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import { chileanMobileSchema, emailSchema, kioskIdSchema, parseWith, passwordInputSchema, runSchema, verificationTokenSchema } from './input.ts';
import { lockedProblem, lockLiftsAt } from './lockout.ts';
import type { PersonRecord } from './registry.ts';
import { runRef } from './run.ts';
import { formatActivationCode, generateActivationCode, normalizeActivationCode } from './secrets.ts';

export interface ActivationCodeRequest {
  readonly kioskId: string;
  readonly verificationToken: string;
  /** Optional cross-check: when given it must be the verified person's RUN. */
  readonly run?: string;
}

export interface ActivationCodeResult {
  /** 12 characters, returned this once and never stored in clear. */
  readonly activationCode: string;
  /** `ABCD-EFGH-JKMN`, for the receipt and the screen. */
  readonly display: string;
  readonly expiresAt: string;
}

const codeRequestSchema = z.strictObject({ kioskId: kioskIdSchema, verificationToken: verificationTokenSchema, run: runSchema.optional() });

/** The person behind a verification token, or why the step that needs one may not go on. */
export function verifiedPerson(
  ctx: DomainContext,
  token: string,
  kioskId: string,
  run: string | undefined,
  now: number,
): { person: PersonRecord; tokenHash: Buffer; cardRead: boolean } | DomainError {
  const check = ctx.tokens.check(token, kioskId, now);
  if (!check.ok) return new DomainError(check.code);
  const person = ctx.registry.personById(check.personId)!;
  if (run !== undefined && run !== person.run) return new DomainError('verification_token_invalid', 'the token was issued for another person');
  if (person.hasAccount) return new DomainError('already_has_account');
  const liftsAt = lockLiftsAt(person, ctx.policy, now);
  if (liftsAt !== null) return new DomainError('identity_locked', undefined, lockedProblem(liftsAt));
  return { person, tokenHash: check.tokenHash, cardRead: check.cardRead };
}

export function issueActivationCode(ctx: DomainContext, input: ActivationCodeRequest, request?: IdempotencyRequest): Promise<Outcome<ActivationCodeResult>> {
  return idempotent<ActivationCodeResult>(ctx, request, (commit) => {
    const parsed = parseWith(codeRequestSchema, input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { kioskId, verificationToken, run } = parsed.value;
    const audited = (outcome: Outcome<ActivationCodeResult>, personRun: string | null, now: number): Outcome<ActivationCodeResult> => {
      const result = outcome.ok ? 'ok' : outcome.error.code;
      ctx.audit.record({ event: 'activation_code_issued', outcome: result, run: personRun, kioskId }, now);
      ctx.log('activation_code.issue', { runRef: personRun && runRef(ctx.serverSecret, personRun), kioskId, outcome: result });
      return outcome;
    };
    return commit(() => {
      const now = ctx.clock();
      const verified = verifiedPerson(ctx, verificationToken, kioskId, run?.canonical, now);
      if (verified instanceof DomainError) return audited({ ok: false, error: verified }, run?.canonical ?? null, now);
      ctx.tokens.consume(verified.tokenHash, 'activation-code', now);
      const code = generateActivationCode(ctx.random);
      const expiresAt = ctx.codes.store(verified.person.id, verified.person.run, code, kioskId, now, ctx.policy.activationCodeTtlMs);
      return audited(succeeded({ activationCode: code, display: formatActivationCode(code), expiresAt: isoUtc(expiresAt) }, 201), verified.person.run, now);
    });
  });
}

export interface CodeActivationRequest {
  readonly run: string;
  /** As typed: case, spaces and hyphens do not matter. */
  readonly code: string;
  readonly email: string;
  readonly phone: string;
  readonly password: string;
  /** Who is asking, for the per-client brute-force limit: the web form's client address, or a kiosk id. */
  readonly clientId: string;
}

export interface ActivationResult {
  readonly status: 'active';
  readonly email: string;
  readonly phone: string;
  /** Present when a generated password was sent. */
  readonly passwordSentBy?: 'email' | 'sms';
}

const activationCodeSchema = z
  .string()
  .max(40)
  .transform(
    (text, ctx) =>
      normalizeActivationCode(text) ??
      (ctx.addIssue({ code: 'custom', message: 'an activation code is 12 characters of 2–9 and A–Z without I, L, O' }), z.NEVER),
  );

const codeActivationSchema = z.strictObject({
  run: runSchema,
  code: activationCodeSchema,
  email: emailSchema,
  phone: chileanMobileSchema,
  password: passwordInputSchema,
  clientId: z.string().min(1).max(128),
});

export function activateWithCode(ctx: DomainContext, input: CodeActivationRequest, request?: IdempotencyRequest): Promise<Outcome<ActivationResult>> {
  return idempotent<ActivationResult>(ctx, request, async (commit) => {
    const parsed = parseWith(codeActivationSchema, input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { run, code, email, phone, password, clientId } = parsed.value;
    const limits = ctx.policy.rateLimits;
    const runBucket = `code:run:${run.canonical}`;
    const clientBucket = `code:client:${clientId}`;
    const start = ctx.clock();
    const retryAfter = ctx.limiter.progressiveRetryAfter(clientBucket, limits.activationCodeFailuresPerClient, start);
    if (retryAfter !== null) return failed('rate_limited', undefined, { retryAfterSeconds: retryAfter });

    const audited = (outcome: Outcome<ActivationResult>, now: number): Outcome<ActivationResult> => {
      const result = outcome.ok ? 'ok' : outcome.error.code;
      ctx.audit.record({ event: 'activation', outcome: result, run: run.canonical, kioskId: null, detail: { channel: 'activation-code', clientId } }, now);
      ctx.log('account.activation', { runRef: runRef(ctx.serverSecret, run), channel: 'activation-code', outcome: result });
      return outcome;
    };
    // An unknown RUN answers exactly like a wrong code: the public form must not tell who is registered.
    const person = ctx.registry.personByRun(run.canonical);
    const lookup = person ? ctx.codes.lookup(person.id, run.canonical, code, start) : ({ state: 'wrong' } as const);
    if (lookup.state !== 'live' || !person) {
      return commit(() => {
        const now = ctx.clock();
        if (lookup.state === 'wrong') {
          ctx.limiter.record(runBucket, now);
          ctx.limiter.record(clientBucket, now);
          alertOnGuessing(ctx, run.canonical, runBucket, now);
        }
        const error =
          lookup.state === 'used'
            ? failed<ActivationResult>('activation_code_used')
            : lookup.state === 'expired' || lookup.state === 'superseded'
              ? failed<ActivationResult>('activation_code_expired', lookup.state === 'superseded' ? 'a newer code was issued for this RUN' : undefined)
              : failed<ActivationResult>('activation_code_wrong');
        return audited(error, now);
      });
    }
    if (person.hasAccount) return commit(() => audited(failed('already_has_account'), ctx.clock()));
    const accepted = acceptablePassword(ctx, person, password);
    if (!accepted.ok) return { ok: false, error: accepted.error };
    const passwordHash = await ctx.hasher.hash(accepted.password);
    return commit(() => {
      const now = ctx.clock();
      // Re-read inside the transaction: another request may have used the code or activated meanwhile.
      if (ctx.registry.personById(person.id)!.hasAccount) return audited(failed('already_has_account'), now);
      const again = ctx.codes.lookup(person.id, run.canonical, code, now);
      if (again.state !== 'live' || !ctx.codes.use(again.id, now)) {
        return audited(again.state === 'expired' ? failed('activation_code_expired') : failed('activation_code_used'), now);
      }
      ctx.registry.createAccount({ personId: person.id, email, phone, passwordHash, channel: 'activation-code', kioskId: null }, now);
      // The web form is in Spanish: so is its notice.
      ctx.mailbox.enqueue(activationNotice(email, 'es-CL'), now);
      return audited(succeeded({ status: 'active', email, phone }, 201), now);
    });
  });
}

/** Exactly when a RUN's wrong codes reach the alert threshold: one audit row per crossing, never a refusal. */
function alertOnGuessing(ctx: DomainContext, run: string, bucket: string, now: number): void {
  const rule = ctx.policy.rateLimits.activationCodeAlertPerRun;
  const failures = ctx.limiter.count(bucket, rule.windowMs, now);
  if (failures !== rule.limit) return;
  const windowHours = rule.windowMs / 3_600_000;
  ctx.audit.record({ event: 'activation_code_guessing', outcome: 'alert', run, kioskId: null, detail: { failures, windowHours } }, now);
  ctx.log('activation_code.guessing_alert', { runRef: runRef(ctx.serverSecret, run), failures, windowHours });
}
