import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintImageError } from '../../../../biometrics/fingerprint/errors.ts';
import { extractMinutiae } from '../../../../biometrics/fingerprint/extraction/index.ts';
import { GUIDANCE_REASONS } from '../../../../biometrics/fingerprint/guidance.ts';
import type { FingerprintImage } from '../../../../biometrics/fingerprint/image.ts';
import { addNoise, blur, parallel, render } from '../support/render.ts';
import { gradient, photoLike, uniform, whiteNoise } from '../support/non-fingers.ts';

function refusal(image: FingerprintImage, options = {}): FingerprintImageError {
  const out = extractMinutiae(image, options);
  if (out.ok) throw new Error('expected the image to be refused');
  expect(out.error).toBeInstanceOf(FingerprintImageError);
  return out.error;
}

describe('images the extractor refuses', () => {
  it.each<[string, FingerprintImage, string, string]>([
    ['too narrow', uniform(128, 149, 200), 'fingerprint.bad_dimensions', 'not_a_finger'],
    ['too wide', uniform(128, 1001, 300), 'fingerprint.bad_dimensions', 'not_a_finger'],
    ['a fractional size', { width: 200.5, height: 200, pixels: new Uint8Array(40_100) }, 'fingerprint.bad_dimensions', 'not_a_finger'],
    ['a pixel buffer of the wrong length', { width: 200, height: 200, pixels: new Uint8Array(39_999) }, 'fingerprint.bad_image', 'not_a_finger'],
    ['4-bit pixels', { ...uniform(128), bitDepth: 4 }, 'fingerprint.bad_depth', 'not_a_finger'],
    ['1000 ppi', { ...uniform(128), resolutionPpi: 1000 }, 'fingerprint.bad_resolution', 'not_a_finger'],
    ['a blank white sensor', uniform(255), 'fingerprint.blank', 'no_finger'],
    ['a blank black sensor', uniform(0), 'fingerprint.blank', 'no_finger'],
    ['pure noise', whiteNoise(1), 'fingerprint.not_a_finger', 'not_a_finger'],
    ['a smooth gradient', gradient(0.3), 'fingerprint.not_a_finger', 'not_a_finger'],
    ['a photo-like picture', photoLike(2), 'fingerprint.not_a_finger', 'not_a_finger'],
  ])('%s', (_what, image, code, reason) => {
    const error = refusal(image);
    expect(error.code).toBe(code);
    expect(error.guidance.reason).toBe(reason);
  });

  it('refuses a print below the minimum quality, with what to do about it', () => {
    const faint = addNoise(blur(render(parallel(0.4, 9), { mean: 200, amplitude: 20 }), 2), 6, 3);
    const error = refusal(faint, { minimumQuality: 95 });
    expect(error.code).toBe('fingerprint.low_quality');
    expect(error.guidance.reason).toBe('too_light');
  });

  it('refuses a pixel buffer that is not a Uint8Array', () => {
    const error = refusal({ width: 200, height: 200, pixels: Array.from({ length: 40_000 }, () => 0) as unknown as Uint8Array });
    expect(error.code).toBe('fingerprint.bad_image');
  });

  it('answers any small picture with minutiae or a typed refusal, never a throw', () => {
    const pictures = fc.oneof(
      fc.record({
        kind: fc.constant('stripes' as const),
        period: fc.double({ min: 1.5, max: 40, noNaN: true }),
        angle: fc.double({ min: 0, max: 7, noNaN: true }),
        noise: fc.integer({ min: 0, max: 120 }),
        amplitude: fc.integer({ min: 0, max: 127 }),
      }),
      fc.record({ kind: fc.constant('noise' as const), seed: fc.nat() }),
      fc.record({
        kind: fc.constant('flat' as const),
        value: fc.integer({ min: 0, max: 255 }),
        width: fc.integer({ min: 140, max: 170 }),
        height: fc.integer({ min: 140, max: 170 }),
      }),
    );
    fc.assert(
      fc.property(pictures, (p) => {
        const image =
          p.kind === 'stripes'
            ? render(parallel(p.angle, p.period), { width: 160, height: 170, noise: p.noise, amplitude: p.amplitude })
            : p.kind === 'noise'
              ? whiteNoise(p.seed, 150, 150)
              : uniform(p.value, p.width, p.height);
        const out = extractMinutiae(image);
        if (out.ok) {
          expect(GUIDANCE_REASONS).toContain(out.value.guidance.reason);
          for (const m of out.value.minutiae) {
            expect(m.x).toBeLessThan(image.width);
            expect(m.y).toBeLessThan(image.height);
            expect(m.angle).toBeGreaterThanOrEqual(0);
            expect(m.angle).toBeLessThan(256);
          }
        } else {
          expect(out.error).toBeInstanceOf(FingerprintImageError);
          expect(GUIDANCE_REASONS).toContain(out.error.guidance.reason);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
