import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES, type GoldenDigest, goldenDigest } from './golden/cases.ts';

const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/extraction-golden.json'), 'utf8')) as Record<string, GoldenDigest>;

describe('extraction golden (results pinned bit for bit; golden/write-golden.ts rewrites them)', () => {
  it('covers every case and no other', () => {
    expect(Object.keys(golden).sort()).toEqual(GOLDEN_CASES.map((c) => c.name).sort());
  });

  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))('%s gives the recorded minutiae, quality and intermediates', (name, c) => {
    const expected = golden[name]!;
    const actual = goldenDigest(c.image());
    expect(actual.input, 'the input image changed (the synthetic renderer, not the extractor)').toBe(expected.input);
    expect(actual.result, 'minutiae, quality features or guidance changed').toBe(expected.result);
    expect(actual.intermediates, 'an intermediate array changed').toBe(expected.intermediates);
  });
});
