import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { type FingerPosition } from '../../../../common/fingers.ts';
import {
  FINGERPRINT_QUALITIES,
  type FingerprintImpression,
  fingerImage,
  impressionToMaster,
  IMPRESSION_SIZES,
  type MasterPrint,
  masterPrint,
  masterToImpression,
  renderImpression,
} from '../../../../synthetic/fingers/ridge-image/index.ts';

const fingers = Array.from({ length: 4 }, (_, k) => masterPrint(`ridge-impression-${k}`, ((k % 10) + 1) as FingerPosition));

/**
 * How faithfully an impression shows its master's ridges: the correlation,
 * over the image, between darkness and the master's ridge field seen through
 * the ground-truth transform (off the finger the field counts as valley).
 */
function ridgeFidelity(master: MasterPrint, impression: FingerprintImpression): number {
  const a: number[] = [];
  const b: number[] = [];
  for (let y = 0; y < impression.height; y += 2) {
    for (let x = 0; x < impression.width; x += 2) {
      const m = impressionToMaster(impression.transform, x, y);
      const [mx, my] = [Math.round(m.x), Math.round(m.y)];
      const inside = mx >= 0 && my >= 0 && mx < master.width && my < master.height && master.mask[my * master.width + mx] === 1;
      a.push(255 - impression.pixels[y * impression.width + x]!);
      b.push(inside ? master.field[my * master.width + mx]! : -1);
    }
  }
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const percentile = (pixels: Uint8Array, q: number) => Uint8Array.from(pixels).sort()[Math.floor(q * (pixels.length - 1))]!;

describe('fingerprint impressions', () => {
  it('are the same bytes for the same citizen, finger, index, quality and size, and differ otherwise', () => {
    const image = fingerImage('ridge-impression-0', 1, 0, 'good', '256x288');
    expect(Buffer.from(fingerImage('ridge-impression-0', 1, 0, 'good', '256x288').pixels).equals(Buffer.from(image.pixels))).toBe(true);
    expect(Buffer.from(fingerImage('ridge-impression-0', 1, 1, 'good', '256x288').pixels).equals(Buffer.from(image.pixels))).toBe(false);
    expect(Buffer.from(fingerImage('ridge-impression-0', 1, 0, 'fair', '256x288').pixels).equals(Buffer.from(image.pixels))).toBe(false);
    expect(Buffer.from(fingerImage('ridge-impression-0', 2, 0, 'good', '256x288').pixels).equals(Buffer.from(image.pixels))).toBe(false);
  });

  it('come in 256 × 288 and 400 × 500, 8-bit, with ridge contrast', () => {
    for (const size of ['256x288', '400x500'] as const) {
      for (const quality of FINGERPRINT_QUALITIES) {
        const image = renderImpression(fingers[1]!, { index: 3, quality, size });
        expect([image.width, image.height]).toEqual([IMPRESSION_SIZES[size].width, IMPRESSION_SIZES[size].height]);
        expect(image.pixels).toBeInstanceOf(Uint8Array);
        expect(image.pixels.length).toBe(image.width * image.height);
        expect(image.resolution).toBe(197);
        expect(percentile(image.pixels, 0.95) - percentile(image.pixels, 0.02)).toBeGreaterThan(quality === 'poor' ? 50 : 90);
      }
    }
  });

  it('show the master’s ridges less faithfully from enrollment to poor quality', () => {
    const ladder = (['enrollment', 'good', 'fair', 'poor'] as const).map((quality) => {
      let sum = 0;
      for (const master of fingers)
        for (let index = 0; index < 3; index++) sum += ridgeFidelity(master, renderImpression(master, { index, quality, size: '256x288' }));
      return sum / (fingers.length * 3);
    });
    expect(ladder[0]).toBeGreaterThan(0.6);
    for (let k = 1; k < ladder.length; k++) expect(ladder[k]).toBeLessThan(ladder[k - 1]!);
  });

  it('keep rotation within ±20° and map points both ways consistently', () => {
    const rotations: number[] = [];
    for (const master of fingers) {
      for (let index = 0; index < 12; index++) {
        const { transform } = renderImpression(master, { index, quality: 'poor', size: '256x288' });
        rotations.push(transform.rotationDegrees);
        for (const [x, y] of [
          [150, 200],
          [250, 300],
          [100, 120],
        ] as const) {
          const q = masterToImpression(transform, x, y);
          const back = impressionToMaster(transform, q.x, q.y);
          expect(Math.hypot(back.x - x, back.y - y)).toBeLessThan(0.05);
        }
      }
    }
    expect(Math.max(...rotations.map(Math.abs))).toBeLessThanOrEqual(20);
    expect(Math.max(...rotations.map(Math.abs))).toBeGreaterThan(5);
  });

  it('list as ground truth the master minutiae that land in the image and the contact area', () => {
    const master = fingers[2]!;
    const full = renderImpression(master, { index: 0, quality: 'enrollment', size: '400x500' });
    const partial = renderImpression(master, { index: 0, quality: 'partial', size: '256x288' });
    expect(full.minutiae.length).toBeGreaterThan(0.6 * master.minutiae.length);
    expect(partial.minutiae.length).toBeLessThan(full.minutiae.length);
    for (const image of [full, partial]) {
      for (const m of image.minutiae) {
        expect(m.x >= 0 && m.y >= 0 && m.x < image.width && m.y < image.height).toBe(true);
        expect(Math.hypot((m.x - image.contact.x) / image.contact.rx, (m.y - image.contact.y) / image.contact.ry)).toBeLessThanOrEqual(0.95);
        // A minutia sits on the ridge structure: some dark pixel within a few px (not on the bare background).
        let darkest = 255;
        for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) darkest = Math.min(darkest, image.pixels[(m.y + dy) * image.width + m.x + dx] ?? 255);
        expect(darkest).toBeLessThan(150);
      }
    }
  });

  it('write as PNG losslessly (samples for inspection in test-results/)', () => {
    mkdirSync('test-results/ridge-image', { recursive: true });
    const master = fingers[0]!;
    const samples: [string, { width: number; height: number; pixels: Uint8Array }][] = [
      ['master', master],
      ...FINGERPRINT_QUALITIES.map(
        (quality, index) => [`${quality}-256x288`, renderImpression(master, { index, quality, size: '256x288' })] as [string, FingerprintImpression],
      ),
      ['good-400x500', renderImpression(master, { index: 9, quality: 'good', size: '400x500' })],
    ];
    for (const [name, image] of samples) {
      const file = `test-results/ridge-image/${name}.png`;
      writeFileSync(
        file,
        PNG.sync.write({ width: image.width, height: image.height, data: Buffer.from(image.pixels) } as PNG, { colorType: 0, inputColorType: 0 }),
      );
      const decoded = PNG.sync.read(readFileSync(file));
      expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
      // pngjs decodes to RGBA; gray survives as R = G = B.
      expect(decoded.data.filter((_, i) => i % 4 === 0).every((v, i) => v === image.pixels[i])).toBe(true);
    }
  });
});
