import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyTemplate, isoRecordLength } from '../../../drivers/fingerprint/r30x-template.ts';
import { citizenFinger, extractFeatures, impressionOf, padToCharBuffer } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { decodeFingerMinutiaeRecord } from '../../../synthetic/fingers/index.ts';

const citizen = defaultPopulation().citizens[0]!;
const extraction = extractFeatures(impressionOf(citizenFinger(citizen, 7), 77, 'template-test'), 0);
if (!extraction.ok) throw new Error('extraction failed');
const record = extraction.record;

describe('classifyTemplate (what UpChar returned)', () => {
  it('reads a zero-padded ISO 19794-2:2005 record: trimmed to its length, stamped with the finger asked for, quality from the view', () => {
    const classified = classifyTemplate(padToCharBuffer(record), 7);
    expect(classified.format).toBe('iso-19794-2-2005');
    expect(classified.template).toHaveLength(record.length);
    expect(classified.quality).toBe(77);
    const decoded = decodeFingerMinutiaeRecord(classified.template);
    expect(decoded.ok && decoded.value.views[0]?.fingerPosition).toBe(7);
  });

  it('does not alter the bytes it was given', () => {
    const padded = padToCharBuffer(record);
    const copy = padded.slice();
    classifyTemplate(padded, 2);
    expect(padded).toEqual(copy);
  });

  it('declares anything else a vendor template and returns it whole, with no quality', () => {
    const vendor = Uint8Array.from({ length: 512 }, (_, i) => (i * 31) & 0xff);
    expect(classifyTemplate(vendor, 2)).toEqual({ format: 'r30x-vendor', template: vendor, quality: null });
  });

  it('refuses ISO-looking bytes whose padding is not zero or whose length field runs past the buffer', () => {
    const dirty = padToCharBuffer(record);
    dirty[511] = 1;
    expect(classifyTemplate(dirty, 2).format).toBe('r30x-vendor');
    const long = record.slice();
    long[11] = (long[11]! + 1) & 0xff;
    expect(isoRecordLength(long)).toBeUndefined();
  });

  it('never throws and never calls vendor bytes ISO unless they carry the FMR 2005 header (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 10 }), (bytes, finger) => {
        const classified = classifyTemplate(bytes, finger as 1);
        const header = [0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00].every((b, i) => bytes[i] === b);
        if (!header) expect(classified).toEqual({ format: 'r30x-vendor', template: bytes, quality: null });
      }),
    );
  });
});
