import { describe, expect, it } from 'vitest';
import { createRecoveryPolicy } from '../../../electron/host/recovery-policy.ts';

describe('recovery policy (the ladder of electron-kiosk.md §1.4)', () => {
  it('reloads a crashed renderer after a back-off that doubles and is capped', () => {
    const policy = createRecoveryPolicy({ baseDelayMs: 500, maxDelayMs: 1500, maxCrashes: 10 });
    const delays = [0, 1, 2, 3].map((i) => policy.onCrash('renderer-gone', i * 1000));
    expect(delays).toEqual([
      { kind: 'reload-renderer', delayMs: 500 },
      { kind: 'reload-renderer', delayMs: 1000 },
      { kind: 'reload-renderer', delayMs: 1500 },
      { kind: 'reload-renderer', delayMs: 1500 },
    ]);
  });

  it('restarts a dead service, backing off independently of renderer crashes', () => {
    const policy = createRecoveryPolicy({ baseDelayMs: 100, maxCrashes: 10 });
    policy.onCrash('renderer-gone', 0);
    expect(policy.onCrash('service-gone', 1)).toEqual({ kind: 'restart-service', delayMs: 100 });
    expect(policy.onCrash('service-gone', 2)).toEqual({ kind: 'restart-service', delayMs: 200 });
  });

  it('gives an unresponsive renderer a grace period before crashing it, without counting it as a crash', () => {
    const policy = createRecoveryPolicy({ unresponsiveGraceMs: 7000, maxCrashes: 1 });
    for (let i = 0; i < 5; i++) expect(policy.onCrash('renderer-unresponsive', i)).toEqual({ kind: 'force-crash-renderer', delayMs: 7000 });
    expect(policy.onCrash('renderer-gone', 10).kind).toBe('reload-renderer');
  });

  it('relaunches the app after too many crashes within the window', () => {
    const policy = createRecoveryPolicy({ maxCrashes: 3, windowMs: 60_000 });
    const kinds = [0, 1, 2, 3].map((i) => policy.onCrash('service-gone', i * 1000).kind);
    expect(kinds).toEqual(['restart-service', 'restart-service', 'restart-service', 'relaunch-app']);
  });

  it('forgets crashes older than the window, and all of them on reset', () => {
    const policy = createRecoveryPolicy({ maxCrashes: 2, windowMs: 60_000, baseDelayMs: 100 });
    policy.onCrash('service-gone', 0);
    policy.onCrash('service-gone', 1000);
    expect(policy.onCrash('service-gone', 120_000)).toEqual({ kind: 'restart-service', delayMs: 100 });
    policy.reset();
    expect(policy.onCrash('service-gone', 120_001)).toEqual({ kind: 'restart-service', delayMs: 100 });
  });

  it('refuses nonsensical options', () => {
    expect(() => createRecoveryPolicy({ maxCrashes: 0 })).toThrow(RangeError);
    expect(() => createRecoveryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
  });
});
