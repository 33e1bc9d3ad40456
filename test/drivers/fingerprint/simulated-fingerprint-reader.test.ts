/** The in-process simulated reader's scenarios, on a hand-moved clock. */
import { getEventListeners } from 'node:events';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeviceDisconnected, DeviceTimeout, NoFinger, PoorQuality } from '../../../drivers/fingerprint/errors.ts';
import type { ReaderState } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import { SimulatedFingerprintReader, type SimulatedScenario } from '../../../drivers/fingerprint/simulated-fingerprint-reader.ts';
import { citizenFinger, extractFeatures, impressionOf } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { decodeFingerMinutiaeRecord, type FingerMinutiaeRecord, MATCH_THRESHOLD, matchRecords } from '../../../synthetic/fingers/index.ts';
import { ManualScheduler, rejection } from './manual-scheduler.ts';

const [alice, bruno] = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
const ALICE = alice!.run.formatted;

function decoded(template: Uint8Array): FingerMinutiaeRecord {
  const result = decodeFingerMinutiaeRecord(template);
  if (!result.ok) throw result.error;
  return result.value;
}

function enrolment(citizen: typeof alice, position: 2 | 7): FingerMinutiaeRecord {
  const extraction = extractFeatures(impressionOf(citizenFinger(citizen!, position), 90, 'enrolment'), position);
  if (!extraction.ok) throw new Error('enrolment failed');
  return decoded(extraction.record);
}

let scheduler: ManualScheduler;
let reader: SimulatedFingerprintReader;
beforeEach(async () => {
  scheduler = new ManualScheduler();
  reader = new SimulatedFingerprintReader({ scheduler });
  await reader.open();
});

const capture = (scenario: SimulatedScenario, options: { timeoutMs?: number; image?: boolean; finger?: 2 | 7; signal?: AbortSignal } = {}) => {
  reader.setScenario(scenario);
  return reader.capture({ finger: options.finger ?? 2, timeoutMs: options.timeoutMs ?? 5000, image: options.image, signal: options.signal });
};

describe('SimulatedFingerprintReader', () => {
  it('captures the scenario citizen’s finger as an ISO record that matches it and not another citizen’s', async () => {
    const events: string[] = [];
    reader.onFinger((event) => events.push(event));
    const result = await scheduler.run(capture({ finger: { run: ALICE, quality: 75 } }));
    expect(result).toMatchObject({ format: 'iso-19794-2-2005', quality: 75, finger: 2 });
    const probe = decoded(result.template);
    expect(probe.views[0]?.fingerPosition).toBe(2);
    expect(matchRecords(probe, enrolment(alice, 2)).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(matchRecords(probe, enrolment(bruno, 2)).score).toBeLessThan(MATCH_THRESHOLD);
    expect(events).toEqual(['present']);
    reader.lift();
    expect(events).toEqual(['present', 'removed']);
  });

  it('places the finger the scenario names, even when the kiosk asked for another (the wrong finger does not match)', async () => {
    const result = await scheduler.run(capture({ finger: { run: ALICE, finger: 'left-index' } }, { finger: 2 }));
    expect(result.finger).toBe(2);
    expect(matchRecords(decoded(result.template), enrolment(alice, 2)).score).toBeLessThan(MATCH_THRESHOLD);
    expect(matchRecords(decoded(result.template), enrolment(alice, 7)).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('waits for a finger that lands later, and returns the image on request', async () => {
    const started = scheduler.now();
    const result = await scheduler.run(capture({ finger: { run: ALICE }, placeAfterMs: 700 }, { image: true }));
    expect(scheduler.now() - started).toBeGreaterThanOrEqual(700);
    expect(result.image).toMatchObject({ width: 256, height: 288 });
    expect(result.image!.pixels).toHaveLength(256 * 288);
  });

  it('ends in NoFinger at the timeout when nobody places a finger', async () => {
    const started = scheduler.now();
    expect(await rejection(scheduler.run(capture({ finger: null }, { timeoutMs: 1200 })))).toBeInstanceOf(NoFinger);
    expect(scheduler.now() - started).toBe(1200);
  });

  it('refuses a poor impression with PoorQuality (0x06), as a module does', async () => {
    const error = await rejection(scheduler.run(capture({ finger: { run: ALICE, quality: 5 } })));
    expect(error).toBeInstanceOf(PoorQuality);
    expect((error as PoorQuality).confirmation).toBe(0x06);
  });

  it('is busy for busyMs before capturing, and ends in DeviceTimeout when busy for longer than the timeout', async () => {
    const states: ReaderState[] = [];
    reader.onState((state) => states.push(state));
    const pending = capture({ finger: { run: ALICE }, busyMs: 800 });
    await scheduler.advance(400);
    expect(reader.state()).toBe('busy');
    await scheduler.run(pending);
    expect(states).toEqual(['busy', 'ready']);
    expect(await rejection(scheduler.run(capture({ finger: { run: ALICE }, busyMs: 8000 }, { timeoutMs: 3000 })))).toBeInstanceOf(DeviceTimeout);
  });

  it('unplugged mid-capture: DeviceDisconnected, not-connected until replugged, then captures again', async () => {
    const error = await rejection(scheduler.run(capture({ finger: null, unplugAfterMs: 300 })));
    expect(error).toBeInstanceOf(DeviceDisconnected);
    expect(reader.state()).toBe('not-connected');
    expect(await rejection(scheduler.run(capture({ finger: { run: ALICE } })))).toBeInstanceOf(DeviceDisconnected);
    reader.replug();
    expect(reader.state()).toBe('ready');
    expect((await scheduler.run(capture({ finger: { run: ALICE } }))).format).toBe('iso-19794-2-2005');
  });

  it('stops at once on abort, with the signal’s reason and no listener left behind', async () => {
    const controller = new AbortController();
    const pending = capture({ finger: null }, { signal: controller.signal });
    await scheduler.advance(250);
    const reason = new Error('cancelled');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(reader.state()).toBe('ready');
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('refuses a RUN no synthetic citizen has, and an unknown finger', () => {
    expect(() => reader.setScenario({ finger: { run: '1-9' } })).toThrow(RangeError);
    expect(() => reader.setScenario({ finger: { run: ALICE, finger: 11 as 2 } })).toThrow(RangeError);
  });

  it('is not-connected while closed, and answers device info and liveness while open', async () => {
    expect(await reader.deviceInfo()).toMatchObject({ driver: 'simulated', packetSizeBytes: 128 });
    expect(await reader.handshake()).toBe(true);
    await reader.close();
    expect(reader.state()).toBe('not-connected');
    await expect(reader.verifyPassword()).rejects.toBeInstanceOf(DeviceDisconnected);
  });
});
