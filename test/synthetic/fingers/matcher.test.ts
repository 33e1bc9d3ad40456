/**
 * The matcher as a specification: genuine impressions of a finger match,
 * impressions of different fingers do not, at MATCH_THRESHOLD. The full
 * FAR/FRR measurement (101,000 impostor comparisons) is the benchmark,
 * test/bench/matcher.bench.ts; this is a fast sample of the same population.
 */
import { describe, expect, it } from 'vitest';
import { captureImpression } from '../../../synthetic/fingers/capture.ts';
import { generateFinger } from '../../../synthetic/fingers/finger-generator.ts';
import { decodeFingerMinutiaeRecord, encodeFingerMinutiaeRecord, singleViewRecord } from '../../../synthetic/fingers/iso-19794-2.ts';
import { compareTemplates, MATCH_THRESHOLD, matchMinutiae, matchRecords, prepareTemplate } from '../../../synthetic/fingers/matcher.ts';
import { type Minutia, radiansToAngle, angleToRadians } from '../../../synthetic/fingers/minutia.ts';
import type { FingerPosition } from '../../../common/fingers.ts';
import { seededRandom } from '../../../synthetic/fingers/random.ts';

const FINGERS = 60;
const random = seededRandom('matcher-test');
const fingers = Array.from({ length: FINGERS }, (_, k) => generateFinger(`matcher-citizen-${k >> 1}`, (k % 2 === 0 ? 2 : 7) as FingerPosition));
const goodQuality = () => 60 + random.int(41);
const enrolled = fingers.map((f) => prepareTemplate(captureImpression(f, { quality: goodQuality(), seed: 'enrol' }).minutiae));
const presented = fingers.map((f) => prepareTemplate(captureImpression(f, { quality: goodQuality(), seed: 'verify' }).minutiae));

/** Rotates (counter-clockwise on the image) and shifts minutiae, keeping those that stay on a 256×288 image. */
function moved(minutiae: readonly Minutia[], degrees: number, dx: number, dy: number): Minutia[] {
  const r = (degrees * Math.PI) / 180;
  return minutiae
    .map((m) => ({
      ...m,
      x: Math.round(128 + (m.x - 128) * Math.cos(r) + (m.y - 144) * Math.sin(r) + dx),
      y: Math.round(144 - (m.x - 128) * Math.sin(r) + (m.y - 144) * Math.cos(r) + dy),
      angle: radiansToAngle(angleToRadians(m.angle) + r),
    }))
    .filter((m) => m.x >= 0 && m.y >= 0 && m.x < 256 && m.y < 288);
}

describe('minutiae matcher', () => {
  it('scores a template against itself at 100', () => {
    const { minutiae } = fingers[0]!;
    expect(matchMinutiae(minutiae, minutiae)).toMatchObject({ score: 100, matched: true, pairedMinutiae: minutiae.length });
  });

  it('finds the rotation and translation between two placements', () => {
    const { minutiae } = fingers[3]!;
    const result = matchMinutiae(moved(minutiae, 20, 15, -10), minutiae);
    expect(result.matched).toBe(true);
    expect(result.score).toBeGreaterThan(80);
    // Bringing the moved probe back means turning it by −20°.
    expect(result.alignment?.rotationDegrees).toBeCloseTo(-20, 0);
  });

  it(`matches genuine good-quality impressions of the same finger (≥ ${FINGERS - 1} of ${FINGERS})`, () => {
    const genuine = presented.map((probe, k) => compareTemplates(probe, enrolled[k]!));
    expect(genuine.filter((r) => r.matched).length).toBeGreaterThanOrEqual(FINGERS - 1);
  });

  it(`does not match impressions of different fingers (${FINGERS * (FINGERS - 1)} comparisons, other fingers of the same citizen included)`, () => {
    let accepted = 0;
    let highest = 0;
    for (let p = 0; p < FINGERS; p++) {
      for (let g = 0; g < FINGERS; g++) {
        if (p === g) continue;
        const { score, matched } = compareTemplates(presented[p]!, enrolled[g]!);
        if (matched) accepted++;
        highest = Math.max(highest, score);
      }
    }
    expect(accepted).toBe(0);
    expect(highest).toBeLessThan(MATCH_THRESHOLD);
  });

  it('is not a byte comparison: impressions that share no bytes still match', () => {
    const a = captureImpression(fingers[5]!, { quality: 90, seed: 'a' });
    const b = captureImpression(fingers[5]!, { quality: 90, seed: 'b' });
    expect(encodeFingerMinutiaeRecord(singleViewRecord(a))).not.toEqual(encodeFingerMinutiaeRecord(singleViewRecord(b)));
    expect(matchMinutiae(a.minutiae, b.minutiae).matched).toBe(true);
  });

  it('matches ISO records through their bytes, scaling by each record’s resolution', () => {
    const impression = captureImpression(fingers[6]!, { quality: 80, seed: 'iso' });
    const at500 = singleViewRecord(impression);
    // The same finger read by a 1000 dpi sensor: coordinates doubled, resolution doubled.
    const at1000 = singleViewRecord({
      ...impression,
      width: 512,
      height: 576,
      resolution: 394,
      minutiae: impression.minutiae.map((m) => ({ ...m, x: 2 * m.x, y: 2 * m.y })),
    });
    const decoded = decodeFingerMinutiaeRecord(encodeFingerMinutiaeRecord(at1000));
    if (!decoded.ok) throw decoded.error;
    expect(matchRecords(decoded.value, at500).score).toBe(100);
    expect(matchRecords(singleViewRecord(captureImpression(fingers[7]!, { quality: 80, seed: 'iso' })), at500).matched).toBe(false);
  });

  it('answers 0 for empty or tiny templates instead of failing', () => {
    expect(matchMinutiae([], fingers[0]!.minutiae)).toMatchObject({ score: 0, matched: false, alignment: null });
    expect(matchMinutiae(fingers[0]!.minutiae.slice(0, 1), fingers[0]!.minutiae)).toMatchObject({ score: 0, matched: false });
    expect(matchMinutiae(fingers[0]!.minutiae.slice(0, 3), fingers[0]!.minutiae.slice(0, 3)).matched).toBe(false);
  });
});
