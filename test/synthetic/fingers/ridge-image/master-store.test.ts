import { describe, expect, it } from 'vitest';
import type { FingerPosition } from '../../../../common/fingers.ts';
import { generateFinger } from '../../../../synthetic/fingers/finger-generator.ts';
import { fingerImage, masterCacheFootprint, masterPrint, renderImpression, renderMasterPrint } from '../../../../synthetic/fingers/ridge-image/index.ts';
import { expandField, expandMaster, storeMaster } from '../../../../synthetic/fingers/ridge-image/master-store.ts';

const masters = Array.from({ length: 3 }, (_, k) => renderMasterPrint(generateFinger(`master-store-${k}`, (((3 * k) % 10) + 1) as FingerPosition)));
const renderedBytes = (m: (typeof masters)[number]) => m.pixels.byteLength + m.field.byteLength + m.mask.byteLength;

describe('master store', () => {
  it('gives back the very master it stored: every pixel, field value, mask bit and minutia', () => {
    for (const master of masters) {
      const stored = storeMaster(master)!;
      const expanded = expandMaster(stored);
      expect(Buffer.from(expanded.field.buffer).equals(Buffer.from(master.field.buffer))).toBe(true);
      expect(Buffer.from(expanded.pixels).equals(Buffer.from(master.pixels))).toBe(true);
      expect(Buffer.from(expanded.mask).equals(Buffer.from(master.mask))).toBe(true);
      expect(expanded).toEqual(master);
      expect(Buffer.from(expandField(stored).buffer).equals(Buffer.from(master.field.buffer))).toBe(true);
    }
  });

  it('keeps a master in under a quarter of its rendered bytes', () => {
    for (const master of masters) expect(storeMaster(master)!.bytes).toBeLessThan(renderedBytes(master) / 4);
  });

  it('refuses a master with ink off the finger, which its codes could not give back', () => {
    const master = masters[0]!;
    const field = Float32Array.from(master.field);
    const off = master.mask.indexOf(0);
    field[off] = 0.25;
    expect(storeMaster({ ...master, field })).toBeUndefined();
  });
});

describe('masterPrint (the cached master)', () => {
  it('is bit for bit a fresh render, on the first call and from the cache', () => {
    const before = masterCacheFootprint().entries;
    const first = masterPrint('master-store-0', 1);
    const again = masterPrint('master-store-0', 1);
    expect(masterCacheFootprint().entries).toBe(before + 1);
    expect(again).not.toBe(first);
    expect(again).toEqual(masters[0]);
    expect(first).toEqual(masters[0]);
  });

  it('renders impressions from the cached field exactly as from a fresh master', () => {
    const fresh = renderImpression(masters[2]!, { index: 5, quality: 'good', size: '256x288' });
    masterPrint('master-store-2', 7);
    expect(fingerImage('master-store-2', 7, 5, 'good', '256x288')).toEqual(fresh);
  });

  it('counts the compact size of what it holds', () => {
    masterPrint('master-store-1', 4);
    const { entries, bytes } = masterCacheFootprint();
    expect(entries).toBeGreaterThanOrEqual(1);
    expect(bytes).toBeLessThan((entries * renderedBytes(masters[1]!)) / 4);
  });
});
