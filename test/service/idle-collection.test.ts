import { describe, expect, it } from 'vitest';
import type { SessionStep } from '../../electron/contract/index.ts';
import { type ExposedGc, idleCollection } from '../../electron/service/idle-collection.ts';

function rig(gcAvailable = true) {
  const timers: { run: () => void; ms: number }[] = [];
  const collections: string[] = [];
  const gc: ExposedGc = (options) => void collections.push(options?.flavor ?? 'full');
  const seen = idleCollection({
    gc: gcAvailable ? gc : undefined,
    delayMs: 100,
    restMs: 5000,
    setTimer: (run, ms) => {
      timers.push({ run, ms });
      return {};
    },
  });
  const feed = (...steps: SessionStep[]) => steps.forEach(seen);
  /** Fires the timers due within `ms` of the last session's end, in time order. */
  const fire = (upToMs = Infinity) => {
    const due = timers.filter((t) => t.ms <= upToMs).sort((a, b) => a.ms - b.ms);
    for (const t of due) {
      timers.splice(timers.indexOf(t), 1);
      t.run();
    }
  };
  return { feed, fire, timers, collections };
}

describe('idle collection', () => {
  it('collects shortly after a session returns to idle, then once more deeply after a rest', () => {
    const r = rig();
    r.feed('welcome', 'consent', 'card', 'finger', 'verifying', 'code-printed', 'idle');
    expect(r.collections).toEqual([]);
    expect(r.timers.map((t) => t.ms)).toEqual([100, 5000]);
    r.fire(100);
    expect(r.collections).toEqual(['full']);
    r.fire();
    expect(r.collections).toEqual(['full', 'last-resort']);
  });

  it('does not collect for idle snapshots while no session ran (readiness republished at idle)', () => {
    const r = rig();
    r.feed('idle', 'idle', 'idle');
    r.fire();
    expect(r.collections).toEqual([]);
  });

  it('never collects while a citizen is at the kiosk: a session that starts first cancels both', () => {
    const r = rig();
    r.feed('welcome', 'idle', 'welcome', 'consent');
    r.fire();
    expect(r.collections).toEqual([]);
  });

  it('collects for the last of two sessions that ended before the first collection ran', () => {
    const r = rig();
    r.feed('welcome', 'idle', 'welcome', 'idle');
    expect(r.timers).toHaveLength(4);
    r.fire();
    expect(r.collections).toEqual(['full', 'last-resort']);
  });

  it('a session between the quick and the deep collection cancels the deep one', () => {
    const r = rig();
    r.feed('welcome', 'idle');
    r.fire(100);
    r.feed('welcome');
    r.fire();
    expect(r.collections).toEqual(['full']);
  });

  it('does nothing when V8 exposes no gc (a service started without --expose-gc)', () => {
    const r = rig(false);
    r.feed('welcome', 'idle');
    expect(r.timers).toHaveLength(0);
  });
});
