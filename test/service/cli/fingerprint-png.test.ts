/**
 * The fingerprint PNG files kioskctl writes and reads
 * (maintenance/fingerprint-png.ts): 8-bit grey with a pHYs chunk at 500 ppi,
 * read back with that resolution; anything else refused with a typed error,
 * never a crash, whatever the bytes.
 */
import { PNG } from 'pngjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFingerprintPng, encodeFingerprintPng, pixelsPerMetre, pngResolutionPpi } from '../../../electron/service/maintenance/fingerprint-png.ts';
import { MaintenanceError } from '../../../electron/service/maintenance/maintenance-error.ts';

const ramp = (width: number, height: number) => ({ width, height, pixels: Uint8Array.from({ length: width * height }, (_, i) => (i * 7) % 256) });

/** The code of what `decodeFingerprintPng` throws, or 'ok'. */
function outcome(bytes: Uint8Array): string {
  try {
    decodeFingerprintPng(bytes, 'a');
    return 'ok';
  } catch (error) {
    if (!(error instanceof MaintenanceError)) throw error;
    expect(error.field).toBe('a');
    return error.code;
  }
}

describe('fingerprint PNG files', () => {
  it('writes 8-bit grey with pHYs 19,685 px/m (500 ppi) before the image data, and reads the same pixels back at 500 ppi', () => {
    const image = ramp(256, 288);
    const bytes = encodeFingerprintPng(image);
    expect(pixelsPerMetre(500)).toBe(19_685);
    const chunks: string[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    for (let at = 8; at < bytes.length; at += 12 + view.getUint32(at)) chunks.push(Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1'));
    expect(chunks.slice(0, 3)).toEqual(['IHDR', 'pHYs', 'IDAT']);
    expect([view.getUint32(41), view.getUint32(45), bytes[49]]).toEqual([19_685, 19_685, 1]);
    // pngjs checks every chunk's CRC when it reads, so a wrong pHYs CRC would fail here.
    const png = PNG.sync.read(Buffer.from(bytes));
    expect([png.width, png.height]).toEqual([256, 288]);
    const decoded = decodeFingerprintPng(bytes);
    expect(decoded.pixels).toEqual(image.pixels);
    expect(decoded.resolutionPpi).toBeCloseTo(500, 1);
    expect(pngResolutionPpi(encodeFingerprintPng(image, 1000))).toBeCloseTo(1000, 0);
  });

  it('reads a grey PNG without pHYs as 500 ppi', () => {
    const image = ramp(200, 200);
    const plain = PNG.sync.write(
      Object.assign(new PNG({ width: 200, height: 200, colorType: 0, inputColorType: 0, inputHasAlpha: false }), { data: Buffer.from(image.pixels) }),
      {
        colorType: 0,
        inputColorType: 0,
        inputHasAlpha: false,
      },
    );
    expect(pngResolutionPpi(new Uint8Array(plain))).toBeUndefined();
    expect(decodeFingerprintPng(new Uint8Array(plain)).resolutionPpi).toBe(500);
  });

  it('refuses a colour PNG, one too large or too small for a finger, a corrupt one and what is not a PNG, each with its code', () => {
    const rgb = new PNG({ width: 256, height: 288 });
    rgb.data.fill(128);
    expect(outcome(new Uint8Array(PNG.sync.write(rgb)))).toBe('image.not_grey');
    expect(outcome(encodeFingerprintPng(ramp(100, 100)))).toBe('fingerprint.bad_dimensions');
    const huge = encodeFingerprintPng(ramp(256, 288));
    new DataView(huge.buffer).setUint32(16, 60_000); // declared width only: refused before inflating
    expect(outcome(huge)).toBe('fingerprint.bad_dimensions');
    const truncated = encodeFingerprintPng(ramp(256, 288)).subarray(0, 200);
    expect(outcome(truncated)).toBe('image.corrupt');
    expect(outcome(new TextEncoder().encode('{"not":"a png"}'))).toBe('image.not_png');
  });

  it('never throws anything but a typed error, whatever the bytes (random, or a PNG with bytes flipped or cut)', () => {
    const valid = encodeFingerprintPng(ramp(160, 160));
    const codes = new Set(['ok', 'image.not_png', 'image.not_grey', 'image.corrupt', 'fingerprint.bad_dimensions']);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => codes.has(outcome(bytes))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(valid.length), (flips, cut) => {
        const bytes = valid.slice(0, Math.max(cut, 1));
        for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
        return codes.has(outcome(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
