/**
 * Identity verification: the card data and a fingerprint capture from the
 * kiosk (a finger image, or an ISO template from a reader that extracts its
 * own; fingerprint-probe.ts), checked against the registry with the real matcher
 * (synthetic/fingers/matcher.ts, the sandbox's stand-in for the registry's
 * AFIS). Refusals come in a fixed order, each with its own code, and only a
 * fingerprint mismatch counts towards the lockout.
 *
 * The order: unknown person → card not this person's current card → card
 * blocked → card expired → under age → already has an account → locked →
 * finger not enrolled → match. Card checks come first so that nobody learns
 * anything about a RUN (age, account, lock) without holding that person's card.
 * For the same reason the per-RUN rate limit (rate-limits.ts) counts, and
 * applies to, only requests whose card is the RUN's: a kiosk that merely knows
 * a RUN cannot use it up and keep the card holder from verifying.
 *
 * Without a card (Civil Digital's "Ingresar mi RUT": `cardSerial` absent),
 * there is no card to check: unknown person → locked → finger not enrolled →
 * match → under age → already has an account. Age and account are told only
 * after the finger matched, so typing a RUN teaches nothing but whether it
 * exists; a mismatch counts towards the same per-person lockout as with a
 * card; and every such request feeds and obeys its own, stricter per-RUN
 * limit (rate-limits.ts, verificationPerTypedRun). The token it issues is
 * marked card-less: one-step activation (ChileAtiende) refuses it.
 *
 * The match score is never returned: a score lets an attacker hill-climb a
 * forged template towards acceptance.
 */
import { z } from 'zod';
import { decodeFingerMinutiaeRecord, type FingerMinutiaeRecord, IMAGE_MATCH_THRESHOLD, matchRecords } from '../../synthetic/fingers/index.ts';
import { FINGER_POSITIONS, type FingerName } from '../../common/fingers.ts';
import { imageProbe, templateProbe } from './fingerprint-probe.ts';
import { ageOn, chileanDate, isoUtc } from './clock.ts';
import { type Commit, type DomainContext, idempotent } from './context.ts';
import { failed, type Outcome, succeeded } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import type { RateLimit } from './rate-limits.ts';
import { cardSerialSchema, fingerImageSchema, fingerSchema, isoDateSchema, kioskIdSchema, parseWith, runSchema, templateSchema } from './input.ts';
import { lockedProblem, lockLiftsAt } from './lockout.ts';
import type { CardRecord, PersonRecord } from './registry.ts';
import { runRef } from './run.ts';

export interface VerificationRequest {
  readonly kioskId: string;
  /** As read from the card or typed: `15.234.871-1` or any written form. */
  readonly run: string;
  /** Absent when the citizen typed the RUN without the card (Civil Digital). */
  readonly cardSerial?: string;
  /** YYYY-MM-DD, when the reader got it (MRZ and QR both carry it). */
  readonly cardExpiry?: string;
  /** `right-index` … or the ISO position 1–10. */
  readonly finger: FingerName | number;
  /** An ISO/IEC 19794-4:2005 finger image record with one view; exactly one of this and `template`. */
  readonly fingerImage?: Uint8Array;
  /** An ISO/IEC 19794-2:2005 finger minutiae record with one view; exactly one of this and `fingerImage`. */
  readonly template?: Uint8Array;
}

export type VerificationResult =
  | { readonly matched: true; readonly verificationToken: string; readonly expiresAt: string; readonly attemptsLeft: number }
  | { readonly matched: false; readonly attemptsLeft: number };

export { MIN_PROBE_MINUTIAE } from './fingerprint-probe.ts';

const verificationSchema = z
  .strictObject({
    kioskId: kioskIdSchema,
    run: runSchema,
    cardSerial: cardSerialSchema.optional(),
    cardExpiry: isoDateSchema.optional(),
    finger: fingerSchema,
    fingerImage: fingerImageSchema.optional(),
    template: templateSchema.optional(),
  })
  .refine((v) => (v.fingerImage === undefined) !== (v.template === undefined), {
    message: 'send exactly one of fingerImage and template',
    path: ['fingerImage'],
  });
type ParsedVerification = z.output<typeof verificationSchema>;

const FINGER_NAMES = Object.fromEntries(Object.entries(FINGER_POSITIONS).map(([name, position]) => [position, name])) as Record<number, FingerName>;

/** The person's enrolled fingers by name, in ISO position order. */
export function enrolledFingerNames(ctx: DomainContext, personId: number): FingerName[] {
  return ctx.registry.enrolledFingers(personId).flatMap((p) => (FINGER_NAMES[p] === undefined ? [] : [FINGER_NAMES[p]]));
}

export function verifyIdentity(ctx: DomainContext, input: VerificationRequest, request?: IdempotencyRequest): Promise<Outcome<VerificationResult>> {
  return idempotent<VerificationResult>(ctx, request, (commit) => {
    const parsed = parseWith(verificationSchema, input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const v = parsed.value;
    const now = ctx.clock();
    const limits = ctx.policy.rateLimits;
    // The RUN's limit only applies to, and is only fed by, requests that hold the RUN's card: otherwise any
    // kiosk certificate could exhaust it for a RUN it merely knows and keep its owner from verifying.
    // A typed RUN has its own, stricter bucket, fed by every typed request (runBucket).
    const bucket = runBucket(ctx, v);
    const retryAfter = Math.max(
      ctx.limiter.retryAfter(`verify:kiosk:${v.kioskId}`, limits.verificationPerKiosk, now) ?? 0,
      (bucket ? ctx.limiter.retryAfter(bucket.key, bucket.rule, now) : null) ?? 0,
    );
    if (retryAfter > 0) return failed('rate_limited', undefined, { retryAfterSeconds: retryAfter });
    const probe = v.fingerImage !== undefined ? imageProbe(v.fingerImage, v.finger) : templateProbe(v.template!, v.finger);
    if (!probe.ok) return { ok: false, error: probe.error };
    return decide(ctx, commit, v, probe.record);
  });
}

/** Registry templates are written by the registry itself; one that does not decode is a corrupt database, not a bad request. */
function enrolledRecord(bytes: Uint8Array): FingerMinutiaeRecord {
  const result = decodeFingerMinutiaeRecord(bytes);
  if (!result.ok) throw result.error;
  return result.value;
}

/** The per-RUN rate-limit bucket a request counts in: the card's (only when it holds the RUN's card), the typed RUN's (always), or none. */
function runBucket(ctx: DomainContext, v: ParsedVerification): { key: string; rule: RateLimit } | null {
  const limits = ctx.policy.rateLimits;
  if (v.cardSerial === undefined) return { key: `verify:typed-run:${v.run.canonical}`, rule: limits.verificationPerTypedRun };
  return 'person' in cardHolder(ctx, v) ? { key: `verify:run:${v.run.canonical}`, rule: limits.verificationPerRun } : null;
}

function decide(ctx: DomainContext, commit: Commit<VerificationResult>, v: ParsedVerification, probe: FingerMinutiaeRecord): Outcome<VerificationResult> {
  return commit(() => {
    const now = ctx.clock();
    ctx.limiter.record(`verify:kiosk:${v.kioskId}`, now);
    const bucket = runBucket(ctx, v);
    if (bucket) ctx.limiter.record(bucket.key, now);
    const holder = cardHolder(ctx, v);
    const outcome = 'person' in holder ? evaluate(ctx, v, probe, holder, now) : holder;
    const code = outcome.ok ? (outcome.value.matched ? 'match' : 'no_match') : outcome.error.code;
    ctx.audit.record(
      { event: 'verification', outcome: code, run: v.run.canonical, kioskId: v.kioskId, detail: { finger: v.finger, card: v.cardSerial !== undefined } },
      now,
    );
    ctx.log('identity.verification', {
      runRef: runRef(ctx.serverSecret, v.run),
      kioskId: v.kioskId,
      finger: v.finger,
      probe: v.fingerImage !== undefined ? 'image' : 'template',
      outcome: code,
    });
    return outcome;
  });
}

/**
 * The registered person and card when the card read is this RUN's card (serial and, when read, expiry); the
 * person alone (card null) for a typed RUN; otherwise the refusal.
 */
export function cardHolder<T = VerificationResult>(
  ctx: DomainContext,
  v: { readonly run: { readonly canonical: string }; readonly cardSerial?: string | undefined; readonly cardExpiry?: string | undefined },
): { person: PersonRecord; card: CardRecord | null } | Outcome<T> {
  const person = ctx.registry.personByRun(v.run.canonical);
  if (!person) return failed('unknown_person');
  if (v.cardSerial === undefined) return { person, card: null };
  const card = ctx.registry.card(v.cardSerial);
  if (!card || card.personId !== person.id) return failed('card_mismatch', 'the card serial is not a card of this RUN');
  if (v.cardExpiry !== undefined && v.cardExpiry !== card.expiryDate)
    return failed('card_mismatch', 'the expiry date read from the card is not the registered one');
  return { person, card };
}

function evaluate(
  ctx: DomainContext,
  v: ParsedVerification,
  probe: FingerMinutiaeRecord,
  { person, card }: { person: PersonRecord; card: CardRecord | null },
  now: number,
): Outcome<VerificationResult> {
  const { registry, policy } = ctx;
  const today = chileanDate(now);
  const eligibility = (): Outcome<VerificationResult> | null => {
    if (ageOn(person.birthDate, today) < policy.minimumAge) return failed('under_age', undefined, { minimumAge: policy.minimumAge });
    if (person.hasAccount) return failed('already_has_account');
    return null;
  };
  if (card !== null) {
    if (card.status === 'blocked') return failed('card_blocked');
    if (card.expiryDate < today) return failed('card_expired', undefined, { expiredOn: card.expiryDate });
    const refused = eligibility();
    if (refused) return refused;
  }
  const liftsAt = lockLiftsAt(person, policy, now);
  if (liftsAt !== null) return failed('identity_locked', undefined, lockedProblem(liftsAt));
  const enrolled = registry.template(person, v.finger);
  if (!enrolled) return failed('finger_not_enrolled', undefined, { enrolledFingers: enrolledFingerNames(ctx, person.id) });
  // The registry is enrolled from images, so its templates are compared at the threshold measured for image-derived templates, whatever the probe.
  if (matchRecords(probe, enrolledRecord(enrolled)).score >= IMAGE_MATCH_THRESHOLD) {
    ctx.failures.clear(person.id);
    // Without a card, age and account are told only to the finger that matched (see the order above).
    const refused = card === null ? eligibility() : null;
    if (refused) return refused;
    const { token, expiresAt } = ctx.tokens.issue(person.id, v.kioskId, v.finger, now, policy.verificationTokenTtlMs, card !== null);
    return succeeded({ matched: true, verificationToken: token, expiresAt: isoUtc(expiresAt), attemptsLeft: policy.lockoutFailures });
  }
  ctx.failures.record(person.id, v.kioskId, now);
  const failures = ctx.failures.countSince(person.id, now - policy.lockoutWindowMs);
  if (failures >= policy.lockoutFailures) {
    registry.lock(person.id, `${failures} failed fingerprint verifications within ${policy.lockoutWindowMs / 3_600_000} h`, now);
    ctx.audit.record({ event: 'lockout', outcome: 'locked', run: v.run.canonical, kioskId: v.kioskId, detail: { failures } }, now);
    return failed('identity_locked', undefined, lockedProblem(now + policy.lockoutDurationMs));
  }
  return succeeded({ matched: false, attemptsLeft: policy.lockoutFailures - failures });
}
