import { describe, expect, it } from 'vitest';
import { type MinutiaeExtraction, extractMinutiae, minutiaeRecord } from '../../../../biometrics/fingerprint/extraction/index.ts';
import { decodeFingerMinutiaeRecord, encodeFingerMinutiaeRecord } from '../../../../biometrics/fingerprint/iso-19794-2.ts';
import type { FingerprintImage } from '../../../../biometrics/fingerprint/image.ts';
import { angleDistance, isoAngleToRadians } from '../../../../biometrics/fingerprint/minutia.ts';
import { type Pattern, parallel, render, rings } from '../support/render.ts';

const DEGREE = Math.PI / 180;

function extract(image: FingerprintImage): MinutiaeExtraction {
  const out = extractMinutiae(image);
  if (!out.ok) throw out.error;
  return out.value;
}

describe('minutiae of analytic prints', () => {
  // A phase vortex in straight ridges adds one ridge on the side the ridges run towards: the
  // print shows one ridge ending or one bifurcation there, pointing towards the extra ridge.
  it.each([
    [0, 9],
    [20, 7],
    [45, 9],
    [70, 12],
    [90, 9],
    [135, 7],
    [160, 12],
    [200, 9],
    [250, 7],
    [300, 12],
    [340, 9],
  ])('finds exactly one minutia at a dislocation in ridges running at %i° (period %i px), pointing the known way', (degrees, period) => {
    const spot = { x: 120, y: 150 };
    const found = extract(render(parallel(degrees * DEGREE, period, { dislocation: spot }), { noise: 8, seed: degrees + period })).minutiae;
    expect(found).toHaveLength(1);
    const [m] = found;
    expect(Math.hypot(m!.x - spot.x, m!.y - spot.y)).toBeLessThan(8);
    // Image angles turn clockwise as seen (y down); ISO angles counter-clockwise.
    expect(angleDistance(isoAngleToRadians(m!.angle), -degrees * DEGREE) / DEGREE).toBeLessThan(5);
  });

  it('finds both dislocations of a pair, pointing opposite ways', () => {
    const straight = parallel(0, 9);
    const pattern: Pattern = { phase: (x, y) => straight.phase(x, y) + Math.atan2(y - 100, x - 90) - Math.atan2(y - 190, x - 170) };
    const found = extract(render(pattern, { noise: 6 })).minutiae;
    expect(found).toHaveLength(2);
    const near = (x: number, y: number) => found.find((m) => Math.hypot(m.x - x, m.y - y) < 8);
    expect(near(90, 100)).toBeDefined();
    expect(near(170, 190)).toBeDefined();
    expect(angleDistance(isoAngleToRadians(near(90, 100)!.angle), 0) / DEGREE).toBeLessThan(5);
    expect(angleDistance(isoAngleToRadians(near(170, 190)!.angle), Math.PI) / DEGREE).toBeLessThan(5);
  });

  it.each([10, 25, 40])('invents no minutiae on straight ridges with noise σ = %i grey levels', (noise) => {
    const out = extract(render(parallel(0.7, 9), { noise, seed: noise }));
    expect(out.minutiae).toEqual([]);
    expect(out.guidance).toEqual({ reason: 'ok' });
  });

  it('invents no minutiae on concentric rings away from the innermost ring', () => {
    const found = extract(render(rings(128, 144, 10), { noise: 8 })).minutiae;
    expect(found.filter((m) => Math.hypot(m.x - 128, m.y - 144) > 20)).toEqual([]);
  });

  it('keeps minutiae off the edge of the print', () => {
    const spot = { x: 76, y: 150 };
    const finger = { cx: 128, cy: 144, rx: 80, ry: 120 };
    // The dislocation sits 28 px (three ridges) inside the print edge: found; ridges cut by the edge are not minutiae.
    const found = extract(render(parallel(0, 9, { dislocation: spot }), { finger, noise: 8 })).minutiae;
    expect(found).toHaveLength(1);
    expect(Math.hypot(found[0]!.x - spot.x, found[0]!.y - spot.y)).toBeLessThan(8);
  });

  it('makes a one-view ISO/IEC 19794-2 record that decodes to the same minutiae', () => {
    const extraction = extract(render(parallel(0.3, 9, { dislocation: { x: 128, y: 144 } }), { noise: 8 }));
    const record = minutiaeRecord(extraction, { fingerPosition: 2 });
    const bytes = encodeFingerMinutiaeRecord(record);
    if (!bytes.ok) throw bytes.error;
    const decoded = decodeFingerMinutiaeRecord(bytes.value);
    expect(decoded.ok && decoded.value.views[0]!.minutiae).toEqual(extraction.minutiae);
    expect(decoded.ok && decoded.value).toMatchObject({
      imageWidth: 256,
      imageHeight: 288,
      xResolution: 197,
      yResolution: 197,
      views: [{ fingerPosition: 2, fingerQuality: extraction.quality }],
    });
  });
});
