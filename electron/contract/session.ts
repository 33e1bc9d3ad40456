import { z } from 'zod';
import { KioskModeSchema, LanguageSchema } from './app.ts';
import { KioskErrorSchema } from './errors.ts';
import { normalizeChileanMobile, normalizeEmail } from '../../common/contact.ts';
import { FINGER_NAMES } from '../../common/fingers.ts';
import { PASSWORD_RULE_IDS } from '../../common/password-rules.ts';

/**
 * Steps of the citizen flow (ARCHITECTURE.md, "The citizen flow"). `idle` is
 * the attract screen with no session. The service decides every transition;
 * the renderer shows the step it is told and sends the citizen's events.
 *
 * Civil Digital: welcome → consent → card → finger → verifying → issuing-code
 *   → printing → code-printed (or code-on-screen when the printer fails).
 * ChileAtiende: … verifying → email → phone → password → review → activating
 *   → activated; offline: … verifying → deferred-offer → email → phone →
 *   password (generated only) → review → deferring → deferred.
 * Any step can end in `failed`, with `failure` saying why.
 */
export const SESSION_STEPS = [
  'idle',
  'welcome',
  'consent',
  'card',
  'finger',
  'verifying',
  'issuing-code',
  'printing',
  'code-printed',
  'code-on-screen',
  'email',
  'phone',
  'password',
  'review',
  'activating',
  'activated',
  'deferred-offer',
  'deferring',
  'deferred',
  'failed',
] as const;
export const SessionStepSchema = z.enum(SESSION_STEPS);
export type SessionStep = z.infer<typeof SessionStepSchema>;

/**
 * Why a session ended in `failed`. Each has its own screen with what to do
 * next (the renderer's catalogue key is `failure.<reason>`).
 */
export const FAILURE_REASONS = [
  /** The card could not be read after the allowed tries, or it is not a Chilean identity card. */
  'card_unreadable',
  'card_expired',
  /** The card was reported lost, stolen or cancelled. */
  'card_blocked',
  /** The card is not the person's current card (a newer one was issued). */
  'card_not_current',
  /** The registry has no such person. */
  'unknown_person',
  'under_age',
  'already_enrolled',
  /** Too many fingerprint mismatches: locked, with the unlock procedure. */
  'locked',
  /** The reader could not get a usable image after the allowed tries. */
  'finger_unreadable',
  /** A reader or the printer stopped working during the step that needed it. */
  'device_failure',
  /** Central cannot be reached and this mode has no offline path (Civil Digital), or the offline path failed. */
  'central_unavailable',
  /** The verification ran out before it was used (the citizen took too long). */
  'verification_expired',
  /** The kiosk's disk or queue is full: it takes no enrollments until a technician clears it. */
  'storage_full',
  /** The citizen did not do what the step waited for in time. */
  'step_timeout',
  /** A fault the service cannot name more precisely. */
  'internal',
] as const;
export const FailureReasonSchema = z.enum(FAILURE_REASONS);
export type FailureReason = z.infer<typeof FailureReasonSchema>;

/** ISO/IEC 19794-2 finger names, as the fingerprint driver uses them. */
export const FingerNameSchema = z.enum(FINGER_NAMES);

/** Live feedback while the finger step waits on the reader. */
export const FingerFeedbackSchema = z.enum(['waiting', 'detected', 'lift', 'low_quality']);

/** The password rules of the central API (GET /v1/password-policy), for the checklist: common/password-rules.ts, shared with central. */
export const PASSWORD_RULES = PASSWORD_RULE_IDS;
export const PasswordRuleSchema = z.enum(PASSWORD_RULES);
/** Bounds of the snapshot's `passwordOwner` (the service trims to them: a card never comes near). */
export const PASSWORD_NAME_PART_MAX = 60;
export const PASSWORD_NAME_PARTS_MAX = 32;

export const PasswordMethodSchema = z.enum(['email', 'sms', 'typed']);
export type PasswordMethod = z.infer<typeof PasswordMethodSchema>;

/** `12.345.***-5`: what the renderer may show of a RUN. */
const MaskedRunSchema = z.string().regex(/^(?:\d{1,3}(?:\.\d{3})*\.)?\*{3}-[0-9K]$/);
/** `v***@correo.cl` / `+56 9 **** **78`: masked contact data. */
const MaskedTextSchema = z
  .string()
  .min(1)
  .max(80)
  .refine((s) => s.includes('*'), 'must be masked');

/**
 * The contact data in full, as the service keeps it: only what its own rules
 * produce (common/contact.ts), so a malformed or masked value is refused.
 */
export const ReviewEmailSchema = z
  .string()
  .max(254)
  .refine((s) => normalizeEmail(s) === s, 'must be a normalized e-mail address');
export const ReviewPhoneSchema = z
  .string()
  .max(12)
  .refine((s) => normalizeChileanMobile(s) === s, 'must be a Chilean mobile in E.164');
/**
 * What the citizen reads back before anything is sent: typed
 * once, a mistyped number would carry a password to a stranger.
 */
export const ReviewContactSchema = z.object({ email: ReviewEmailSchema, phone: ReviewPhoneSchema }).strict();
export type ReviewContact = z.infer<typeof ReviewContactSchema>;

/**
 * Why a kiosk is out of service, as the heartbeat reports it to central: a
 * reader the mode needs failed (the printer never puts a kiosk out of
 * service: Civil Digital shows the code on screen), central unreachable in
 * Civil Digital (no offline path), the storage guard tripped, or a signed
 * directive from central.
 */
export const OUT_OF_SERVICE_REASONS = ['device:fingerprint', 'device:cardReader', 'device:printer', 'central', 'storage', 'directive'] as const;
export const OutOfServiceReasonSchema = z.enum(OUT_OF_SERVICE_REASONS);
export type OutOfServiceReason = z.infer<typeof OutOfServiceReasonSchema>;
export const OutOfServiceSchema = z
  .object({
    reasons: z.array(OutOfServiceReasonSchema).max(OUT_OF_SERVICE_REASONS.length),
    office: z.string().min(1).max(300).nullable(),
  })
  .strict();
export type OutOfService = z.infer<typeof OutOfServiceSchema>;

export const SessionSnapshotSchema = z
  .object({
    /** Increases with every snapshot the service emits, so a mirror can drop stale ones. */
    revision: z.number().int().nonnegative(),
    /** Random id of the running session; null when idle. Not a citizen identifier. */
    sessionId: z.string().uuid().nullable(),
    step: SessionStepSchema,
    mode: KioskModeSchema,
    language: LanguageSchema,
    /** The kiosk's configured IANA time zone: every date and time on screen is shown in it, as on the receipt. */
    timeZone: z.string().min(1).max(64),
    /** ISO 8601 UTC instant at which the session is wiped for inactivity; null when idle. */
    idleDeadline: z.string().datetime().nullable(),
    /** When the current step gives up waiting (card, finger, data entry); null when it does not wait. */
    stepDeadline: z.string().datetime().nullable(),
    /** A device operation or a call to central is in flight: no idle warning, no navigation. */
    busy: z.boolean(),
    progress: z.object({ current: z.number().int().nonnegative(), total: z.number().int().positive() }).strict(),
    /** The last error the service wants the citizen to see on this step, if any. */
    error: KioskErrorSchema.nullable(),
    /**
     * ChileAtiende while central is unreachable: this session is a deferred
     * enrollment (only a generated password; the result comes by email/SMS).
     */
    deferred: z.boolean(),
    /** Set in `failed`. */
    failure: FailureReasonSchema.nullable(),
    /** After the card is read (or the RUN typed): first given name (null for a typed RUN) and masked RUN only. */
    citizen: z
      .object({ firstName: z.string().min(1).max(60).nullable(), runMasked: MaskedRunSchema })
      .strict()
      .nullable(),
    /**
     * The finger step: which finger, the reader's feedback, fingerprint
     * attempts left at central, and the fingers central holds for this person
     * (the citizen may switch to any of them; empty while central has not said).
     */
    finger: z
      .object({
        name: FingerNameSchema,
        feedback: FingerFeedbackSchema,
        attemptsLeft: z.number().int().nonnegative().nullable(),
        enrolled: z.array(FingerNameSchema).max(FINGER_NAMES.length),
      })
      .strict()
      .nullable(),
    /** ChileAtiende: what the citizen entered, masked. */
    contact: z
      .object({ email: MaskedTextSchema.nullable(), phone: MaskedTextSchema.nullable(), passwordMethod: PasswordMethodSchema.nullable() })
      .strict()
      .nullable(),
    /**
     * A failure screen's printed directions (e.g. where to enroll in person
     * when the finger cannot be read): `offered` when the printer is ready,
     * then `printing`, `printed` or `failed`; null when there is none.
     */
    guidanceSlip: z.enum(['offered', 'printing', 'printed', 'failed']).nullable(),
    /**
     * The e-mail and phone in full, only while `step` is `review`: the one
     * screen where the citizen reads them back and confirms. Null on every
     * other step (the masked `contact` serves those).
     */
    review: ReviewContactSchema.nullable(),
    /**
     * The e-mail or phone step was opened from the review to correct it:
     * submitting (or going back) returns to the review, not through the steps after it.
     */
    editingFromReview: z.boolean(),
    /** The rules a typed password broke, when central refused it. */
    passwordFailedRules: z.array(PasswordRuleSchema).nullable(),
    /**
     * On the password step only (null everywhere else): what the RUN and names
     * rules need of the person, from the card, so the kiosk checks them live as
     * the citizen types without sending the password anywhere. The RUN's number
     * (no check digit) and the folded parts of the names (common/password-rules.ts
     * `PasswordOwner`); never shown.
     */
    passwordOwner: z
      .object({
        runNumber: z.string().regex(/^\d{1,9}$/),
        nameParts: z.array(z.string().min(1).max(PASSWORD_NAME_PART_MAX)).max(PASSWORD_NAME_PARTS_MAX),
      })
      .strict()
      .nullable(),
    /**
     * Civil Digital: the code, only when it must be shown because the receipt
     * could not be printed (`code-on-screen`); its expiry when it was printed.
     */
    activationCode: z
      .object({
        display: z
          .string()
          .regex(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
          .nullable(),
        expiresAt: z.string().datetime(),
      })
      .strict()
      .nullable(),
    /**
     * What the kiosk knows before a citizen invests time, kept current while
     * idle: `readers` false means the card or fingerprint reader is unplugged
     * or failed (out of service, no session starts); `central` false means
     * central is known to be unreachable (Civil Digital cannot issue codes and
     * starts no session; ChileAtiende takes its deferred path); `printer`
     * false means no receipt can be printed (the code is shown on screen).
     */
    readiness: z
      .object({
        readers: z.boolean(),
        central: z.boolean(),
        printer: z.boolean(),
        /**
         * Why the kiosk is out of service (empty: it is not), and where to go
         * instead (central's directive, else the configured office; null: the
         * screen's generic sentence). Takes effect at the next welcome: a
         * session in progress is never interrupted by it.
         */
        outOfService: OutOfServiceSchema,
      })
      .strict(),
    /**
     * Set with `failure: 'locked'`: when central lifts the lock (null if it
     * did not say), and the slip with the unlock procedure the citizen may
     * print (`none` until asked).
     */
    lock: z
      .object({ liftsAt: z.string().datetime().nullable(), slip: z.enum(['none', 'printing', 'printed', 'failed']) })
      .strict()
      .nullable(),
  })
  .strict()
  .refine((snapshot) => snapshot.review === null || snapshot.step === 'review', {
    message: 'full contact data only on the review step',
    path: ['review'],
  });
export type SessionSnapshot = z.infer<typeof SessionSnapshotSchema>;
export type KioskReadiness = SessionSnapshot['readiness'];
export const KIOSK_READY: KioskReadiness = { readers: true, central: true, printer: true, outOfService: { reasons: [], office: null } };

export const SessionStartArgsSchema = z.object({ language: LanguageSchema.optional() }).strict();
export type SessionStartArgs = z.infer<typeof SessionStartArgsSchema>;

/** RFC 5321 limits; the service checks the shape again before it uses the address. */
const EmailInputSchema = z.string().min(3).max(254);
/** As typed on the numeric pad: digits, spaces, an optional leading +. */
const PhoneInputSchema = z.string().regex(/^\+?[0-9 ]{8,16}$/);
/** NIST SP 800-63B: at least 64 characters accepted; 1024 bounds the payload. */
const PasswordInputSchema = z.string().min(1).max(1024);

/** As typed on the RUT keypad: digits, K, and the dots and hyphen the keypad shows. */
const RunInputSchema = z.string().regex(/^[0-9kK.\- ]{1,20}$/);

/** Events the renderer sends into a running session (a discriminated union on `type`). */
export const SessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('language.select'), language: LanguageSchema }).strict(),
  /** The citizen touched the screen: postpones the idle deadline. */
  z.object({ type: z.literal('activity') }).strict(),
  /** welcome → consent. */
  z.object({ type: z.literal('continue') }).strict(),
  z.object({ type: z.literal('consent.accept') }).strict(),
  z.object({ type: z.literal('consent.decline') }).strict(),
  /**
   * Civil Digital, card step: the RUN typed on the keypad instead of reading
   * the card (then the finger, as with a card). The service checks it again
   * (common/run.ts); ChileAtiende refuses it (card and finger only).
   */
  z.object({ type: z.literal('run.submit'), run: RunInputSchema }).strict(),
  /** ChileAtiende: the address, typed twice. */
  z.object({ type: z.literal('email.submit'), email: EmailInputSchema, confirmation: EmailInputSchema }).strict(),
  /** ChileAtiende: a Chilean mobile (+56 9 and 8 digits). */
  z.object({ type: z.literal('phone.submit'), phone: PhoneInputSchema }).strict(),
  /** ChileAtiende: a random password sent on this channel. */
  z.object({ type: z.literal('password.generate'), channel: z.enum(['email', 'sms']) }).strict(),
  /** ChileAtiende: a typed password (kept in the service's memory until activation, never stored). */
  z.object({ type: z.literal('password.submit'), password: PasswordInputSchema }).strict(),
  /** The finger step: use another enrolled finger (the hand diagram). Mismatches still count per person at central. */
  z.object({ type: z.literal('finger.choose'), finger: FingerNameSchema }).strict(),
  /** ChileAtiende review → activate. */
  z.object({ type: z.literal('review.confirm') }).strict(),
  /** ChileAtiende review → the e-mail (or phone) step to correct it, then straight back to the review. */
  z.object({ type: z.literal('review.editEmail') }).strict(),
  z.object({ type: z.literal('review.editPhone') }).strict(),
  /**
   * One data-entry step back (phone → email, password → phone, review →
   * password); from a step opened by an edit, back to the review unchanged.
   */
  z.object({ type: z.literal('back') }).strict(),
  /**
   * Offline ChileAtiende: take the deferred enrollment (then email, phone and
   * a generated password's channel, as online) or refuse it.
   */
  z.object({ type: z.literal('deferred.accept') }).strict(),
  z.object({ type: z.literal('deferred.decline') }).strict(),
  /** The lockout screen: print the unlock procedure on the receipt printer. */
  z.object({ type: z.literal('unlock-procedure.print') }).strict(),
  /** A failure screen that offers printed directions: print them on the receipt printer. */
  z.object({ type: z.literal('guidance.print') }).strict(),
  /** A final screen (done or failed) was acknowledged: wipe and return to the welcome screen. */
  z.object({ type: z.literal('finish') }).strict(),
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;
export type SessionEventType = SessionEvent['type'];

/** The renderer's catalogue key for each failure screen. */
export function failureMessageKey(reason: FailureReason): string {
  return `failure.${reason}`;
}
