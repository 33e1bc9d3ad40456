import { describe, expect, it } from 'vitest';
import type { SessionStep } from '../../electron/contract/index.ts';
import { idleCollection } from '../../electron/service/idle-collection.ts';

function rig(gcAvailable = true) {
  const timers: { run: () => void; ms: number }[] = [];
  let collections = 0;
  const seen = idleCollection({
    gc: gcAvailable ? () => (collections += 1) : undefined,
    setTimer: (run, ms) => {
      timers.push({ run, ms });
      return {};
    },
  });
  const feed = (...steps: SessionStep[]) => steps.forEach(seen);
  const fire = () => timers.splice(0).forEach((t) => t.run());
  return { feed, fire, timers, collections: () => collections };
}

describe('idle collection', () => {
  it('collects once, after a delay, when a session returns to idle', () => {
    const r = rig();
    r.feed('welcome', 'consent', 'card', 'finger', 'verifying', 'code-printed', 'idle');
    expect(r.collections()).toBe(0);
    expect(r.timers).toHaveLength(1);
    expect(r.timers[0]!.ms).toBeGreaterThan(0);
    r.fire();
    expect(r.collections()).toBe(1);
  });

  it('does not collect for idle snapshots while no session ran (readiness republished at idle)', () => {
    const r = rig();
    r.feed('idle', 'idle', 'idle');
    r.fire();
    expect(r.collections()).toBe(0);
  });

  it('schedules one collection for two sessions that end before it runs', () => {
    const r = rig();
    r.feed('welcome', 'idle', 'welcome', 'idle');
    expect(r.timers).toHaveLength(1);
    r.fire();
    r.feed('welcome', 'idle');
    r.fire();
    expect(r.collections()).toBe(2);
  });

  it('does nothing when V8 exposes no gc (a service started without --expose-gc)', () => {
    const r = rig(false);
    r.feed('welcome', 'idle');
    expect(r.timers).toHaveLength(0);
  });
});
