import { describe, expect, it } from 'vitest';
import type { SessionStep } from '../../electron/contract/index.ts';
import { type ExposedGc, idleCollection } from '../../electron/service/idle-collection.ts';

function rig(gcAvailable = true, releaseAvailable = false) {
  const timers: { run: () => void; ms: number }[] = [];
  const collections: string[] = [];
  const gc: ExposedGc = (options) => void collections.push(`${options?.type ?? 'full'} ${options?.flavor ?? 'regular'}`);
  const collection = idleCollection({
    gc: gcAvailable ? gc : undefined,
    ...(releaseAvailable && { releaseFreeHeap: () => collections.push('release') }),
    restMs: 5000,
    setTimer: (run, ms) => {
      timers.push({ run, ms });
      return {};
    },
  });
  const feed = (...steps: SessionStep[]) => steps.forEach((step) => collection.stepSeen(step));
  const fire = () => timers.splice(0).forEach((t) => t.run());
  return { feed, fire, timers, collections, workDone: () => collection.workDone() };
}

describe('idle collection', () => {
  it('runs the last-resort collection once the kiosk has rested after a session', () => {
    const r = rig();
    r.feed('welcome', 'consent', 'card', 'finger', 'verifying', 'code-printed', 'idle');
    expect(r.collections).toEqual([]);
    expect(r.timers.map((t) => t.ms)).toEqual([5000]);
    r.fire();
    expect(r.collections).toEqual(['major last-resort']);
  });

  it('does not collect for idle snapshots while no session ran (readiness republished at idle)', () => {
    const r = rig();
    r.feed('idle', 'idle', 'idle');
    r.fire();
    expect(r.collections).toEqual([]);
  });

  it('never collects while a citizen is at the kiosk: a session that starts before the rest is over cancels it', () => {
    const r = rig();
    r.feed('welcome', 'idle', 'welcome', 'consent');
    r.fire();
    expect(r.collections).toEqual([]);
  });

  it('collects once for two sessions that ended before the first rest was over', () => {
    const r = rig();
    r.feed('welcome', 'idle', 'welcome', 'idle');
    expect(r.timers).toHaveLength(2);
    r.fire();
    expect(r.collections).toEqual(['major last-resort']);
  });

  it('starts the rest again when background work ends while idle, and collects once, after the last of it', () => {
    const r = rig();
    r.feed('welcome', 'consent', 'idle');
    r.workDone();
    r.workDone();
    expect(r.timers).toHaveLength(3);
    r.fire();
    expect(r.collections).toEqual(['major last-resort']);
  });

  it('collects after work done while idle even when no session ran (deliveries left from before a restart)', () => {
    const r = rig();
    r.workDone();
    r.fire();
    expect(r.collections).toEqual(['major last-resort']);
  });

  it('leaves work done during a session to the rest that follows the session', () => {
    const r = rig();
    r.feed('welcome', 'consent');
    r.workDone();
    expect(r.timers).toHaveLength(0);
    r.feed('idle');
    r.fire();
    expect(r.collections).toEqual(['major last-resort']);
  });

  it('a session that starts and ends before a rest is over cancels that rest: only the rest after it collects', () => {
    const r = rig();
    r.workDone();
    r.feed('welcome', 'idle');
    const [first, second] = r.timers;
    first!.run();
    expect(r.collections).toEqual([]);
    second!.run();
    expect(r.collections).toEqual(['major last-resort']);
  });

  it('does nothing when V8 exposes no gc (a service started without --expose-gc)', () => {
    const r = rig(false);
    r.feed('welcome', 'idle');
    r.workDone();
    expect(r.timers).toHaveLength(0);
  });

  it('gives the free C heap back after the collection, in the same rest, and never during a session', () => {
    const r = rig(true, true);
    r.feed('welcome', 'idle');
    r.fire();
    expect(r.collections).toEqual(['major last-resort', 'release']);
    r.feed('welcome', 'idle', 'welcome');
    r.fire();
    expect(r.collections).toEqual(['major last-resort', 'release']);
  });

  it('still releases the free C heap when V8 exposes no gc', () => {
    const r = rig(false, true);
    r.feed('welcome', 'idle');
    r.workDone();
    r.fire();
    expect(r.collections).toEqual(['release']);
  });
});
