import { describe, expect, it } from 'vitest';
import { ACTIVITY_REPORT_INTERVAL_MS, createThrottle } from '../../renderer/store/activity-throttle.ts';

function clock(start = 1_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('activity throttle', () => {
  it('reports at most once every 10 s', () => {
    expect(ACTIVITY_REPORT_INTERVAL_MS).toBe(10_000);
  });

  it('lets the first touch through at once', () => {
    const { now } = clock();
    expect(createThrottle(10_000, now)()).toBe(true);
  });

  it('drops touches inside the interval and lets the next one after it through', () => {
    const { now, advance } = clock();
    const gate = createThrottle(10_000, now);
    expect(gate()).toBe(true);
    advance(1);
    expect(gate()).toBe(false);
    advance(9_998);
    expect(gate()).toBe(false);
    advance(1);
    expect(gate()).toBe(true);
  });

  it('measures the interval from the last report, not from the last touch', () => {
    const { now, advance } = clock();
    const gate = createThrottle(10_000, now);
    const allowed: boolean[] = [];
    // A finger held and dragged for 25 s, one event every 100 ms.
    for (let t = 0; t < 25_000; t += 100) {
      allowed.push(gate());
      advance(100);
    }
    expect(allowed.filter(Boolean)).toHaveLength(3);
  });

  it('does not block reports forever if the clock goes backwards', () => {
    const { now, advance } = clock(50_000);
    const gate = createThrottle(10_000, now);
    expect(gate()).toBe(true);
    advance(-30_000);
    expect(gate()).toBe(true);
  });
});
