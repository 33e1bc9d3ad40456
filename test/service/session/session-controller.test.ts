import { describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../../electron/contract/index.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../../electron/service/config/service-config.ts';
import { type Clock, SessionController } from '../../../electron/service/session/session-controller.ts';

/** A clock whose time moves only when the test says so. */
function manualClock(start = 1_000_000) {
  let now = start;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.fn();
  };
  return { clock, advance, pending: () => timers.length };
}

describe('session controller', () => {
  it('wipes an abandoned session when the idle deadline passes, and publishes it', () => {
    const { clock, advance } = manualClock();
    const published: SessionSnapshot[] = [];
    const controller = new SessionController(DEFAULT_SERVICE_CONFIG, clock, () => crypto.randomUUID(), (s) => published.push(s));
    controller.start('en');
    advance(119_000);
    expect(controller.snapshot().step).toBe('welcome');
    advance(1_000);
    expect(controller.snapshot()).toMatchObject({ step: 'idle', language: 'es-CL' });
    expect(published.map((s) => s.step)).toEqual(['welcome', 'idle']);
  });

  it('keeps a session alive while the citizen keeps touching', () => {
    const { clock, advance } = manualClock();
    const controller = new SessionController(DEFAULT_SERVICE_CONFIG, clock, () => crypto.randomUUID(), () => {});
    controller.start(undefined);
    for (let i = 0; i < 10; i++) {
      advance(100_000);
      controller.apply({ type: 'event', event: { type: 'activity' } });
    }
    expect(controller.snapshot().step).toBe('welcome');
  });

  it('leaves no timer behind after cancel or close', () => {
    const { clock, pending } = manualClock();
    const controller = new SessionController(DEFAULT_SERVICE_CONFIG, clock, () => crypto.randomUUID(), () => {});
    controller.start(undefined);
    expect(pending()).toBe(1);
    controller.apply({ type: 'cancel' });
    expect(pending()).toBe(0);
    controller.start(undefined);
    controller.close();
    expect(pending()).toBe(0);
  });
});
