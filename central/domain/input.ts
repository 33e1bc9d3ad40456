/**
 * Runtime checks of every field an operation receives. The HTTP layer has
 * already parsed JSON (and should validate against openapi.yaml); the domain
 * checks again because it is the last line before the database, and so that
 * a caller that skips validation gets `invalid_input`, never an exception.
 * Schemas are zod (one declaration gives the type and the check).
 */
import { z } from 'zod';
import { FINGER_NAMES, FINGER_POSITIONS, type FingerPosition } from '../../common/fingers.ts';
import { DomainError } from './errors.ts';
import { parseRun, type Run } from './run.ts';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

/** Kiosk ids come from the mTLS certificate's subject; this bounds what the HTTP layer may pass. */
export const kioskIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'a kiosk id is 1–64 letters, digits, dot, underscore, colon or hyphen');

export const runSchema = z
  .string()
  .max(20)
  .transform((text, ctx): Run => {
    const run = parseRun(text);
    if (!run) {
      ctx.addIssue({ code: 'custom', message: 'not a RUN with a valid check digit' });
      return z.NEVER;
    }
    return run;
  });

/** Serials are 9 characters on both series (`100234567`, `B5F089055`); readers may add dots or spaces. */
export const cardSerialSchema = z
  .string()
  .max(20)
  .transform((s) => s.replace(/[.\s]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{6,12}$/, 'a card serial is 6–12 letters or digits'));

export const isoDateSchema = z.iso.date();

export const fingerSchema = z
  .union([z.enum(FINGER_NAMES), z.int().min(1).max(10)])
  .transform((f): FingerPosition => (typeof f === 'number' ? (f as FingerPosition) : FINGER_POSITIONS[f]));

/** A 2005 record is 24 header bytes plus at least a view header; 4 KiB is far beyond 255 minutiae. */
export const TEMPLATE_MAX_BYTES = 4096;
export const templateSchema = z
  .instanceof(Uint8Array)
  .refine((t) => t.length >= 28 && t.length <= TEMPLATE_MAX_BYTES, `a template is 28–${TEMPLATE_MAX_BYTES} bytes`);

/**
 * The wire caps a base64 image at 700,000 characters (openapi.yaml), 525,000
 * bytes: a 700 × 750 uncompressed 500 ppi capture; PNG fits far more, up to
 * the decoder's own pixel bound.
 */
export const FINGER_IMAGE_MAX_BYTES = 525_000;
/** Only the size bound: a short or garbled record is the decoder's to refuse (image_malformed, with its reason). */
export const fingerImageSchema = z
  .instanceof(Uint8Array)
  .refine((t) => t.length <= FINGER_IMAGE_MAX_BYTES, `a finger image record is at most ${FINGER_IMAGE_MAX_BYTES} bytes`);

/** RFC 5321 caps a path at 256 octets, so an address at 254; stored with the domain in lower case. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => {
    const at = e.lastIndexOf('@');
    return `${e.slice(0, at)}@${e.slice(at + 1).toLowerCase()}`;
  });

/**
 * Chilean mobiles: +56, then 9 and 8 digits (Subtel numbering plan). Accepts
 * `+56 9 1234 5678`, `56912345678` and `912345678` (the kiosk shows +56 as a
 * fixed prefix); stored as `+56912345678`.
 */
export const chileanMobileSchema = z
  .string()
  .max(32)
  .transform((p) => p.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^(?:\+?56)?9\d{8}$/, 'a Chilean mobile is +56 9 followed by 8 digits'))
  .transform((p) => `+56${p.slice(-9)}`);

/** Bounded before hashing: the password rules allow 128 characters; anything far past that is not a password. */
export const passwordInputSchema = z.string().max(1024);

/** 32 random bytes in base64url (see secrets.ts). */
export const verificationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a verification token is 43 base64url characters');

export const deliverySchema = z.enum(['email', 'sms']);

/** First issue's message names the field, so the kiosk can point at it. */
export function invalidInput(error: z.ZodError): DomainError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : issue?.code === 'unrecognized_keys' ? issue.keys.join(',') : '';
  return new DomainError('invalid_input', issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid request', { field });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.output<S>> {
  try {
    const result = schema.safeParse(value);
    return result.success ? { ok: true, value: result.data } : { ok: false, error: invalidInput(result.error) };
  } catch {
    // A getter that throws, a revoked proxy: still a bad request, not a crash.
    return { ok: false, error: new DomainError('invalid_input', 'request could not be read', { field: '' }) };
  }
}

export const parseEmail = (value: unknown): Parsed<string> => parseWith(emailSchema, value);
export const parseChileanMobile = (value: unknown): Parsed<string> => parseWith(chileanMobileSchema, value);
export const parseRunText = (value: unknown): Parsed<Run> => parseWith(runSchema, value);
