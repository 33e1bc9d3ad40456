import { describe, expect, it } from 'vitest';
import { scratch, scratchBytes } from '../../../../biometrics/fingerprint/extraction/scratch.ts';

describe('scratch buffers', () => {
  it('gives the same buffer back for the same name and image size', () => {
    const a = scratch('test-same', 200, 300, () => new Float32Array(200 * 300));
    a[5] = 7;
    const b = scratch('test-same', 200, 300, () => new Float32Array(200 * 300));
    expect(b).toBe(a);
    expect(b[5]).toBe(7);
  });

  it('keeps shapes of the same length apart, and names apart', () => {
    const wide = scratch('test-shape', 300, 200, () => new Uint8Array(300 * 200));
    const tall = scratch('test-shape', 200, 300, () => new Uint8Array(200 * 300));
    const other = scratch('test-shape-other', 300, 200, () => new Uint8Array(300 * 200));
    expect(tall).not.toBe(wide);
    expect(other).not.toBe(wide);
  });

  it('keeps at most two sizes per name, dropping the one unused longest, so memory does not grow with the images seen', () => {
    const make = (w: number, h: number) => () => new Int32Array(w * h);
    const first = scratch('test-bound', 200, 200, make(200, 200));
    const second = scratch('test-bound', 210, 200, make(210, 200));
    expect(scratch('test-bound', 200, 200, make(200, 200))).toBe(first);
    const before = scratchBytes();
    for (let w = 220; w < 260; w++) scratch('test-bound', w, 200, make(w, 200));
    expect(scratchBytes() - before).toBeLessThanOrEqual(2 * 259 * 200 * 4);
    expect(scratch('test-bound', 200, 200, make(200, 200))).not.toBe(first);
    expect(scratch('test-bound', 210, 200, make(210, 200))).not.toBe(second);
  });
});
