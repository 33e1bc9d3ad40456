/**
 * Whatever arrives, input handling answers with a value: parsed, or a
 * DomainError with code invalid_input. Never an exception, never another code.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError, parseChileanMobile, parseEmail, parseRun, parseRunText, runCheckDigit } from '../../../central/domain/index.ts';
import { runCheckDigit as syntheticCheckDigit } from '../../../synthetic/index.ts';
import { capture, citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verificationInput } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

const typedRefusal = (parsed: { ok: boolean; error?: DomainError }) =>
  parsed.ok || (parsed.error instanceof DomainError && parsed.error.code === 'invalid_input');

describe('input parsing never throws', () => {
  it('e-mail addresses, phones and RUN text: any value gives a value or invalid_input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.anything()), (value) => {
        expect(typedRefusal(parseEmail(value))).toBe(true);
        expect(typedRefusal(parseChileanMobile(value))).toBe(true);
        expect(typedRefusal(parseRunText(value))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every Chilean mobile written with +56, spaces or hyphens, and stores one form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), fc.constantFrom('+56 9 ', '+569', '56 9', '9', '(+56) 9-'), (digits, prefix) => {
        expect(parseChileanMobile(`${prefix}${digits.slice(0, 4)} ${digits.slice(4)}`)).toEqual({ ok: true, value: `+569${digits}` });
      }),
    );
  });

  it('refuses a mobile with the wrong number of digits or not starting with 9', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,12}$/), (digits) => {
        const parsed = parseChileanMobile(`+56${digits}`);
        expect(parsed.ok).toBe(/^9\d{8}$/.test(digits));
      }),
    );
  });

  it('reads every RUN with its check digit in any written form, and only with the right digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), fc.constantFrom('dots', 'plain', 'bare', 'lower'), (n, form) => {
        const dv = runCheckDigit(n);
        expect(dv).toBe(syntheticCheckDigit(n));
        const dotted = String(n).replace(/\B(?=(\d{3})+$)/g, '.');
        const text = form === 'dots' ? `${dotted}-${dv}` : form === 'plain' ? `${n}-${dv}` : form === 'bare' ? `${n}${dv}` : `${n}-${dv.toLowerCase()}`;
        expect(parseRun(text)).toEqual({ number: n, checkDigit: dv, canonical: `${n}-${dv}` });
        const wrong = dv === '0' ? '1' : '0';
        expect(parseRun(`${n}-${wrong}`)).toBeUndefined();
      }),
    );
  });
});

describe('operations never throw on malformed requests', () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.close());
  afterAll(removeTempDirs);
  const ok = citizenWith('ok');
  const valid = verificationInput(ok, capture(ok, 2, 'property'));

  it('verification: random fields, random types, random template bytes give typed refusals', async () => {
    const field = fc.constantFrom('kioskId', 'run', 'cardSerial', 'cardExpiry', 'finger', 'template', 'extra');
    const value = fc.oneof(fc.anything(), fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(field, value, async (name, v) => {
        const outcome = await h.domain.verifyIdentity({ ...valid, [name]: v } as never);
        if (!outcome.ok) expect(outcome.error).toBeInstanceOf(DomainError);
      }),
      { numRuns: 300 },
    );
  });

  it('activation: anything at all as the request is refused as invalid_input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => {
        const outcomes = await Promise.all([
          h.domain.activateOneStep(input as never),
          h.domain.activateWithCode(input as never),
          h.domain.issueActivationCode(input as never),
          h.domain.unlockIdentity(input as never),
        ]);
        for (const o of outcomes) expect(o.ok ? 'ok' : o.error.code).toBe('invalid_input');
      }),
      { numRuns: 300 },
    );
  });
});
