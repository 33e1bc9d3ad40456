/**
 * The real serial driver (R30xDriver over SerialTransport) against the
 * byte-level simulator on a real pty pair made by socat (test/support/pty.ts):
 * probe, capture of a synthetic citizen's finger, image upload at two packet
 * sizes, unplug mid-capture and recovery, garbage on the line, a baud change
 * and the watchdog. Most tests run the simulated line at 921,600 baud to keep
 * the suite quick; the baud change starts at the module's 57,600. Every wait
 * is bounded; no test measures time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceDisconnected } from '../../../drivers/fingerprint/errors.ts';
import type { ReaderState } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import type { R30xDriver, R30xDriverOptions } from '../../../drivers/fingerprint/r30x-driver.ts';
import { citizenFinger, extractFeatures, impressionOf } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { decodeFingerMinutiaeRecord, type FingerMinutiaeRecord, MATCH_THRESHOLD, matchRecords } from '../../../synthetic/fingers/index.ts';
import { BOUND_MS, type DriverRig, driverOnPty, quantised, until } from '../../support/r30x-pty-rig.ts';

const FAST_BAUD = 921_600;
const [alice, bruno] = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');

let rig: DriverRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function start(baudRate = FAST_BAUD, options: Partial<R30xDriverOptions> = {}): Promise<DriverRig> {
  rig = await driverOnPty({ moduleBaud: baudRate, driver: options });
  return rig;
}

function nextState(driver: R30xDriver, wanted: ReaderState): Promise<void> {
  if (driver.state() === wanted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`state stayed ${driver.state()}, never ${wanted}, within ${BOUND_MS} ms`));
    }, BOUND_MS);
    const off = driver.onState((state) => {
      if (state !== wanted) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

function record(template: Uint8Array): FingerMinutiaeRecord {
  const decoded = decodeFingerMinutiaeRecord(template);
  if (!decoded.ok) throw decoded.error;
  return decoded.value;
}

/** An enrolment of the citizen's finger made apart from the simulator, as the central sandbox would hold it. */
function enrolment(citizen: typeof alice, position: 2 | 7): FingerMinutiaeRecord {
  const extraction = extractFeatures(impressionOf(citizenFinger(citizen!, position), 90, 'enrolment'), position);
  if (!extraction.ok) throw new Error('enrolment extraction failed');
  return record(extraction.record);
}

describe('R30xDriver over a pty against the byte-level simulator', { timeout: 4 * BOUND_MS }, () => {
  it('probes the module: VfyPwd, ReadSysPara and HandShake', async () => {
    const { driver } = await start();
    expect(driver.state()).toBe('ready');
    expect(await driver.deviceInfo()).toMatchObject({
      driver: 'r30x-serial',
      libraryCapacity: 162,
      securityLevel: 3,
      packetSizeBytes: 128,
      baudRate: FAST_BAUD,
    });
    await driver.verifyPassword();
    expect(await driver.handshake()).toBe(true);
  });

  it('the module’s own template (technician’s uploadTemplate) of a placed synthetic finger matches that finger and not another citizen’s', async () => {
    const { driver, control } = await start();
    const events: string[] = [];
    driver.onFinger((event) => events.push(event));
    expect(await control(`place ${alice!.run.formatted} right-index 85`)).toMatchObject({ ok: true });
    const capture = await driver.capture({ finger: 'right-index', timeoutMs: 5000 });
    expect(capture).toMatchObject({ finger: 2, image: { width: 256, height: 288, resolutionPpi: 500 } });
    expect(capture).not.toHaveProperty('template');
    const uploaded = await driver.uploadTemplate(2);
    expect(uploaded).toMatchObject({ format: 'iso-19794-2-2005', quality: 85 });
    const probe = record(uploaded.template);
    expect(probe.views[0]?.fingerPosition).toBe(2);
    expect(matchRecords(probe, enrolment(alice, 2)).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(matchRecords(probe, enrolment(bruno, 2)).score).toBeLessThan(MATCH_THRESHOLD);
    expect(matchRecords(probe, enrolment(alice, 7)).score).toBeLessThan(MATCH_THRESHOLD);
    expect(events).toEqual(['present']);
  });

  it.each([64, 256] as const)('uploads the image in %i-byte packets after SetSysPara, pixel for pixel', async (size) => {
    const { driver, control, simulator } = await start();
    expect((await driver.setPacketSize(size)).packetSizeBytes).toBe(size);
    expect(simulator.module.packetSizeBytes).toBe(size);
    await control(`place ${bruno!.run.formatted} left-index 70`);
    const { image } = await driver.capture({ finger: 'left-index', timeoutMs: 5000 });
    const sent = simulator.module.imagePixels()!;
    expect(image).toMatchObject({ width: 256, height: 288 });
    // The wire carries 4 bits a pixel (reference §1.6): what arrives is the high nibble × 17.
    expect(image.pixels).toEqual(sent.map((v) => (v >> 4) * 17));
  });

  it('unplugged mid-capture: DeviceDisconnected (not NoFinger), not-connected, and ready again after the replug', async () => {
    const { driver, control, simulator } = await start();
    const capture = driver.capture({ finger: 2, timeoutMs: 10_000 });
    capture.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 250)); // a few GenImg polls with no finger
    expect(await control('unplug')).toEqual({ ok: true, command: 'unplug' });
    await expect(capture).rejects.toBeInstanceOf(DeviceDisconnected);
    await nextState(driver, 'not-connected');
    await expect(driver.capture({ finger: 2, timeoutMs: 1000 })).rejects.toBeInstanceOf(DeviceDisconnected);
    expect(await control('replug')).toEqual({ ok: true, command: 'replug' });
    await nextState(driver, 'ready');
    await control(`place ${alice!.run.formatted} right-index 90`);
    expect((await driver.capture({ finger: 2, timeoutMs: 5000 })).image.pixels).toEqual(quantised(simulator.module.imagePixels()!));
  });

  it('an image upload cut short by an unplug: DeviceDisconnected, and the next capture after the replug works', async () => {
    const { driver, control, simulator } = await start(115_200);
    await control(`place ${alice!.run.formatted} right-index 80`);
    const capture = driver.capture({ finger: 2, timeoutMs: 5000 });
    capture.catch(() => undefined);
    // VfyPwd, ReadSysPara, GenImg, UpImage: the fourth command starts a 3-second data phase.
    await until(() => simulator.stats.commands >= 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await control('unplug');
    await expect(capture).rejects.toBeInstanceOf(DeviceDisconnected);
    await control('replug');
    await nextState(driver, 'ready');
    expect((await driver.capture({ finger: 2, timeoutMs: 5000 })).image.pixels).toEqual(quantised(simulator.module.imagePixels()!));
  });

  it('skips garbage on the line, between replies and while polling', async () => {
    const { driver, control, simulator } = await start();
    await control('garbage 3000');
    const capture = driver.capture({ finger: 2, timeoutMs: 5000 });
    await control('garbage 500');
    await control(`place ${alice!.run.formatted} right-index 80`);
    await control('garbage 500');
    expect((await capture).image.pixels).toEqual(quantised(simulator.module.imagePixels()!));
    expect(driver.lineStats.noiseBytes).toBeGreaterThanOrEqual(3500);
    expect(await driver.deviceInfo()).toMatchObject({ packetSizeBytes: 128 });
  });

  it('changes the line from 57,600 to 115,200 baud: the module after its ACK, the port after it, and captures go on', async () => {
    const { driver, control, simulator } = await start(57_600);
    expect((await driver.deviceInfo()).baudRate).toBe(57_600);
    expect((await driver.setBaudRate(115_200)).baudRate).toBe(115_200);
    expect(simulator.module.baudRate).toBe(115_200);
    await control(`place ${alice!.run.formatted} right-index 80`);
    expect((await driver.capture({ finger: 2, timeoutMs: 5000 })).image.pixels).toEqual(quantised(simulator.module.imagePixels()!));
  });

  it('the watchdog resets a module that stops answering (close, reopen, VfyPwd, ReadSysPara) and it works again', async () => {
    const { driver, control, simulator } = await start(FAST_BAUD, { replyTimeoutMs: 200, watchdogTimeouts: 2 });
    await control('delay 1500');
    const states: ReaderState[] = [];
    driver.onState((state) => states.push(state));
    for (let i = 0; i < 2; i++) await expect(driver.deviceInfo()).rejects.toMatchObject({ name: 'DeviceTimeout' });
    await nextState(driver, 'needs-attention');
    await control('delay 0');
    await nextState(driver, 'ready');
    expect(states).toContain('needs-attention');
    await control(`place ${alice!.run.formatted} right-index 80`);
    expect((await driver.capture({ finger: 2, timeoutMs: 5000 })).image.pixels).toEqual(quantised(simulator.module.imagePixels()!));
  });
});
