import { describe, expect, it } from 'vitest';
import { fail, ok, type ServiceStatus } from '../../../electron/contract/index.ts';
import { createSystemdWatchdog, type HealthVerdict, serviceAnswers, watchdogFromEnv } from '../../../electron/host/systemd-watchdog.ts';
import { manualScheduler } from '../support/manual-scheduler.ts';
import { recordingLogger } from '../support/recording-logger.ts';

const self = { pid: 4242, ppid: 4000 };
const unit = { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000' };

describe('watchdog set-up from the environment systemd gives the unit', () => {
  it('pings at half of WATCHDOG_USEC (sd_watchdog_enabled(3))', () => {
    expect(watchdogFromEnv(unit, self)).toEqual({ enabled: true, intervalMs: 30_000 });
  });

  it('is off outside a unit, or in a unit without WatchdogSec=', () => {
    expect(watchdogFromEnv({ WATCHDOG_USEC: '60000000' }, self)).toEqual({ enabled: false, reason: 'no-notify-socket' });
    expect(watchdogFromEnv({ NOTIFY_SOCKET: '/run/systemd/notify' }, self)).toEqual({ enabled: false, reason: 'no-watchdog' });
  });

  it('accepts WATCHDOG_PID naming this process or its parent (cage, the unit’s main process), and no other', () => {
    expect(watchdogFromEnv({ ...unit, WATCHDOG_PID: '4242' }, self)).toMatchObject({ enabled: true });
    expect(watchdogFromEnv({ ...unit, WATCHDOG_PID: '4000' }, self)).toMatchObject({ enabled: true });
    expect(watchdogFromEnv({ ...unit, WATCHDOG_PID: '17' }, self)).toEqual({ enabled: false, reason: 'other-process' });
    expect(watchdogFromEnv({ ...unit, WATCHDOG_PID: 'cage' }, self)).toEqual({ enabled: false, reason: 'other-process' });
  });

  it('treats a malformed WATCHDOG_USEC as no watchdog rather than crashing', () => {
    for (const usec of ['-5', '0', '1e6', ' 60000000', '60s', '999', '99999999999999999999']) {
      expect(watchdogFromEnv({ ...unit, WATCHDOG_USEC: usec }, self)).toEqual({ enabled: false, reason: 'bad-usec' });
    }
  });
});

/** A probe whose answers the test hands out one by one; a probe left unanswered hangs, as a stuck service would. */
function scriptedProbe() {
  const waiting: ((verdict: HealthVerdict) => void)[] = [];
  let calls = 0;
  return {
    probe: () => {
      calls += 1;
      return new Promise<HealthVerdict>((resolve) => waiting.push(resolve));
    },
    answer(verdict: HealthVerdict) {
      const next = waiting.shift();
      if (!next) throw new Error('no probe is waiting');
      next(verdict);
    },
    calls: () => calls,
  };
}

/** Lets the promise chain of a tick run to its end (no timers involved). */
const settle = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

function setup(options: { probeTimeoutMs?: number } = {}) {
  const scheduler = manualScheduler();
  const log = recordingLogger();
  const probe = scriptedProbe();
  const pings: number[] = [];
  let pingOk = true;
  const watchdog = createSystemdWatchdog({
    intervalMs: 30_000,
    scheduler,
    probe: probe.probe,
    ping: () => {
      pings.push(scheduler.now());
      return Promise.resolve({ ok: pingOk });
    },
    log,
    ...options,
  });
  return { scheduler, log, probe, pings, watchdog, failPings: () => (pingOk = false) };
}

describe('systemd watchdog (the fourth rung of the recovery ladder)', () => {
  it('pings right after start and then once per interval while the kiosk answers', async () => {
    const { scheduler, probe, pings, watchdog } = setup();
    watchdog.start();
    probe.answer({ healthy: true });
    await settle();
    expect(pings).toEqual([0]);
    scheduler.advance(29_999);
    expect(probe.calls()).toBe(1);
    scheduler.advance(1);
    probe.answer({ healthy: true });
    await settle();
    expect(pings).toEqual([0, 30_000]);
  });

  it('withholds the ping while the kiosk is unhealthy, warning once, and resumes when it recovers', async () => {
    const { scheduler, probe, pings, watchdog, log } = setup();
    watchdog.start();
    probe.answer({ healthy: false, reason: 'service-silent' });
    await settle();
    scheduler.advance(30_000);
    probe.answer({ healthy: false, reason: 'service-silent' });
    await settle();
    expect(pings).toEqual([]);
    expect(log.lines.filter((l) => l.event === 'watchdog.ping_withheld')).toEqual([
      { level: 'warn', event: 'watchdog.ping_withheld', fields: { reason: 'service-silent' } },
    ]);
    scheduler.advance(30_000);
    probe.answer({ healthy: true });
    await settle();
    expect(pings).toEqual([60_000]);
    expect(log.lines.map((l) => l.event)).toContain('watchdog.healthy_again');
  });

  it('counts a probe that does not answer in time as unhealthy', async () => {
    const { scheduler, pings, watchdog, log } = setup({ probeTimeoutMs: 7_500 });
    watchdog.start();
    scheduler.advance(7_499);
    await settle();
    expect(log.lines.some((l) => l.event === 'watchdog.ping_withheld')).toBe(false);
    scheduler.advance(1);
    await settle();
    expect(pings).toEqual([]);
    expect(log.lines.find((l) => l.event === 'watchdog.ping_withheld')?.fields).toEqual({ reason: 'probe-timeout' });
  });

  it('counts a probe that rejects as unhealthy, without throwing', async () => {
    const scheduler = manualScheduler();
    const log = recordingLogger();
    const pings: number[] = [];
    const watchdog = createSystemdWatchdog({
      intervalMs: 30_000,
      scheduler,
      probe: () => Promise.reject(new Error('link closed')),
      ping: () => (pings.push(1), Promise.resolve({ ok: true })),
      log,
    });
    watchdog.start();
    await settle();
    expect(pings).toEqual([]);
    expect(log.lines.find((l) => l.event === 'watchdog.ping_withheld')?.fields).toEqual({ reason: 'probe-failed' });
  });

  it('stops for good once the recovery ladder gives up, so systemd restarts the unit', async () => {
    const { scheduler, probe, pings, watchdog, log } = setup();
    watchdog.start();
    probe.answer({ healthy: true });
    await settle();
    watchdog.giveUp('relaunch');
    expect(scheduler.pending()).toBe(0);
    scheduler.advance(120_000);
    await settle();
    expect(pings).toEqual([0]);
    expect(probe.calls()).toBe(1);
    expect(log.lines.find((l) => l.event === 'watchdog.given_up')).toMatchObject({ level: 'error', fields: { reason: 'relaunch' } });
    watchdog.start();
    expect(scheduler.pending()).toBe(0);
  });

  it('sends no ping for a probe that answers healthy after the ladder gave up', async () => {
    const { probe, pings, watchdog } = setup();
    watchdog.start();
    watchdog.giveUp('relaunch');
    probe.answer({ healthy: true });
    await settle();
    expect(pings).toEqual([]);
  });

  it('does not pile up probes behind one that hangs', async () => {
    const { scheduler, probe, watchdog } = setup({ probeTimeoutMs: 60_000 });
    watchdog.start();
    scheduler.advance(30_000);
    scheduler.advance(29_000);
    await settle();
    expect(probe.calls()).toBe(1);
  });

  it('logs a ping systemd-notify could not deliver, and keeps going', async () => {
    const { scheduler, probe, pings, watchdog, log, failPings } = setup();
    failPings();
    watchdog.start();
    probe.answer({ healthy: true });
    await settle();
    expect(log.lines.map((l) => l.event)).toContain('watchdog.ping_failed');
    scheduler.advance(30_000);
    probe.answer({ healthy: true });
    await settle();
    expect(pings).toEqual([0, 30_000]);
  });
});

describe('the service probe both hosts use', () => {
  const link = (state: ServiceStatus['state'], answer: ReturnType<typeof ok> | ReturnType<typeof fail>) => {
    const asked: string[] = [];
    return {
      asked,
      status: (): ServiceStatus => ({ state, restarts: 0 }),
      invoke: (command: string) => {
        asked.push(command);
        return Promise.resolve(answer);
      },
    };
  };

  it('is healthy when a running service answers the round trip', async () => {
    const running = link('available', ok({ version: '1.0.0' }));
    expect(await serviceAnswers(running)()).toEqual({ healthy: true });
    expect(running.asked).toEqual(['app.info']);
  });

  it('is unhealthy, with the error code, when a running service fails to answer', async () => {
    expect(await serviceAnswers(link('available', fail('service.unavailable')))()).toEqual({ healthy: false, reason: 'service.unavailable' });
  });

  it('leaves a service that is down to the recovery ladder and asks it nothing', async () => {
    const down = link('unavailable', fail('service.unavailable'));
    expect(await serviceAnswers(down)()).toEqual({ healthy: true });
    expect(down.asked).toEqual([]);
  });
});
