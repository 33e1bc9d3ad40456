/**
 * Deferred enrollment (ChileAtiende mode, kiosk offline): the kiosk captured
 * the card data, a fingerprint and the citizen's contact details, sealed them
 * with HPKE to the central's published key (central/pki/hpke.ts) and queued
 * the bundle; when it is back online it submits the bundle once, with an
 * Idempotency-Key, and retries with the same key until it gets an answer.
 *
 * AAD: `deferredEnrollmentAad(kioskId, idempotencyKey)`. The kiosk id is
 * the one in the kiosk's own certificate and the key is the request's
 * Idempotency-Key, so a bundle copied into another kiosk's request, or
 * resubmitted under another key (which would dodge the replay), does not open.
 *
 * No typed password: a deferred bundle always asks for a generated password
 * (`generate: email|sms`). A password typed at the kiosk would otherwise sit
 * on the kiosk's disk for as long as it is offline; sealed or not, it would be
 * a stored copy of a secret that exists nowhere else, and the kiosk could not
 * tell the citizen the password was accepted by the rules anyway. The bundle
 * schema is strict, so a `password` member is refused.
 *
 * Processing is synchronous inside the request (the sandbox answers once it
 * is done), but the answer is 202 with an id and the outcome: the contract
 * leaves the production service free to queue it. Steps: open → parse →
 * verification with the real matcher (a mismatch counts towards the
 * lockout like any other) → one-step activation with a generated password →
 * the citizen is told on the chosen channel either way: the password and the
 * activation notice on success (one-step-activation.ts), a message saying
 * why it failed and what to do otherwise. The stored idempotent response is
 * committed with the failure notice (or after the activation's own
 * transaction), so a replay never notifies twice.
 */
import { z } from 'zod';
import { type DomainContext, idempotent } from './context.ts';
import { DomainError, failed, type Outcome, succeeded } from './errors.ts';
import type { IdempotencyRequest } from './idempotency.ts';
import { chileanMobileSchema, emailSchema, invalidInput } from './input.ts';
import type { MessageChannel } from './mailbox.ts';
import { DEFAULT_MESSAGE_LANGUAGE, deferredFailureNotice, messageLanguageSchema } from './messages.ts';
import { activateOneStep } from './one-step-activation.ts';
import { verifyIdentity } from './verification.ts';

/** Version 2 carries a finger image (or a template); version 1, template only, is still accepted from kiosks not yet updated. */
export const DEFERRED_BUNDLE_VERSION = 2;
/**
 * The AAD label names the envelope's binding (kiosk id and Idempotency-Key),
 * not the plaintext's version: it stays `v1` so bundles of either version,
 * sealed before or after a kiosk update, open the same way.
 */
const DEFERRED_AAD_LABEL = 'claveunica-deferred-enrollment/v1';

/** The AAD the kiosk seals a deferred bundle with: UTF-8 of a fixed label, the kiosk id and the Idempotency-Key, newline-separated. */
export function deferredEnrollmentAad(kioskId: string, idempotencyKey: string): Uint8Array {
  return new TextEncoder().encode(`${DEFERRED_AAD_LABEL}\n${kioskId}\n${idempotencyKey}`);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** As POST /v1/identity-verifications caps them (openapi.yaml). */
const FINGER_IMAGE_MAX_CHARS = 700_000;
const TEMPLATE_MAX_CHARS = 8192;
const bundleFields = {
  capturedAt: z.iso.datetime(),
  run: z.string().max(20),
  cardSerial: z.string().max(20),
  cardExpiry: z.string().max(10).optional(),
  finger: z.union([z.string().max(16), z.int().min(1).max(10)]),
  email: emailSchema,
  phone: chileanMobileSchema,
  generate: z.enum(['email', 'sms']),
  /** The citizen's language at the kiosk, for the messages (absent in bundles sealed before kiosks sent it: Spanish). */
  language: messageLanguageSchema.optional(),
};
/** The bundle's plaintext (UTF-8 JSON): version 1 with a template, version 2 with exactly one of fingerImage and template. */
export const deferredBundleSchema = z.discriminatedUnion('version', [
  z.strictObject({ version: z.literal(1), ...bundleFields, template: z.string().max(TEMPLATE_MAX_CHARS).regex(BASE64) }),
  z
    .strictObject({
      version: z.literal(2),
      ...bundleFields,
      fingerImage: z.string().max(FINGER_IMAGE_MAX_CHARS).regex(BASE64).optional(),
      template: z.string().max(TEMPLATE_MAX_CHARS).regex(BASE64).optional(),
    })
    .refine((b) => (b.fingerImage === undefined) !== (b.template === undefined), { message: 'exactly one of fingerImage and template', path: ['fingerImage'] }),
]);
export type DeferredBundle = z.input<typeof deferredBundleSchema>;

export interface DeferredEnrollmentRequest {
  readonly kioskId: string;
  /** Opens the sealed bundle with the server's HPKE key and the given AAD; throws when it cannot. */
  readonly open: (aad: Uint8Array) => Promise<Uint8Array>;
}

export interface DeferredEnrollmentResult {
  readonly id: string;
  readonly state: 'completed';
  readonly result: 'activated' | 'rejected';
  /** The refusal's code when rejected (e.g. `identity_locked`, `already_has_account`), or `no_match`. */
  readonly reason?: string;
  readonly notifiedBy: MessageChannel;
  readonly capturedAt: string;
}

export function enrollDeferred(
  ctx: DomainContext,
  input: DeferredEnrollmentRequest,
  request: IdempotencyRequest | undefined,
): Promise<Outcome<DeferredEnrollmentResult>> {
  return idempotent<DeferredEnrollmentResult>(ctx, request, async (commit) => {
    let plaintext: Uint8Array;
    try {
      plaintext = await input.open(deferredEnrollmentAad(input.kioskId, request?.key ?? ''));
    } catch {
      return failed('sealed_payload_invalid');
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
    } catch {
      return failed('invalid_input', 'the opened bundle is not UTF-8 JSON', { field: 'sealed' });
    }
    const parsed = deferredBundleSchema.safeParse(decoded);
    if (!parsed.success) {
      const error = invalidInput(parsed.error);
      return {
        ok: false,
        error: new DomainError('invalid_input', `bundle: ${error.detail ?? error.title}`, { field: `bundle.${String(error.extensions.field ?? '')}` }),
      };
    }
    const bundle = parsed.data;
    const id = `de_${Buffer.from(ctx.random(12)).toString('base64url')}`;
    const channel = bundle.generate;
    const recipient = channel === 'email' ? bundle.email : bundle.phone;
    const language = bundle.language ?? DEFAULT_MESSAGE_LANGUAGE;
    const base = { id, state: 'completed' as const, notifiedBy: channel, capturedAt: bundle.capturedAt };
    const rejected = (reason: string) =>
      commit(() => {
        const now = ctx.clock();
        ctx.mailbox.enqueue(deferredFailureNotice(channel, recipient, reason, language), now);
        ctx.log('deferred_enrollment', { id, kioskId: input.kioskId, outcome: reason });
        return succeeded<DeferredEnrollmentResult>({ ...base, result: 'rejected', reason }, 202);
      });

    const verification = await verifyIdentity(ctx, {
      kioskId: input.kioskId,
      run: bundle.run,
      cardSerial: bundle.cardSerial,
      ...(bundle.cardExpiry === undefined ? {} : { cardExpiry: bundle.cardExpiry }),
      finger: bundle.finger as never, // checked by verifyIdentity's own schema
      ...('fingerImage' in bundle && bundle.fingerImage !== undefined
        ? { fingerImage: new Uint8Array(Buffer.from(bundle.fingerImage, 'base64')) }
        : { template: new Uint8Array(Buffer.from(bundle.template!, 'base64')) }),
    });
    // A rate limit says "not now", not "no": answer 429 (the claim is released, nothing is stored or sent)
    // so the kiosk's outbox retries after Retry-After, instead of telling the citizen their enrollment failed.
    if (!verification.ok && verification.error.code === 'rate_limited') return { ok: false, error: verification.error };
    if (!verification.ok) return rejected(verification.error.code);
    if (!verification.value.matched) return rejected('no_match');
    const activation = await activateOneStep(ctx, {
      kioskId: input.kioskId,
      verificationToken: verification.value.verificationToken,
      run: bundle.run,
      email: bundle.email,
      phone: bundle.phone,
      generate: channel,
      language,
    });
    if (!activation.ok) return rejected(activation.error.code);
    // The account, the password message and the notice committed in the activation's transaction; this stores the answer.
    return commit(() => {
      ctx.log('deferred_enrollment', { id, kioskId: input.kioskId, outcome: 'activated' });
      return succeeded<DeferredEnrollmentResult>({ ...base, result: 'activated' }, 202);
    });
  });
}
