import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BiometricFormatError } from '../../../biometrics/fingerprint/errors.ts';
import { type FingerMinutiaeRecord, decodeFingerMinutiaeRecord, encodeFingerMinutiaeRecord } from '../../../biometrics/fingerprint/iso-19794-2.ts';

const CODES = new Set(['fmr.truncated', 'fmr.bad_magic', 'fmr.bad_version', 'fmr.length_mismatch', 'fmr.bad_field']);

const minutia = fc.record({
  x: fc.integer({ min: 0, max: 255 }),
  y: fc.integer({ min: 0, max: 287 }),
  angle: fc.integer({ min: 0, max: 255 }),
  type: fc.constantFrom('ridge-ending' as const, 'bifurcation' as const, 'other' as const),
  quality: fc.integer({ min: 0, max: 100 }),
});
const fingerView = fc.record({
  fingerPosition: fc.integer({ min: 0, max: 10 }),
  viewNumber: fc.integer({ min: 0, max: 15 }),
  impressionType: fc.constantFrom(0, 1, 2, 3, 8),
  fingerQuality: fc.integer({ min: 0, max: 100 }),
  minutiae: fc.array(minutia, { maxLength: 6 }),
  extendedData: fc.uint8Array({ maxLength: 4 }),
});
const fmr = fc.record({
  certificationFlags: fc.integer({ min: 0, max: 15 }),
  deviceTypeId: fc.integer({ min: 0, max: 0xfff }),
  imageWidth: fc.constant(256),
  imageHeight: fc.constant(288),
  xResolution: fc.constant(197),
  yResolution: fc.constant(197),
  views: fc.array(fingerView, { minLength: 0, maxLength: 2 }),
});

function encoded(record: FingerMinutiaeRecord): Uint8Array {
  const out = encodeFingerMinutiaeRecord(record);
  if (!out.ok) throw out.error;
  return out.value;
}

describe('ISO/IEC 19794-2:2005 finger minutiae record (production codec)', () => {
  it('writes the 186-byte shape of the public sample: 24 + 4 + 26 × 6 + 2', () => {
    const minutiae = Array.from({ length: 26 }, (_, i) => ({
      x: i * 9,
      y: 280 - i,
      angle: i * 9,
      type: i % 2 === 0 ? ('ridge-ending' as const) : ('bifurcation' as const),
      quality: 60,
    }));
    const bytes = encoded({
      certificationFlags: 0,
      deviceTypeId: 0,
      imageWidth: 256,
      imageHeight: 288,
      xResolution: 197,
      yResolution: 197,
      views: [{ fingerPosition: 2, viewNumber: 0, impressionType: 0, fingerQuality: 60, minutiae, extendedData: new Uint8Array(0) }],
    });
    expect(bytes.length).toBe(186);
    expect([...bytes.subarray(0, 12)]).toEqual([0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00, 0, 0, 0, 186]);
    // Second minutia: bifurcation (10) at x = 9, y = 279, angle 9, quality 60.
    expect([...bytes.subarray(28 + 6, 28 + 12)]).toEqual([0x80, 9, 0x01, 0x17, 9, 60]);
  });

  it('round-trips any valid record', () => {
    fc.assert(
      fc.property(fmr, (record) => {
        const decoded = decodeFingerMinutiaeRecord(encoded(record));
        expect(decoded.ok && decoded.value).toEqual(record);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to encode a minutia outside the image', () => {
    const out = encodeFingerMinutiaeRecord({
      certificationFlags: 0,
      deviceTypeId: 0,
      imageWidth: 10,
      imageHeight: 10,
      xResolution: 197,
      yResolution: 197,
      views: [
        {
          fingerPosition: 1,
          viewNumber: 0,
          impressionType: 0,
          fingerQuality: 50,
          minutiae: [{ x: 10, y: 0, angle: 0, type: 'bifurcation', quality: 0 }],
          extendedData: new Uint8Array(0),
        },
      ],
    });
    expect(out).toMatchObject({ ok: false, error: { code: 'fmr.bad_field' } });
  });

  it('decodes arbitrary and mutated bytes to a record or a typed error, never a throw', () => {
    const mutated = fc.tuple(fmr, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), fc.nat()).map(([record, edits, cut]) => {
      const bytes = encoded(record);
      const out = bytes.slice(0, cut % 3 === 0 ? bytes.length : bytes.length - (cut % (bytes.length + 1)));
      for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value;
      return out;
    });
    const random = fc.uint8Array({ maxLength: 64 }).map((tail) => Uint8Array.from([0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00, ...tail]));
    fc.assert(
      fc.property(fc.oneof(mutated, random, fc.uint8Array({ maxLength: 40 })), (bytes) => {
        const out = decodeFingerMinutiaeRecord(bytes);
        if (out.ok) {
          expect(encoded(out.value)).toEqual(bytes);
        } else {
          expect(out.error).toBeInstanceOf(BiometricFormatError);
          expect(CODES.has(out.error.code)).toBe(true);
        }
      }),
      { numRuns: 100_000 },
    );
  }, 120_000);
});
