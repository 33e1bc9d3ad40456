/**
 * The HTTP body of POST /v1/identity-verifications (central/api/routes.ts
 * verificationBody): whatever arrives, the schema answers without throwing,
 * and it accepts a body exactly when it carries one of fingerImage and
 * template, each standard base64 within its cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINGER_IMAGE_MAX_CHARS, TEMPLATE_MAX_CHARS, verificationBody } from '../../../central/api/routes.ts';

const base64Text = (maxBytes: number) => fc.uint8Array({ maxLength: maxBytes }).map((b) => Buffer.from(b).toString('base64'));
const fingerprintField = fc.oneof(
  { weight: 4, arbitrary: base64Text(300) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.anything() },
);
const isBase64 = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v);

describe('the verification body', () => {
  it('is accepted exactly when it carries one well-formed fingerprint, and never throws', () => {
    fc.assert(
      fc.property(fingerprintField, fingerprintField, (fingerImage, template) => {
        const body = {
          run: '15.234.871-1',
          cardSerial: '100234567',
          finger: 'right-index',
          ...(fingerImage !== undefined && { fingerImage }),
          ...(template !== undefined && { template }),
        };
        const result = verificationBody.safeParse(body);
        const present = [fingerImage, template].filter((v) => v !== undefined);
        expect(result.success).toBe(present.length === 1 && isBase64(present[0]));
        if (result.success) {
          const bytes = result.data.fingerImage ?? result.data.template!;
          expect(Buffer.from(bytes).toString('base64')).toBe(Buffer.from(String(present[0]), 'base64').toString('base64'));
        } else {
          expect(result.error.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('bounds each field at its cap, in characters', () => {
    fc.assert(
      fc.property(fc.constantFrom('fingerImage', 'template'), fc.integer({ min: -8, max: 8 }), (field, delta) => {
        const cap = field === 'fingerImage' ? FINGER_IMAGE_MAX_CHARS : TEMPLATE_MAX_CHARS;
        const length = cap + delta * 4;
        const body = { run: '15.234.871-1', cardSerial: '100234567', finger: 2, [field]: 'AAAA'.repeat(length / 4) };
        expect(verificationBody.safeParse(body).success).toBe(length <= cap);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses any unknown member, whatever the fingerprint', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((k) => !['run', 'cardSerial', 'cardExpiry', 'finger', 'fingerImage', 'template'].includes(k) && k !== '__proto__'),
        fc.anything(),
        (key, value) => {
          expect(verificationBody.safeParse({ run: '1-9', cardSerial: 'A1B2C3', finger: 2, fingerImage: 'AAAA', [key]: value }).success).toBe(false);
        },
      ),
    );
  });
});
