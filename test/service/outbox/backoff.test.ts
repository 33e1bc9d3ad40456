import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackoffPolicyInvalid, backoffCeilingMs, DEFAULT_BACKOFF, retryDelayMs } from '../../../electron/service/outbox/backoff.ts';
import { seededRandom } from './support/outbox-fixtures.ts';

const policy = { baseMs: 1_000, capMs: 60_000, hardCapMs: 600_000 };
const fixed = (value: number) => () => value;

describe('full-jitter backoff', () => {
  it('draws uniformly in [0, min(cap, base·2^(attempt−1))]', () => {
    expect(retryDelayMs(1, policy, fixed(0))).toBe(0);
    expect(retryDelayMs(1, policy, fixed(0.5))).toBe(500);
    expect(retryDelayMs(1, policy, fixed(0.999_999))).toBe(1_000);
    expect(retryDelayMs(3, policy, fixed(0.5))).toBe(2_000);
    expect(retryDelayMs(7, policy, fixed(0.999_999))).toBe(60_000); // 64 s window, capped at 60 s
    expect(retryDelayMs(10_000, policy, fixed(0.5))).toBe(30_000);
    expect(backoffCeilingMs(Number.POSITIVE_INFINITY, policy)).toBe(1_000);
    expect(backoffCeilingMs(5_000, policy)).toBe(60_000);
  });

  it('takes Retry-After as a floor, still bounded by the hard cap', () => {
    expect(retryDelayMs(1, policy, fixed(0.1), 5_000)).toBe(5_000);
    expect(retryDelayMs(8, policy, fixed(0.9), 5_000)).toBe(54_000);
    expect(retryDelayMs(1, policy, fixed(0.1), 86_400_000)).toBe(600_000);
    expect(retryDelayMs(1, policy, fixed(0.5), Number.NaN)).toBe(500);
    expect(retryDelayMs(1, policy, fixed(0.5), -3)).toBe(500);
  });

  it('stays within [0, cap] without Retry-After and within [0, hard cap] with it (fast-check)', () => {
    const policies = fc
      .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 10_000_000 }))
      .map(([baseMs, extra, hard]) => ({ baseMs, capMs: baseMs + extra, hardCapMs: baseMs + extra + hard }));
    fc.assert(
      fc.property(
        policies,
        fc.integer({ min: -5, max: 5_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 1e9 })),
        (p, attempt, r, retryAfter) => {
          const plain = retryDelayMs(attempt, p, () => r);
          expect(Number.isInteger(plain)).toBe(true);
          expect(plain).toBeGreaterThanOrEqual(0);
          expect(plain).toBeLessThanOrEqual(p.capMs);
          const withHeader = retryDelayMs(attempt, p, () => r, retryAfter ?? undefined);
          expect(withHeader).toBeGreaterThanOrEqual(Math.min(retryAfter ?? 0, p.hardCapMs));
          expect(withHeader).toBeLessThanOrEqual(p.hardCapMs);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('grows in expectation with the attempt until the cap (mean of 4,000 seeded draws, about half the window)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const random = seededRandom(seed);
        const mean = (attempt: number) => {
          let sum = 0;
          for (let i = 0; i < 4_000; i++) sum += retryDelayMs(attempt, policy, random);
          return sum / 4_000;
        };
        const means = [1, 2, 3, 4, 5, 6, 7, 12].map(mean);
        for (let i = 1; i < 6; i++) expect(means[i]!).toBeGreaterThan(means[i - 1]!);
        // Uniform on [0, window]: the mean is within a few percent of window/2.
        expect(means[0]! / 500).toBeGreaterThan(0.9);
        expect(means[0]! / 500).toBeLessThan(1.1);
        expect(means[7]! / 30_000).toBeGreaterThan(0.9);
        expect(means[7]! / 30_000).toBeLessThan(1.1);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses a policy that cannot work', () => {
    expect(() => retryDelayMs(1, { baseMs: -1, capMs: 10 }, Math.random)).toThrow(BackoffPolicyInvalid);
    expect(() => retryDelayMs(1, { baseMs: 10, capMs: 5 }, Math.random)).toThrow(BackoffPolicyInvalid);
    expect(() => retryDelayMs(1, { baseMs: 10, capMs: 50, hardCapMs: 20 }, Math.random)).toThrow(BackoffPolicyInvalid);
    expect(() => retryDelayMs(1, { baseMs: 10, capMs: Number.POSITIVE_INFINITY }, Math.random)).toThrow(BackoffPolicyInvalid);
  });

  it('has the documented defaults: base 1 s, a cap of minutes', () => {
    expect(DEFAULT_BACKOFF.baseMs).toBe(1_000);
    expect(DEFAULT_BACKOFF.capMs).toBeGreaterThanOrEqual(60_000);
  });
});
