import { describe, expect, it } from 'vitest';
import { type FingerprintAnalysis, analyseFingerprint } from '../../../../biometrics/fingerprint/extraction/analyse.ts';
import { BLOCK } from '../../../../biometrics/fingerprint/extraction/orientation.ts';
import type { FingerprintImage } from '../../../../biometrics/fingerprint/image.ts';
import { parallel, render, rings } from '../support/render.ts';

const DEGREE = Math.PI / 180;

function analyse(image: FingerprintImage): FingerprintAnalysis {
  const out = analyseFingerprint(image);
  if (!out.ok) throw out.error;
  return out.value;
}

/** Foreground blocks at least two blocks inside the mask, with their centres. */
function interiorBlocks(a: FingerprintAnalysis): { b: number; x: number; y: number }[] {
  const { cols, rows } = a.orientation;
  const out: { b: number; x: number; y: number }[] = [];
  for (let by = 2; by < rows - 2; by++) {
    for (let bx = 2; bx < cols - 2; bx++) {
      let inside = true;
      for (let dy = -2; dy <= 2 && inside; dy++) for (let dx = -2; dx <= 2; dx++) if (a.blocks[(by + dy) * cols + bx + dx] === 0) inside = false;
      if (inside) out.push({ b: by * cols + bx, x: bx * BLOCK + BLOCK / 2, y: by * BLOCK + BLOCK / 2 });
    }
  }
  return out;
}

/** Difference between two orientations (modulo π), in degrees. */
function orientationError(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d) / DEGREE;
}

describe('orientation field', () => {
  it.each([0, 15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165])('follows straight ridges at %i° to within 2° on average', (degrees) => {
    const a = analyse(render(parallel(degrees * DEGREE, 9), { noise: 10, seed: degrees }));
    const blocks = interiorBlocks(a);
    expect(blocks.length).toBeGreaterThan(200);
    const errors = blocks.map(({ b }) => orientationError(a.orientation.theta[b]!, degrees * DEGREE));
    expect(errors.reduce((s, e) => s + e, 0) / errors.length).toBeLessThan(2);
    expect(Math.max(...errors)).toBeLessThan(6);
  });

  it('follows concentric rings (every orientation at once) away from their centre', () => {
    const a = analyse(render(rings(120, 150, 10), { noise: 10 }));
    const errors = interiorBlocks(a)
      .filter(({ x, y }) => Math.hypot(x - 120, y - 150) > 30)
      .map(({ b, x, y }) => orientationError(a.orientation.theta[b]!, Math.atan2(y - 150, x - 120) + Math.PI / 2));
    expect(errors.length).toBeGreaterThan(200);
    expect(errors.reduce((s, e) => s + e, 0) / errors.length).toBeLessThan(3);
  });

  it('is coherent on ridges and not on noise', () => {
    const a = analyse(render(parallel(0.3, 9), { noise: 10 }));
    const coherence = interiorBlocks(a).map(({ b }) => a.orientation.coherence[b]!);
    expect(Math.min(...coherence)).toBeGreaterThan(0.8);
  });
});

describe('ridge period', () => {
  it.each([5, 7, 9, 11, 13, 16])('measures a period of %i px to within 4 %', (period) => {
    const a = analyse(render(parallel(0.6, period), { noise: 8, seed: period }));
    const measured = interiorBlocks(a)
      .map(({ b }) => a.measuredPeriod[b]!)
      .filter((p) => p > 0)
      .sort((x, y) => x - y);
    expect(measured.length).toBeGreaterThan(0.8 * interiorBlocks(a).length);
    expect(Math.abs(measured[measured.length >> 1]! - period) / period).toBeLessThan(0.04);
    expect(Math.abs(a.medianPeriod - period) / period).toBeLessThan(0.04);
  });
});

describe('segmentation', () => {
  it('covers the finger and stops within two blocks of its edge', () => {
    const finger = { cx: 128, cy: 144, rx: 90, ry: 110 };
    const a = analyse(render(parallel(0.4, 9), { finger, noise: 6 }));
    let inside = 0;
    let insideCovered = 0;
    let outsideCovered = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const r = Math.hypot((x - finger.cx) / finger.rx, (y - finger.cy) / finger.ry);
        const covered = a.foreground[y * a.width + x] === 1;
        if (r < 0.9) {
          inside++;
          if (covered) insideCovered++;
        } else if (r > 1.2 && covered) outsideCovered++;
      }
    }
    expect(insideCovered / inside).toBeGreaterThan(0.97);
    expect(outsideCovered).toBe(0);
  });
});
