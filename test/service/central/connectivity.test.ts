/**
 * The online/offline signal on its own, with a scheduler the test drives: it
 * follows the outcomes it is told, probes only while offline and backs off,
 * and the simulated outage switches it without any network.
 */
import { describe, expect, it } from 'vitest';
import {
  CentralBadResponse,
  CentralConnectivity,
  CentralProblem,
  CentralUnavailable,
  type ConnectivitySnapshot,
  type ProbeScheduler,
} from '../../../electron/service/central/index.ts';

function manualScheduler() {
  const pending: { delayMs: number; task: () => void; cancelled: boolean }[] = [];
  const scheduler: ProbeScheduler = {
    schedule(delayMs, task) {
      const entry = { delayMs, task, cancelled: false };
      pending.push(entry);
      return { cancel: () => (entry.cancelled = true) };
    },
  };
  const live = () => pending.filter((p) => !p.cancelled);
  return {
    scheduler,
    delays: () => live().map((p) => p.delayMs),
    /** Runs the due probe (removing it) and lets its promise settle. */
    async runNext() {
      const next = live()[0];
      if (!next) throw new Error('no probe scheduled');
      pending.splice(pending.indexOf(next), 1);
      next.task();
      for (let i = 0; i < 5; i += 1) await Promise.resolve();
    },
  };
}

const problem404 = new CentralProblem(404, { type: 'urn:claveunica-central:problem:unknown_person', title: 't', status: 404, code: 'unknown_person' });

describe('CentralConnectivity', () => {
  it('starts unknown, follows outcomes, and tells listeners about each change', () => {
    const signal = new CentralConnectivity({ scheduler: manualScheduler().scheduler });
    const seen: ConnectivitySnapshot[] = [];
    signal.onChange((s) => seen.push(s));
    expect([signal.state, signal.isOnline()]).toEqual(['unknown', false]);
    signal.recordSuccess();
    signal.recordSuccess();
    signal.recordFailure(problem404); // central answered: still online
    signal.recordFailure(new CentralUnavailable('timeout', { phase: 'connect' }));
    signal.recordFailure(new CentralUnavailable('connection_refused'));
    signal.recordFailure(new CentralUnavailable('aborted')); // says nothing
    signal.recordFailure(new TypeError('not a central error')); // says nothing
    signal.recordFailure(new CentralBadResponse('shape'));
    signal.recordSuccess();
    expect(seen.map((s) => `${s.state}:${s.lastError ?? ''}`)).toEqual([
      'online:',
      'offline:timeout',
      'offline:connection_refused',
      'offline:bad_response',
      'online:',
    ]);
    expect(signal.isOnline()).toBe(true);
  });

  it('5xx means offline', () => {
    const signal = new CentralConnectivity({ scheduler: manualScheduler().scheduler });
    signal.recordFailure(new CentralUnavailable('server_error', { status: 502 }));
    expect(signal.snapshot()).toMatchObject({ state: 'offline', lastError: 'server_error' });
  });

  it('probes only while offline, backing off, and stops once a call succeeds', async () => {
    const clock = manualScheduler();
    const signal = new CentralConnectivity({ scheduler: clock.scheduler, probeIntervalMs: 1_000, maxProbeIntervalMs: 4_000 });
    let centralUp = false;
    let probes = 0;
    signal.setProbe(async () => {
      probes += 1;
      if (centralUp) signal.recordSuccess();
      else signal.recordFailure(new CentralUnavailable('connection_refused'));
    });
    signal.recordSuccess();
    expect(clock.delays()).toEqual([]);
    signal.recordFailure(new CentralUnavailable('timeout', { phase: 'headers' }));
    expect(clock.delays()).toEqual([1_000]);
    signal.recordFailure(new CentralUnavailable('timeout', { phase: 'headers' })); // already scheduled: no second probe
    expect(clock.delays()).toEqual([1_000]);
    await clock.runNext();
    expect(clock.delays()).toEqual([2_000]);
    await clock.runNext();
    await clock.runNext();
    expect(clock.delays()).toEqual([4_000]);
    centralUp = true;
    await clock.runNext();
    expect([signal.state, probes, clock.delays()]).toEqual(['online', 4, []]);
    // A real call's success cancels a pending probe.
    signal.recordFailure(new CentralUnavailable('dns'));
    expect(clock.delays()).toEqual([1_000]);
    signal.recordSuccess();
    expect(clock.delays()).toEqual([]);
  });

  it('a simulated outage goes offline at once; ending it probes immediately', async () => {
    const clock = manualScheduler();
    const signal = new CentralConnectivity({ scheduler: clock.scheduler, probeIntervalMs: 10_000 });
    signal.setProbe(async () => {
      if (signal.outageSimulated) signal.recordFailure(new CentralUnavailable('simulated'));
      else signal.recordSuccess();
    });
    signal.recordSuccess();
    const seen: string[] = [];
    signal.onChange((s) => seen.push(`${s.state}:${s.lastError ?? ''}:${s.outageSimulated}`));
    signal.simulateOutage(true);
    expect(signal.snapshot()).toMatchObject({ state: 'offline', lastError: 'simulated', outageSimulated: true });
    expect(clock.delays()).toEqual([10_000]);
    signal.simulateOutage(false);
    expect(clock.delays()).toEqual([0]);
    await clock.runNext();
    expect(signal.isOnline()).toBe(true);
    expect(seen).toEqual(['offline:simulated:true', 'offline:simulated:false', 'online::false']);
  });

  it('a listener that throws does not stop the others; unsubscribing and closing stop notifications and probes', () => {
    const clock = manualScheduler();
    const signal = new CentralConnectivity({ scheduler: clock.scheduler });
    signal.setProbe(async () => undefined);
    let calls = 0;
    signal.onChange(() => {
      throw new Error('broken listener');
    });
    const stop = signal.onChange(() => (calls += 1));
    signal.recordSuccess();
    expect(calls).toBe(1);
    stop();
    signal.recordFailure(new CentralUnavailable('dns'));
    expect(calls).toBe(1);
    signal.close();
    expect(clock.delays()).toEqual([]);
  });
});
