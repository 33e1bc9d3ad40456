import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BiometricFormatError } from '../../../biometrics/fingerprint/errors.ts';
import {
  type FingerImageRecord,
  type FingerImageView,
  COMPRESSION_PNG,
  COMPRESSION_UNCOMPRESSED,
  decodeFingerImageRecord,
  encodeFingerImageRecord,
  fingerprintImageOf,
  singleFingerImageRecord,
} from '../../../biometrics/fingerprint/iso-19794-4.ts';
import { pngjsGreyCodec } from '../../../biometrics/fingerprint/pngjs-codec.ts';

const FORMAT_CODES = new Set([
  'fir.truncated',
  'fir.bad_magic',
  'fir.bad_version',
  'fir.length_mismatch',
  'fir.bad_field',
  'fir.bad_dimensions',
  'fir.too_large',
  'fir.unsupported_compression',
  'fir.unsupported_depth',
  'fir.bad_image_data',
]);

function record(views: FingerImageView[], compression: 0 | 5 = COMPRESSION_UNCOMPRESSED): FingerImageRecord {
  return {
    captureDeviceId: 0x1234,
    imageAcquisitionLevel: 30,
    scaleUnits: 1,
    scanResolutionX: 500,
    scanResolutionY: 500,
    imageResolutionX: 500,
    imageResolutionY: 500,
    pixelDepth: 8,
    compression,
    views,
  };
}

function view(width: number, height: number, seed = 1): FingerImageView {
  return {
    fingerPosition: 2,
    viewCount: 1,
    viewNumber: 1,
    quality: 77,
    impressionType: 0,
    width,
    height,
    pixels: Uint8Array.from({ length: width * height }, (_, i) => (i * 37 + seed) & 0xff),
  };
}

function encoded(r: FingerImageRecord): Uint8Array {
  const out = encodeFingerImageRecord(r, { png: pngjsGreyCodec });
  if (!out.ok) throw out.error;
  return out.value;
}

function errorCode(bytes: Uint8Array, options = {}): string {
  const out = decodeFingerImageRecord(bytes, options);
  expect(out.ok).toBe(false);
  return out.ok ? 'ok' : out.error.code;
}

describe('ISO/IEC 19794-4:2005 finger image record', () => {
  it('lays out the 32-byte general header and the 14-byte finger image header as the standard does', () => {
    const bytes = encoded(record([view(3, 2)]));
    expect(bytes.length).toBe(32 + 14 + 6);
    expect([...bytes.subarray(0, 32)]).toEqual([
      0x46,
      0x49,
      0x52,
      0x00, // 'FIR\0'
      0x30,
      0x31,
      0x30,
      0x00, // '010\0'
      0,
      0,
      0,
      0,
      0,
      52, // record length, 6 bytes
      0x12,
      0x34, // capture device id
      0,
      30, // image acquisition level
      1, // number of finger images
      1, // scale units: pixels per inch
      0x01,
      0xf4,
      0x01,
      0xf4, // scan resolution 500 × 500
      0x01,
      0xf4,
      0x01,
      0xf4, // image resolution 500 × 500
      8, // pixel depth
      0, // compression: uncompressed, no bit packing
      0,
      0, // reserved
    ]);
    expect([...bytes.subarray(32, 46)]).toEqual([0, 0, 0, 20, 2, 1, 1, 77, 0, 0, 3, 0, 2, 0]);
    expect([...bytes.subarray(46)]).toEqual([...view(3, 2).pixels]);
  });

  it('round-trips uncompressed and PNG records with several finger images', () => {
    for (const compression of [COMPRESSION_UNCOMPRESSED, COMPRESSION_PNG] as const) {
      const original = record([view(17, 9, 1), { ...view(5, 40, 2), fingerPosition: 7, viewNumber: 2, viewCount: 2, quality: 254 }], compression);
      const decoded = decodeFingerImageRecord(encoded(original), { png: pngjsGreyCodec });
      expect(decoded.ok && decoded.value).toEqual(original);
    }
  });

  it('builds a one-finger 500 ppi record from an image and reads the image back for the extractor', () => {
    const image = { width: 20, height: 30, pixels: view(20, 30).pixels, resolutionPpi: 500 };
    const bytes = encoded(singleFingerImageRecord(image, { fingerPosition: 2, quality: 60, compression: COMPRESSION_PNG }));
    const decoded = decodeFingerImageRecord(bytes, { png: pngjsGreyCodec });
    if (!decoded.ok) throw decoded.error;
    const back = fingerprintImageOf(decoded.value, decoded.value.views[0]!);
    expect(back).toEqual({ width: 20, height: 30, pixels: image.pixels, bitDepth: 8, resolutionPpi: 500 });
  });

  it('refuses a header that claims 10⁹ pixels before allocating anything', () => {
    const bytes = encoded(record([view(3, 2)]));
    const header = new DataView(bytes.buffer);
    header.setUint16(32 + 9, 40_000);
    header.setUint16(32 + 11, 25_000);
    expect(errorCode(bytes)).toBe('fir.too_large');
  });

  it.each([
    ['a wrong magic', (b: Uint8Array) => void (b[2] = 0x4d), 'fir.bad_magic'],
    ['the 2011 version', (b: Uint8Array) => void b.set([0x30, 0x32, 0x30], 4), 'fir.bad_version'],
    ['a record length off by one', (b: Uint8Array) => void (b[13] = b[13]! + 1), 'fir.length_mismatch'],
    ['an undefined acquisition level', (b: Uint8Array) => void (b[17] = 35), 'fir.bad_field'],
    ['scale units 3', (b: Uint8Array) => void (b[19] = 3), 'fir.bad_field'],
    ['4-bit pixels', (b: Uint8Array) => void (b[28] = 4), 'fir.unsupported_depth'],
    ['pixel depth 0', (b: Uint8Array) => void (b[28] = 0), 'fir.bad_field'],
    ['WSQ compression', (b: Uint8Array) => void (b[29] = 2), 'fir.unsupported_compression'],
    ['compression 9', (b: Uint8Array) => void (b[29] = 9), 'fir.bad_field'],
    ['reserved header bytes set', (b: Uint8Array) => void (b[31] = 1), 'fir.bad_field'],
    ['zero finger images', (b: Uint8Array) => void (b[18] = 0), 'fir.bad_field'],
    ['a zero-width image', (b: Uint8Array) => void (b[32 + 10] = 0), 'fir.bad_dimensions'],
    ['a finger position of 17', (b: Uint8Array) => void (b[32 + 4] = 17), 'fir.bad_field'],
    ['quality 101', (b: Uint8Array) => void (b[32 + 7] = 101), 'fir.bad_field'],
    ['impression type 5', (b: Uint8Array) => void (b[32 + 8] = 5), 'fir.bad_field'],
    ['a block length shorter than its header', (b: Uint8Array) => void (b[32 + 3] = 13), 'fir.bad_field'],
    ['a block length past the end', (b: Uint8Array) => void (b[32 + 3] = 21), 'fir.truncated'],
    ['image data one byte short of width × height', (b: Uint8Array) => void (b[32 + 3] = 19), 'fir.bad_image_data'],
  ])('refuses %s', (_what, corrupt, code) => {
    const bytes = encoded(record([view(3, 2)]));
    corrupt(bytes);
    expect(errorCode(bytes)).toBe(code);
  });

  it('refuses a truncated record at every length', () => {
    const bytes = encoded(record([view(3, 2)]));
    for (let n = 0; n < bytes.length; n++) expect(FORMAT_CODES.has(errorCode(bytes.slice(0, n)))).toBe(true);
  });

  it('refuses PNG data without a codec, with an IHDR that disagrees with the header, or corrupt inside', () => {
    const png = encoded(record([view(8, 8)], COMPRESSION_PNG));
    expect(errorCode(png)).toBe('fir.unsupported_compression');
    const wrongSize = png.slice();
    wrongSize[32 + 10] = 9; // header says 9 wide, the PNG is 8
    expect(errorCode(wrongSize, { png: pngjsGreyCodec })).toBe('fir.bad_image_data');
    const corrupt = png.slice();
    for (let i = 32 + 14 + 41; i < corrupt.length - 12; i++) corrupt[i] = corrupt[i]! ^ 0x5a;
    expect(errorCode(corrupt, { png: pngjsGreyCodec })).toBe('fir.bad_image_data');
  });

  it('refuses to encode what it could not decode', () => {
    expect(encodeFingerImageRecord(record([{ ...view(3, 2), quality: 150 }]))).toMatchObject({ ok: false, error: { code: 'fir.bad_field' } });
    expect(encodeFingerImageRecord(record([{ ...view(3, 2), pixels: new Uint8Array(5) }]))).toMatchObject({ ok: false, error: { code: 'fir.bad_image_data' } });
    expect(encodeFingerImageRecord(record([view(3, 2)], COMPRESSION_PNG))).toMatchObject({ ok: false, error: { code: 'fir.unsupported_compression' } });
    expect(encodeFingerImageRecord(record([]))).toMatchObject({ ok: false, error: { code: 'fir.bad_field' } });
  });

  describe('decoding arbitrary bytes', () => {
    const smallView = fc
      .record({
        fingerPosition: fc.constantFrom(0, 1, 10, 15, 20, 36),
        viewCount: fc.integer({ min: 1, max: 3 }),
        viewNumber: fc.integer({ min: 0, max: 3 }),
        quality: fc.constantFrom(0, 50, 100, 254, 255),
        impressionType: fc.constantFrom(0, 1, 2, 3, 8),
        width: fc.integer({ min: 1, max: 6 }),
        height: fc.integer({ min: 1, max: 6 }),
      })
      .map((v) => ({ ...v, pixels: Uint8Array.from({ length: v.width * v.height }, (_, i) => (i * 31 + v.width) & 0xff) }));
    const validUncompressed = fc.array(smallView, { minLength: 1, maxLength: 3 }).map((views) => encoded(record(views)));
    const validPng = smallView.map((v) => encoded(record([v], COMPRESSION_PNG)));
    const mutated = fc
      .tuple(
        fc.oneof({ weight: 4, arbitrary: validUncompressed }, { weight: 1, arbitrary: validPng }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
      )
      .map(([bytes, edits, cut]) => {
        const out = bytes.slice(0, cut % 3 === 0 ? bytes.length : bytes.length - (cut % (bytes.length + 1)));
        for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value;
        return out;
      });
    const random = fc.uint8Array({ maxLength: 80 }).map((tail) => {
      // Random bytes behind a valid magic and version, so the fuzzing gets past the first check.
      const out = new Uint8Array(8 + tail.length);
      out.set([0x46, 0x49, 0x52, 0x00, 0x30, 0x31, 0x30, 0x00]);
      out.set(tail, 8);
      return out;
    });

    it('returns a record or a typed error, never throws; what decodes re-encodes to the same bytes', () => {
      fc.assert(
        fc.property(fc.oneof(mutated, random, fc.uint8Array({ maxLength: 48 })), (bytes) => {
          const out = decodeFingerImageRecord(bytes, { png: pngjsGreyCodec });
          if (!out.ok) {
            expect(out.error).toBeInstanceOf(BiometricFormatError);
            expect(FORMAT_CODES.has(out.error.code)).toBe(true);
            return;
          }
          if (out.value.compression === COMPRESSION_UNCOMPRESSED) expect(encoded(out.value)).toEqual(bytes);
        }),
        { numRuns: 100_000 },
      );
    }, 120_000);
  });
});
