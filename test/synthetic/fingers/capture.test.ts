import { describe, expect, it } from 'vitest';
import { captureImpression, captureParameters, type Impression } from '../../../synthetic/fingers/capture.ts';
import { type Finger, generateFinger } from '../../../synthetic/fingers/finger-generator.ts';
import type { FingerPosition } from '../../../common/fingers.ts';

const fingers = Array.from({ length: 40 }, (_, k) => generateFinger(`capture-${k}`, ((k % 10) + 1) as FingerPosition));

/** Share of the finger's minutiae found again, within 8 px, where the ground-truth placement puts them. */
function recovered(finger: Finger, impression: Impression): number {
  const { rotationDegrees, dx, dy } = impression.placement;
  const r = (rotationDegrees * Math.PI) / 180;
  const [cx, cy] = [finger.width / 2, finger.height / 2];
  let found = 0;
  for (const m of finger.minutiae) {
    const x = cx + (m.x - cx) * Math.cos(r) + (m.y - cy) * Math.sin(r) + dx;
    const y = cy - (m.x - cx) * Math.sin(r) + (m.y - cy) * Math.cos(r) + dy;
    if (impression.minutiae.some((n) => Math.hypot(n.x - x, n.y - y) <= 8)) found++;
  }
  return found / finger.minutiae.length;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('capture model', () => {
  it('reproduces an impression from the same finger, quality and seed', () => {
    const finger = fingers[0]!;
    expect(captureImpression(finger, { quality: 80, seed: 7 })).toEqual(captureImpression(finger, { quality: 80, seed: 7 }));
    expect(captureImpression(finger, { quality: 80, seed: 7 }).minutiae).not.toEqual(captureImpression(finger, { quality: 80, seed: 8 }).minutiae);
  });

  it('places the finger within the guided sensor limits and reports only minutiae inside the image', () => {
    for (const [k, finger] of fingers.entries()) {
      const impression = captureImpression(finger, { quality: 50, seed: k });
      expect(Math.abs(impression.placement.rotationDegrees)).toBeLessThanOrEqual(25);
      expect(Math.max(Math.abs(impression.placement.dx), Math.abs(impression.placement.dy))).toBeLessThanOrEqual(40);
      for (const m of impression.minutiae) {
        expect(Number.isInteger(m.x) && m.x >= 0 && m.x < impression.width).toBe(true);
        expect(Number.isInteger(m.y) && m.y >= 0 && m.y < impression.height).toBe(true);
        expect(Number.isInteger(m.angle) && m.angle >= 0 && m.angle < 256).toBe(true);
      }
    }
  });

  it('degrades every error term as quality falls', () => {
    const good = captureParameters(90);
    const poor = captureParameters(30);
    expect(poor.positionJitterPx).toBeGreaterThan(good.positionJitterPx);
    expect(poor.angleJitterDegrees).toBeGreaterThan(good.angleJitterDegrees);
    expect(poor.dropoutRate).toBeGreaterThan(good.dropoutRate);
    expect(poor.spuriousMean).toBeGreaterThan(good.spuriousMean);
    expect(poor.typeFlipRate).toBeGreaterThan(good.typeFlipRate);
    expect(poor.contactAxes[0]).toBeLessThan(good.contactAxes[0]);
    expect(captureParameters(150)).toEqual(captureParameters(100));
  });

  it('recovers most of a finger at good quality and much less at poor quality', () => {
    const good = mean(fingers.map((f, k) => recovered(f, captureImpression(f, { quality: 90, seed: k }))));
    const poor = mean(fingers.map((f, k) => recovered(f, captureImpression(f, { quality: 20, seed: k }))));
    expect(good).toBeGreaterThan(0.8);
    expect(poor).toBeLessThan(good - 0.15);
  });

  it('adds spurious minutiae as quality falls', () => {
    const count = (quality: number) => mean(fingers.map((f, k) => captureImpression(f, { quality, seed: k }).minutiae.length / f.minutiae.length));
    // Fewer true minutiae survive at low quality, yet the count does not fall as fast: false ones fill in.
    const poorRecovered = mean(fingers.map((f, k) => recovered(f, captureImpression(f, { quality: 10, seed: k }))));
    expect(count(10)).toBeGreaterThan(poorRecovered + 0.05);
  });

  it('records the quality it was asked for, clamped to 0–100', () => {
    expect(captureImpression(fingers[1]!, { quality: 73.4, seed: 1 }).quality).toBe(73);
    expect(captureImpression(fingers[1]!, { quality: 140, seed: 1 }).quality).toBe(100);
  });
});

describe('capture bounds', () => {
  it('keeps every minutia, genuine or spurious, inside the image', () => {
    for (let k = 0; k < 400; k++) {
      const impression = captureImpression(generateFinger(`bounds-${k}`, (1 + (k % 10)) as FingerPosition), { quality: 10 + (k % 90), seed: k });
      const outside = impression.minutiae.filter((m) => m.x < 0 || m.y < 0 || m.x >= impression.width || m.y >= impression.height);
      expect(outside, `impression ${k}`).toEqual([]);
    }
  });
});
