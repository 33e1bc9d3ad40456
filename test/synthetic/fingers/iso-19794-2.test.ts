import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureImpression } from '../../../synthetic/fingers/capture.ts';
import { generateFinger } from '../../../synthetic/fingers/finger-generator.ts';
import {
  decodeFingerMinutiaeRecord,
  encodeFingerMinutiaeRecord,
  type FingerMinutiaeRecord,
  BiometricFormatError,
  type FingerView,
  singleViewRecord,
} from '../../../synthetic/fingers/iso-19794-2.ts';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

const finger = generateFinger('iso-citizen', 2);
const impression = captureImpression(finger, { quality: 85, seed: 'iso' });
const record = singleViewRecord(impression);
const bytes = encodeFingerMinutiaeRecord(record);

const recordArb: fc.Arbitrary<FingerMinutiaeRecord> = fc
  .record({
    certificationFlags: fc.nat({ max: 15 }),
    deviceTypeId: fc.nat({ max: 0xfff }),
    imageWidth: fc.integer({ min: 1, max: 0x3fff }),
    imageHeight: fc.integer({ min: 1, max: 0x3fff }),
    xResolution: fc.integer({ min: 1, max: 0xffff }),
    yResolution: fc.integer({ min: 1, max: 0xffff }),
  })
  .chain((header) => {
    const minutia = fc.record({
      x: fc.nat({ max: header.imageWidth - 1 }),
      y: fc.nat({ max: header.imageHeight - 1 }),
      angle: fc.nat({ max: 255 }),
      type: fc.constantFrom('ridge-ending' as const, 'bifurcation' as const, 'other' as const),
      quality: fc.nat({ max: 100 }),
    });
    const view: fc.Arbitrary<FingerView> = fc.record({
      fingerPosition: fc.nat({ max: 10 }),
      viewNumber: fc.nat({ max: 15 }),
      impressionType: fc.constantFrom(0, 1, 2, 3, 8),
      fingerQuality: fc.nat({ max: 100 }),
      minutiae: fc.array(minutia, { maxLength: 60 }),
      extendedData: fc.uint8Array({ maxLength: 20 }),
    });
    return fc.array(view, { maxLength: 3 }).map((views) => ({ ...header, views }));
  });

function mutated(at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = value;
  return copy;
}

describe('ISO/IEC 19794-2:2005 finger minutiae record', () => {
  it("writes the header: 'FMR\\0', ' 20\\0', total length, image size, 197 px/cm, one view", () => {
    expect(hex(bytes.subarray(0, 8))).toBe('46 4D 52 00 20 32 30 00');
    expect(new DataView(bytes.buffer).getUint32(8)).toBe(bytes.length);
    expect(hex(bytes.subarray(12, 24))).toBe('00 00 01 00 01 20 00 C5 00 C5 01 00');
    expect(bytes.length).toBe(24 + 4 + 6 * impression.minutiae.length + 2);
  });

  it('is 186 bytes for one view of 26 minutiae, like the public sample in the reference (§7.1)', () => {
    const view = { ...record.views[0]!, minutiae: finger.minutiae.slice(0, 26).map((m) => ({ ...m, quality: 0 })) };
    expect(encodeFingerMinutiaeRecord({ ...record, views: [view] })).toHaveLength(186);
  });

  it('packs a minutia as 2-bit type + 14-bit x, 2 reserved bits + 14-bit y, angle, quality', () => {
    const one: FingerMinutiaeRecord = {
      ...record,
      views: [
        {
          ...record.views[0]!,
          fingerPosition: 7,
          viewNumber: 1,
          impressionType: 0,
          fingerQuality: 60,
          minutiae: [
            { type: 'ridge-ending', x: 100, y: 200, angle: 64, quality: 80 },
            { type: 'bifurcation', x: 255, y: 287, angle: 255, quality: 0 },
          ],
        },
      ],
    };
    expect(hex(encodeFingerMinutiaeRecord(one).subarray(24))).toBe('07 10 3C 02 40 64 00 C8 40 50 80 FF 01 1F FF 00 00 00');
  });

  it('decodes what it encodes: decode(encode(r)) = r', () => {
    expect(decodeFingerMinutiaeRecord(bytes)).toEqual({ ok: true, value: record });
    fc.assert(
      fc.property(recordArb, (r) => {
        expect(decodeFingerMinutiaeRecord(encodeFingerMinutiaeRecord(r))).toEqual({ ok: true, value: r });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses arbitrary bytes with a typed error, and accepts only what re-encodes to the same bytes', () => {
    const headed = fc.uint8Array({ maxLength: 200 }).map((tail) => {
      const b = new Uint8Array(24 + tail.length);
      // A plausible header (magic, version, true length) over random fields and views.
      b.set([0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00], 0);
      b.set(tail, 12);
      new DataView(b.buffer).setUint32(8, b.length);
      return b;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), headed), (garbage) => {
        const result = decodeFingerMinutiaeRecord(garbage);
        if (result.ok) expect(encodeFingerMinutiaeRecord(result.value)).toEqual(garbage);
        else expect(result.error).toBeInstanceOf(BiometricFormatError);
      }),
      { numRuns: 1000 },
    );
  });

  it('survives any single corrupted byte of a real record without throwing', () => {
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.nat({ max: 255 }), (at, value) => {
        const result = decodeFingerMinutiaeRecord(mutated(at, value));
        if (result.ok) expect(encodeFingerMinutiaeRecord(result.value)).toEqual(mutated(at, value));
        else expect(result.error).toBeInstanceOf(BiometricFormatError);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a record cut short at every length', () => {
    for (let length = 0; length < bytes.length; length++) {
      const result = decodeFingerMinutiaeRecord(bytes.subarray(0, length));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['fmr.truncated', 'fmr.length_mismatch']).toContain(result.error.code);
    }
  });

  it.each([
    ['a wrong format identifier', 0, 0x41, 'fmr.bad_magic'],
    ['the 2011 version', 5, 0x33, 'fmr.bad_version'],
    ['a length field that lies', 11, 0x00, 'fmr.length_mismatch'],
    ['a finger position above 10', 24, 11, 'fmr.bad_field'],
    ['a finger quality above 100', 26, 101, 'fmr.bad_field'],
    ['the reserved minutia type 11', 28, 0xc0, 'fmr.bad_field'],
    ['reserved bits set in y', 30, 0x40, 'fmr.bad_field'],
    ['a minutia beyond the image width', 28, 0x7f, 'fmr.bad_field'],
    ['a view count larger than the data', 22, 200, 'fmr.truncated'],
    ['a non-zero reserved header byte', 23, 1, 'fmr.bad_field'],
  ])('refuses %s', (_what, at, value, code) => {
    const result = decodeFingerMinutiaeRecord(mutated(at, value));
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses to encode values outside the standard', () => {
    const bad = { ...record, views: [{ ...record.views[0]!, fingerPosition: 11 }] };
    expect(() => encodeFingerMinutiaeRecord(bad)).toThrow(BiometricFormatError);
    const outside = { ...record, views: [{ ...record.views[0]!, minutiae: [{ type: 'ridge-ending' as const, x: 256, y: 0, angle: 0, quality: 0 }] }] };
    expect(() => encodeFingerMinutiaeRecord(outside)).toThrow(BiometricFormatError);
  });
});
