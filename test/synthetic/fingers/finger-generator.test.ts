import { describe, expect, it } from 'vitest';
import { citizenFingerKey, generateFinger, MINUTIAE_PER_FINGER, ridgeOrientation } from '../../../synthetic/fingers/finger-generator.ts';
import { angleToRadians, RIDGE_SPACING_PX, SENSOR_HEIGHT, SENSOR_WIDTH } from '../../../synthetic/fingers/minutia.ts';
import type { FingerPosition } from '../../../common/fingers.ts';
import { seededRandom } from '../../../synthetic/fingers/random.ts';

const population = Array.from({ length: 200 }, (_, k) => generateFinger(`citizen-${Math.floor(k / 10)}`, ((k % 10) + 1) as FingerPosition));

describe('synthetic finger generator', () => {
  it('gives the same finger for the same citizen and position, and a different one otherwise', () => {
    expect(generateFinger('12345678-5', 2)).toEqual(generateFinger('12345678-5', 2));
    expect(generateFinger('12345678-5', 2).minutiae).not.toEqual(generateFinger('12345678-5', 7).minutiae);
    expect(generateFinger('12345678-5', 2).minutiae).not.toEqual(generateFinger('9876543-3', 2).minutiae);
  });

  it('keys a citizen by the RUN as <number>-<check digit>', () => {
    expect(citizenFingerKey({ number: 12345678, checkDigit: '5' })).toBe('12345678-5');
    expect(citizenFingerKey({ number: 7775735, checkDigit: 'K' })).toBe('7775735-K');
  });

  it(`gives every finger ${MINUTIAE_PER_FINGER.min}–${MINUTIAE_PER_FINGER.max} minutiae inside the 256×288 sensor image`, () => {
    for (const finger of population) {
      expect(finger.minutiae.length).toBeGreaterThanOrEqual(MINUTIAE_PER_FINGER.min);
      expect(finger.minutiae.length).toBeLessThanOrEqual(MINUTIAE_PER_FINGER.max);
      expect([finger.width, finger.height, finger.resolution]).toEqual([SENSOR_WIDTH, SENSOR_HEIGHT, 197]);
      for (const m of finger.minutiae) {
        expect(Number.isInteger(m.x) && m.x >= 0 && m.x < SENSOR_WIDTH).toBe(true);
        expect(Number.isInteger(m.y) && m.y >= 0 && m.y < SENSOR_HEIGHT).toBe(true);
        expect(Number.isInteger(m.angle) && m.angle >= 0 && m.angle < 256).toBe(true);
        expect(['ridge-ending', 'bifurcation']).toContain(m.type);
      }
    }
  });

  it('never places two minutiae closer than a ridge spacing', () => {
    let closest = Infinity;
    for (const { minutiae } of population) {
      for (let i = 0; i < minutiae.length; i++) {
        for (let j = i + 1; j < minutiae.length; j++) closest = Math.min(closest, Math.hypot(minutiae[i]!.x - minutiae[j]!.x, minutiae[i]!.y - minutiae[j]!.y));
      }
    }
    expect(closest).toBeGreaterThanOrEqual(RIDGE_SPACING_PX);
  });

  it('draws loops, whorls and arches with their cores and deltas', () => {
    const byPattern = Object.groupBy(population, (f) => f.pattern);
    expect(Object.keys(byPattern).sort()).toEqual(['arch', 'left-loop', 'right-loop', 'whorl']);
    for (const f of byPattern['left-loop'] ?? []) expect(f.singularities.map((s) => s.type)).toEqual(['core', 'delta']);
    for (const f of byPattern.whorl ?? []) expect(f.singularities.map((s) => s.type).sort()).toEqual(['core', 'core', 'delta', 'delta']);
    for (const f of byPattern.arch ?? []) expect(f.singularities).toEqual([]);
    // The delta of a left loop lies to the right of its core, and below it.
    for (const f of byPattern['left-loop'] ?? []) expect(f.singularities[1]!.x > f.core.x && f.singularities[1]!.y > f.core.y).toBe(true);
  });

  it('points minutiae along the ridge flow', () => {
    let along = 0;
    let total = 0;
    for (const finger of population) {
      for (const m of finger.minutiae) {
        const flow = ridgeOrientation(finger, m.x, m.y);
        const gap = Math.abs((((angleToRadians(m.angle) - flow) % Math.PI) + Math.PI) % Math.PI);
        if (Math.min(gap, Math.PI - gap) < (12 * Math.PI) / 180) along++;
        total++;
      }
    }
    expect(along / total).toBeGreaterThan(0.95);
  });

  it('balances ridge endings and bifurcations', () => {
    const all = population.flatMap((f) => f.minutiae);
    const endings = all.filter((m) => m.type === 'ridge-ending').length / all.length;
    expect(endings).toBeGreaterThan(0.5);
    expect(endings).toBeLessThan(0.6);
  });
});

describe('seeded randomness', () => {
  it('repeats for the same key and differs for another', () => {
    const draw = (key: string) => {
      const r = seededRandom(key);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(draw('a').every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('draws normals with mean 0 and SD 1, and Poisson counts with the asked mean', () => {
    const r = seededRandom('moments');
    const normals = Array.from({ length: 20_000 }, () => r.normal());
    const mean = normals.reduce((a, b) => a + b) / normals.length;
    const sd = Math.sqrt(normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    const counts = Array.from({ length: 20_000 }, () => r.poisson(3));
    expect(Math.abs(counts.reduce((a, b) => a + b) / counts.length - 3)).toBeLessThan(0.05);
  });
});
