import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfUp } from '../../../../biometrics/fingerprint/extraction/frequency.ts';

/** Math.round with −0 read as 0, which is how a pixel index uses it. */
const reference = (v: number): number => Math.round(v) + 0;

/** The double `steps` units in the last place away from v (v > 0). */
function ulpsAway(v: number, steps: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  view.setBigInt64(0, view.getBigInt64(0) + BigInt(steps));
  return view.getFloat64(0);
}

describe('roundHalfUp (the x-signature’s coordinate rounding)', () => {
  it('agrees with Math.round on halves, both sides of zero, and the double just below one half', () => {
    const values = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 255.5, 4503599627370495.5, -4503599627370495.5];
    for (const v of values) expect(roundHalfUp(v), String(v)).toBe(reference(v));
  });

  it('agrees with Math.round within a few ulps of every half-integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2048, max: 2048 }), fc.integer({ min: -4, max: 4 }), (n, steps) => {
        const half = n + 0.5;
        const v = half > 0 ? ulpsAway(half, steps) : -ulpsAway(-half, steps);
        return roundHalfUp(v) === reference(v);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with Math.round on arbitrary doubles below 2^52', () => {
    fc.assert(
      fc.property(fc.double({ min: -(2 ** 52), max: 2 ** 52, noNaN: true }), (v) => roundHalfUp(v) === reference(v)),
      { numRuns: 20000 },
    );
  });
});
