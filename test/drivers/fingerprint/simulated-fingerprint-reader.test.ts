/** The in-process simulated reader's scenarios, on a hand-moved clock. */
import { getEventListeners } from 'node:events';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeviceDisconnected, DeviceTimeout, NoFinger } from '../../../drivers/fingerprint/errors.ts';
import type { ReaderState } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import { SimulatedFingerprintReader, type SimulatedScenario } from '../../../drivers/fingerprint/simulated-fingerprint-reader.ts';
import { conditionOfQuality } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { citizenFingerKey, fingerImage } from '../../../synthetic/fingers/index.ts';
import { ManualScheduler, rejection } from './manual-scheduler.ts';

const [alice] = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
const ALICE = alice!.run.formatted;

/** What an R30x sends of an 8-bit image: 4 bits a pixel, expanded × 17 (reference §1.6). */
function quantised(pixels: Uint8Array): Uint8Array {
  return pixels.map((v) => (v >> 4) * 17);
}

let scheduler: ManualScheduler;
let reader: SimulatedFingerprintReader;
beforeEach(async () => {
  scheduler = new ManualScheduler();
  reader = new SimulatedFingerprintReader({ scheduler });
  await reader.open();
});

const capture = (scenario: SimulatedScenario, options: { timeoutMs?: number; finger?: 2 | 7; signal?: AbortSignal } = {}) => {
  reader.setScenario(scenario);
  return reader.capture({ finger: options.finger ?? 2, timeoutMs: options.timeoutMs ?? 5000, signal: options.signal });
};

describe('SimulatedFingerprintReader', () => {
  it('captures the scenario citizen’s finger as its ridge image in the mapped condition, 4-bit quantised, a new impression each time', async () => {
    const events: string[] = [];
    reader.onFinger((event) => events.push(event));
    const first = await scheduler.run(capture({ finger: { run: ALICE, quality: 75 } }));
    expect(first).toEqual({
      finger: 2,
      image: { width: 256, height: 288, resolutionPpi: 500, pixels: quantised(fingerImage(citizenFingerKey(alice!.run), 2, 1, 'good', '256x288').pixels) },
    });
    const second = await scheduler.run(capture({ finger: { run: ALICE, quality: 75 } }));
    expect(second.image.pixels).toEqual(quantised(fingerImage(citizenFingerKey(alice!.run), 2, 2, 'good', '256x288').pixels));
    expect(second.image.pixels).not.toEqual(first.image.pixels);
    expect(events).toEqual(['present']);
    reader.lift();
    expect(events).toEqual(['present', 'removed']);
  });

  it('places the finger the scenario names, in the condition it names, even when the kiosk asked for another', async () => {
    const result = await scheduler.run(capture({ finger: { run: ALICE, finger: 'left-index', condition: 'wet' } }, { finger: 2 }));
    expect(result.finger).toBe(2);
    expect(result.image.pixels).toEqual(quantised(fingerImage(citizenFingerKey(alice!.run), 7, 1, 'wet', '256x288').pixels));
    expect(result).not.toHaveProperty('template');
  });

  it('waits for a finger that lands later', async () => {
    const started = scheduler.now();
    const result = await scheduler.run(capture({ finger: { run: ALICE }, placeAfterMs: 700 }));
    expect(scheduler.now() - started).toBeGreaterThanOrEqual(700);
    expect(result.image.pixels).toHaveLength(256 * 288);
  });

  it('sees a finger placed during a capture at once, not at the next look', async () => {
    const pending = capture({ finger: null });
    await scheduler.advance(30);
    const placedAt = scheduler.now();
    reader.place({ run: ALICE });
    const result = await scheduler.run(pending);
    expect(scheduler.now()).toBe(placedAt);
    expect(result.image.pixels).toHaveLength(256 * 288);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('maps the dev panel’s poor-quality finger (5) to poor and dry impressions, and 80 to good', () => {
    expect([conditionOfQuality(5, 1), conditionOfQuality(5, 2)].sort()).toEqual(['dry', 'poor']);
    expect(conditionOfQuality(80, 1)).toBe('good');
    expect(conditionOfQuality(95, 1)).toBe('enrollment');
  });

  it('ends in NoFinger at the timeout when nobody places a finger', async () => {
    const started = scheduler.now();
    expect(await rejection(scheduler.run(capture({ finger: null }, { timeoutMs: 1200 })))).toBeInstanceOf(NoFinger);
    expect(scheduler.now() - started).toBe(1200);
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
    expect((await scheduler.run(capture({ finger: { run: ALICE } }))).image.pixels).toHaveLength(256 * 288);
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
