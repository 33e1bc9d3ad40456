/**
 * Fingerprint images over UART are 4 bits per pixel: two pixels per byte, the
 * high nibble the left pixel (hardware-protocols.md §1.6).
 */
import { ProtocolError, type Result } from './errors.ts';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** ZFM-20 / R30x image buffer: 256 × 288 px → 36,864 bytes over UART. */
export const R30X_IMAGE: ImageSize = { width: 256, height: 288 };
/** R503: 192 × 192 px at 508 dpi → 18,432 bytes. */
export const R503_IMAGE: ImageSize = { width: 192, height: 192 };

export interface GrayImage extends ImageSize {
  /** Row-major, one byte per pixel, 0 = black. */
  readonly pixels: Uint8Array;
}

export function packedImageBytes(size: ImageSize): number {
  return Math.ceil((size.width * size.height) / 2);
}

/** Expands 4-bit gray to 8 bits with v × 17, so 0x0 → 0 and 0xF → 255 (reference §1.6). */
export function unpackImage4bpp(packed: Uint8Array, size: ImageSize = R30X_IMAGE): Result<GrayImage> {
  const expected = packedImageBytes(size);
  if (packed.length !== expected) {
    return {
      ok: false,
      error: new ProtocolError('bad_length', `a ${size.width}×${size.height} image is ${expected} bytes at 4 bpp, got ${packed.length}`, {
        expected,
        actual: packed.length,
      }),
    };
  }
  const count = size.width * size.height;
  const pixels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const byte = packed[i >> 1]!;
    pixels[i] = ((i & 1) === 0 ? byte >> 4 : byte & 0x0f) * 17;
  }
  return { ok: true, value: { width: size.width, height: size.height, pixels } };
}

/** Keeps the high nibble of each pixel: what a module does with an 8-bit image (DownImage, the simulator). */
export function packImage4bpp(image: GrayImage): Uint8Array {
  const packed = new Uint8Array(packedImageBytes(image));
  for (let i = 0; i < image.pixels.length; i++) {
    const nibble = image.pixels[i]! >> 4;
    packed[i >> 1]! |= (i & 1) === 0 ? nibble << 4 : nibble;
  }
  return packed;
}
