import { describe, expect, it } from 'vitest';
import { extractMinutiae } from '../../../biometrics/fingerprint/extraction/index.ts';
import type { FingerprintImage } from '../../../biometrics/fingerprint/image.ts';
import { type QualityAssessment, ACCEPTABLE_QUALITY, QUALITY_WEIGHTS, assessFingerprintQuality } from '../../../biometrics/fingerprint/quality.ts';
import { type Pattern, type RenderOptions, addNoise, blur, parallel, render } from './support/render.ts';
import { gradient, photoLike, uniform, whiteNoise } from './support/non-fingers.ts';

/** Straight ridges with three dislocations, so the print has minutiae to count. */
const print: Pattern = {
  phase: (x, y) => parallel(0.5, 9).phase(x, y) + Math.atan2(y - 90, x - 100) - Math.atan2(y - 160, x - 150) + Math.atan2(y - 220, x - 110),
};
const finger = (options: RenderOptions = {}): FingerprintImage => render(print, { noise: 3, ...options });

function assess(image: FingerprintImage): QualityAssessment {
  const out = assessFingerprintQuality(image);
  if (!out.ok) throw out.error;
  return out.value;
}

describe('fingerprint image quality', () => {
  it('documents weights that add up to one', () => {
    expect(Object.values(QUALITY_WEIGHTS).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
  });

  it('orders clean > noisy > blurred > blank', () => {
    const clean = assess(finger()).score;
    const noisy = assess(finger({ noise: 40 })).score;
    const blurred = assess(addNoise(blur(finger(), 3), 4, 7)).score;
    const blank = assess(uniform(250)).score;
    expect(clean).toBeGreaterThanOrEqual(ACCEPTABLE_QUALITY);
    expect(clean).toBeGreaterThan(noisy);
    expect(noisy).toBeGreaterThan(blurred);
    expect(blurred).toBeGreaterThan(blank);
    expect(blank).toBe(0);
  });

  it('scores within 0–100', () => {
    for (const image of [finger(), finger({ noise: 80 }), whiteNoise(3), gradient(1), photoLike(4), uniform(0)]) {
      const { score } = assess(image);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
    }
  });
});

describe('guidance for the citizen', () => {
  it.each<[string, () => FingerprintImage, QualityAssessment['guidance']]>([
    ['a good print', () => finger(), { reason: 'ok' }],
    ['an empty sensor', () => uniform(250), { reason: 'no_finger' }],
    ['faint ridges on a bright image', () => finger({ mean: 225, amplitude: 10 }), { reason: 'too_light' }],
    ['dark, pooled ridges', () => finger({ mean: 50, amplitude: 45 }), { reason: 'too_wet' }],
    ['thick ridges that fill the valleys', () => finger({ ridgeShare: 0.7 }), { reason: 'too_wet' }],
    ['thin ridges on a bright image', () => finger({ ridgeShare: 0.3, mean: 170, amplitude: 80 }), { reason: 'too_dry' }],
    ['a print on the left of the image', () => finger({ finger: { cx: 40, cy: 144, rx: 90, ry: 120 } }), { reason: 'off_centre', side: 'left' }],
    ['a print on the right of the image', () => finger({ finger: { cx: 216, cy: 144, rx: 90, ry: 120 } }), { reason: 'off_centre', side: 'right' }],
    ['a print at the top of the image', () => finger({ finger: { cx: 128, cy: 30, rx: 110, ry: 100 } }), { reason: 'off_centre', side: 'top' }],
    ['a print at the bottom of the image', () => finger({ finger: { cx: 128, cy: 258, rx: 110, ry: 100 } }), { reason: 'off_centre', side: 'bottom' }],
    ['a small contact area', () => finger({ finger: { cx: 128, cy: 144, rx: 45, ry: 55 } }), { reason: 'too_small' }],
    ['white noise', () => whiteNoise(11), { reason: 'not_a_finger' }],
    ['a smooth gradient', () => gradient(0.7), { reason: 'not_a_finger' }],
    ['a photo-like picture', () => photoLike(12), { reason: 'not_a_finger' }],
  ])('for %s', (_what, image, guidance) => {
    expect(assess(image()).guidance).toEqual(guidance);
  });

  it('agrees between the quality check and the extractor', () => {
    const image = finger({ mean: 225, amplitude: 10 });
    const extraction = extractMinutiae(image);
    expect(extraction.ok && extraction.value.guidance).toEqual(assess(image).guidance);
    expect(extraction.ok && extraction.value.quality).toBe(assess(image).score);
  });
});
