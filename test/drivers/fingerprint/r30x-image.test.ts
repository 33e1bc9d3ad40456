/**
 * 4-bit image transfer (hardware-protocols.md §1.6: two pixels a byte, the
 * high nibble the left pixel; expand with v × 17), as properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../drivers/fingerprint/errors.ts';
import { packedImageBytes, packImage4bpp, unpackImage4bpp } from '../../../drivers/fingerprint/r30x-image.ts';

const size = fc.record({ width: fc.integer({ min: 1, max: 64 }), height: fc.integer({ min: 1, max: 64 }) });

describe('R30x 4-bit images', () => {
  it('unpacking a packed image gives each pixel’s high nibble × 17, in row order, for any size', () => {
    fc.assert(
      fc.property(
        size.chain((s) =>
          fc.record({
            width: fc.constant(s.width),
            height: fc.constant(s.height),
            pixels: fc.uint8Array({ minLength: s.width * s.height, maxLength: s.width * s.height }),
          }),
        ),
        (image) => {
          const unpacked = unpackImage4bpp(packImage4bpp(image), image);
          expect(unpacked.ok).toBe(true);
          if (unpacked.ok) expect(unpacked.value.pixels).toEqual(image.pixels.map((v) => (v >> 4) * 17));
        },
      ),
    );
  });

  it('any packed bytes of the right length unpack to levels 0, 17 … 255, high nibble first, and pack back to themselves', () => {
    fc.assert(
      fc.property(
        size
          .filter((s) => (s.width * s.height) % 2 === 0)
          .chain((s) => fc.tuple(fc.constant(s), fc.uint8Array({ minLength: packedImageBytes(s), maxLength: packedImageBytes(s) }))),
        ([s, packed]) => {
          const unpacked = unpackImage4bpp(packed, s);
          if (!unpacked.ok) throw unpacked.error;
          const { pixels } = unpacked.value;
          expect(pixels.every((v) => v % 17 === 0)).toBe(true);
          expect([pixels[0], pixels[1]]).toEqual([(packed[0]! >> 4) * 17, (packed[0]! & 15) * 17]);
          expect(packImage4bpp(unpacked.value)).toEqual(packed);
        },
      ),
    );
  });

  it('refuses a payload of any other length with ProtocolError bad_length, never throwing', () => {
    fc.assert(
      fc.property(size, fc.uint8Array({ maxLength: 5000 }), (s, bytes) => {
        fc.pre(bytes.length !== packedImageBytes(s));
        const unpacked = unpackImage4bpp(bytes, s);
        expect(unpacked.ok).toBe(false);
        if (!unpacked.ok) expect(unpacked.error).toBeInstanceOf(ProtocolError);
        if (!unpacked.ok) expect(unpacked.error.reason).toBe('bad_length');
      }),
    );
  });
});
