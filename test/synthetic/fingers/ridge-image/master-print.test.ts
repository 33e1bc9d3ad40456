import { describe, expect, it } from 'vitest';
import { generateFinger } from '../../../../synthetic/fingers/finger-generator.ts';
import { SENSOR_HEIGHT, SENSOR_WIDTH, angleToRadians } from '../../../../synthetic/fingers/minutia.ts';
import type { FingerPosition } from '../../../../common/fingers.ts';
import { silhouetteMargin } from '../../../../synthetic/fingers/ridge-image/flow-field.ts';
import { MASTER_BORDER_MARGIN_PX, type MasterPrint, masterOrientation, renderMasterPrint } from '../../../../synthetic/fingers/ridge-image/index.ts';

const masters = Array.from({ length: 6 }, (_, k) => renderMasterPrint(generateFinger(`ridge-master-${k}`, ((k % 10) + 1) as FingerPosition)));

/** Bilinear sample of the master's ridge field (> 0 on ridges). */
function fieldAt(master: MasterPrint, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const [fx, fy] = [x - x0, y - y0];
  const at = (xx: number, yy: number) => master.field[yy * master.width + xx]!;
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/** Blocks on the finger, away from its outline and from cores and deltas (where orientation and period are undefined). */
function regularBlocks(master: MasterPrint, size: number): { x: number; y: number }[] {
  const blocks: { x: number; y: number }[] = [];
  const singular = master.finger.singularities.map((s) => ({ x: s.x + master.frameOffset.x, y: s.y + master.frameOffset.y }));
  for (let y = size; y < master.height - size; y += size) {
    for (let x = size; x < master.width - size; x += size) {
      if (silhouetteMargin(x, y) < 2 * size) continue;
      if (singular.some((s) => Math.hypot(s.x - x, s.y - y) < 40)) continue;
      blocks.push({ x, y });
    }
  }
  return blocks;
}

/** Ridge orientation (radians mod π, counter-clockwise as seen) of a block, from the structure tensor of its gradients. */
function gradientOrientation(master: MasterPrint, cx: number, cy: number, half: number): number {
  let gxx = 0;
  let gyy = 0;
  let gxy = 0;
  const p = master.pixels;
  const w = master.width;
  for (let y = cy - half; y < cy + half; y++) {
    for (let x = cx - half; x < cx + half; x++) {
      const i = y * w + x;
      const gx = p[i - w + 1]! + 2 * p[i + 1]! + p[i + w + 1]! - p[i - w - 1]! - 2 * p[i - 1]! - p[i + w - 1]!;
      const gy = p[i + w - 1]! + 2 * p[i + w]! + p[i + w + 1]! - p[i - w - 1]! - 2 * p[i - w]! - p[i - w + 1]!;
      gxx += gx * gx;
      gyy += gy * gy;
      gxy += gx * gy;
    }
  }
  // The dominant gradient runs across the ridges (pixel axes, y down); ridges run at right angles to it, and y flips for "as seen".
  const gradient = 0.5 * Math.atan2(2 * gxy, gxx - gyy);
  const theta = -(gradient + Math.PI / 2) % Math.PI;
  return theta < 0 ? theta + Math.PI : theta;
}

const orientationError = (a: number, b: number) => {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
};

/** Dominant spatial frequency (px⁻¹) of the block's profile across its ridges, by a DFT over 1/16 … 1/5 px⁻¹. */
function dominantFrequency(master: MasterPrint, cx: number, cy: number): number {
  const theta = masterOrientation(master.finger, cx, cy);
  const [ax, ay] = [Math.cos(theta), -Math.sin(theta)];
  const [nx, ny] = [Math.sin(theta), Math.cos(theta)];
  const length = 48;
  const profile: number[] = [];
  for (let u = -length / 2; u < length / 2; u++) {
    let sum = 0;
    for (let v = -6; v <= 6; v++) sum += fieldAt(master, cx + u * nx + v * ax, cy + u * ny + v * ay);
    profile.push(sum);
  }
  const mean = profile.reduce((a, b) => a + b, 0) / length;
  let best = 0;
  let bestPower = -1;
  for (let f = 1 / 16; f <= 1 / 5; f += 0.001) {
    let re = 0;
    let im = 0;
    profile.forEach((value, k) => {
      const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / (length - 1));
      re += (value - mean) * hann * Math.cos(2 * Math.PI * f * k);
      im += (value - mean) * hann * Math.sin(2 * Math.PI * f * k);
    });
    if (re * re + im * im > bestPower) [best, bestPower] = [f, re * re + im * im];
  }
  return best;
}

describe('master print', () => {
  it('is the same bytes for the same finger, and differs between fingers', () => {
    const again = renderMasterPrint(generateFinger('ridge-master-0', 1));
    expect(Buffer.from(again.pixels).equals(Buffer.from(masters[0]!.pixels))).toBe(true);
    expect(again.minutiae).toEqual(masters[0]!.minutiae);
    expect(Buffer.from(masters[1]!.pixels).equals(Buffer.from(masters[0]!.pixels))).toBe(false);
  });

  it('has ridges every 8–11 px: the dominant frequency across the ridges of a block', () => {
    const periods: number[] = [];
    for (const master of masters) for (const { x, y } of regularBlocks(master, 32)) periods.push(1 / dominantFrequency(master, x, y));
    periods.sort((a, b) => a - b);
    expect(periods.length).toBeGreaterThan(200);
    // Where the flow converges or fans out, ridges squeeze or stretch a little before one ends or splits, as on real fingers.
    expect(periods.filter((p) => p >= 7.8 && p <= 11.2).length / periods.length).toBeGreaterThan(0.9);
    expect(periods[0]).toBeGreaterThan(6.5);
    expect(periods.at(-1)).toBeLessThan(13);
    expect(periods[Math.floor(periods.length / 2)]).toBeGreaterThan(8.5);
    expect(periods[Math.floor(periods.length / 2)]).toBeLessThan(10);
  });

  it('follows the generator’s orientation field, as measured by image gradients', () => {
    const errors: number[] = [];
    for (const master of masters) {
      for (const { x, y } of regularBlocks(master, 16))
        errors.push(orientationError(gradientOrientation(master, x, y, 8), masterOrientation(master.finger, x, y)));
    }
    errors.sort((a, b) => a - b);
    const degrees = (r: number) => (r * 180) / Math.PI;
    expect(errors.length).toBeGreaterThan(1000);
    expect(degrees(errors[Math.floor(errors.length / 2)]!)).toBeLessThan(5);
    expect(degrees(errors[Math.floor(errors.length * 0.9)]!)).toBeLessThan(15);
  });

  it('finds a plausible number of ground-truth minutiae, none near the finger’s outline', () => {
    for (const master of masters) {
      const { x: ox, y: oy } = master.frameOffset;
      const inWindow = master.minutiae.filter((m) => m.x >= ox && m.y >= oy && m.x < ox + SENSOR_WIDTH && m.y < oy + SENSOR_HEIGHT);
      expect(master.minutiae.length).toBeGreaterThanOrEqual(30);
      expect(master.minutiae.length).toBeLessThanOrEqual(110);
      expect(inWindow.length).toBeGreaterThanOrEqual(20);
      expect(inWindow.length).toBeLessThan(master.minutiae.length);
      for (const m of master.minutiae) {
        expect(silhouetteMargin(m.x, m.y)).toBeGreaterThanOrEqual(MASTER_BORDER_MARGIN_PX);
        expect(Number.isInteger(m.angle) && m.angle >= 0 && m.angle < 256).toBe(true);
      }
      expect(new Set(master.minutiae.map((m) => m.type))).toEqual(new Set(['ridge-ending', 'bifurcation']));
    }
  });

  it('points an ending back into its ridge and a bifurcation between its branches', () => {
    let checked = 0;
    let agree = 0;
    for (const master of masters) {
      for (const m of master.minutiae) {
        const a = angleToRadians(m.angle);
        const ahead = fieldAt(master, m.x + 6 * Math.cos(a), m.y - 6 * Math.sin(a));
        const behind = fieldAt(master, m.x - 6 * Math.cos(a), m.y + 6 * Math.sin(a));
        // Ahead of an ending lies its ridge, behind it the valley it ends in; a bifurcation is the other way round.
        const expected = m.type === 'ridge-ending' ? ahead > 0 && behind < 0 : ahead < 0 && behind > 0;
        checked++;
        if (expected) agree++;
      }
    }
    expect(agree / checked).toBeGreaterThan(0.8);
  });

  it('renders ridges dark on light, white off the finger', () => {
    const master = masters[0]!;
    expect(master.pixels[0]).toBe(255);
    const onFinger = master.pixels.filter((_, i) => master.mask[i] === 1);
    const dark = onFinger.filter((v) => v < 64).length / onFinger.length;
    const light = onFinger.filter((v) => v > 192).length / onFinger.length;
    expect(dark).toBeGreaterThan(0.25);
    expect(light).toBeGreaterThan(0.25);
  });
});
