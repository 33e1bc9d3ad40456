/**
 * The capture product is the image (ARCHITECTURE.md, "Fingerprints: images
 * across the wire"): the real serial driver against the byte-level simulator
 * on a socat pty pair, the simulator serving the synthetic ridge image of the
 * placed finger through UpImage. Also the line speed: the driver moves a
 * 57,600-baud module to 115,200 after connecting (SetSysPara 4 = 12, our pty
 * end reconfigured for real, checked with stty; the simulator garbles bytes
 * sent at a speed other than the module's) and puts it back at close.
 * Every wait is bounded; no test measures time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceDisconnected } from '../../../drivers/fingerprint/errors.ts';
import type { R30xDriverOptions } from '../../../drivers/fingerprint/r30x-driver.ts';
import { defaultPopulation } from '../../../synthetic/citizens/index.ts';
import { citizenFingerKey, fingerImage } from '../../../synthetic/fingers/index.ts';
import { BOUND_MS, type DriverRig, driverOnPty, ttySpeed, until } from '../../support/r30x-pty-rig.ts';

const [alice] = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');

let rig: DriverRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function start(options: { moduleBaud: number; hostBaud: number; driver?: Partial<R30xDriverOptions> }): Promise<DriverRig> {
  // The simulator garbles bytes sent while our end's termios disagrees with the module.
  rig = await driverOnPty({ ...options, strictLineSpeed: true });
  return rig;
}

describe('R30x capture product: the image', { timeout: 4 * BOUND_MS }, () => {
  it('UpImage returns the rendered ridge impression of the placed finger, byte for byte after 4-bit quantisation; each capture is a new impression', async () => {
    const { driver, control, simulator } = await start({ moduleBaud: 921_600, hostBaud: 921_600 });
    expect(await control(`place ${alice!.run.formatted} right-index good`)).toMatchObject({ ok: true, condition: 'good' });
    const first = await driver.capture({ finger: 'right-index', timeoutMs: 5000 });
    // Computed apart from the simulator: what synthetic/ renders for this finger, impression 1, `good`.
    const rendered = fingerImage(citizenFingerKey(alice!.run), 2, 1, 'good', '256x288');
    expect(first.image).toMatchObject({ width: 256, height: 288, resolutionPpi: 500 });
    expect(first.image.pixels).toEqual(rendered.pixels.map((v) => (v >> 4) * 17));
    const second = await driver.capture({ finger: 'right-index', timeoutMs: 5000 });
    expect(second.image.pixels).toEqual(fingerImage(citizenFingerKey(alice!.run), 2, 2, 'good', '256x288').pixels.map((v) => (v >> 4) * 17));
    expect(second.image.pixels).not.toEqual(first.image.pixels);
    expect(simulator.module.placedCondition).toBe('good');
  });

  it('maps the dev panel’s numeric qualities to conditions: 80 is good, 5 alternates poor and dry', async () => {
    const { control } = await start({ moduleBaud: 921_600, hostBaud: 921_600 });
    expect(await control(`place ${alice!.run.formatted} right-index 80`)).toMatchObject({ condition: 'good' });
    const poor = [await control(`place ${alice!.run.formatted} right-index 5`), await control(`place ${alice!.run.formatted} right-index 5`)];
    expect(poor.map((reply) => (reply as { condition: string }).condition).sort()).toEqual(['dry', 'poor']);
  });

  it('unplugged mid-UpImage: DeviceDisconnected, no hang, and the next capture after the replug works', async () => {
    const { driver, control, simulator } = await start({ moduleBaud: 57_600, hostBaud: 57_600 });
    await control(`place ${alice!.run.formatted} right-index 80`);
    const capture = driver.capture({ finger: 2, timeoutMs: 5000 });
    capture.catch(() => undefined);
    // VfyPwd, ReadSysPara, GenImg, UpImage: the fourth command starts a 6.4-second data phase at 57,600.
    await until(() => simulator.stats.commands >= 4);
    await control('unplug');
    await expect(capture).rejects.toBeInstanceOf(DeviceDisconnected);
    await control('replug');
    await until(() => driver.state() === 'ready');
    const next = await driver.capture({ finger: 2, timeoutMs: 5000 });
    expect(next.image.pixels).toEqual(simulator.module.imagePixels()!.map((v) => (v >> 4) * 17));
  });
});

describe('R30x line speed: 115,200 while the kiosk runs, the old speed back at close', { timeout: 4 * BOUND_MS }, () => {
  it('moves a 57,600 module to 115,200 after connecting (the module, and our pty end for real), captures, and restores 57,600 at close', async () => {
    const { driver, control, simulator, pair } = await start({ moduleBaud: 57_600, hostBaud: 57_600, driver: { fastBaudRate: 115_200 } });
    expect(simulator.module.baudRate).toBe(115_200);
    expect((await driver.deviceInfo()).baudRate).toBe(115_200);
    expect(ttySpeed(pair.a)).toBe(115_200);
    await control(`place ${alice!.run.formatted} right-index 80`);
    const { image } = await driver.capture({ finger: 2, timeoutMs: 5000 });
    expect(image.pixels).toEqual(simulator.module.imagePixels()!.map((v) => (v >> 4) * 17));
    await driver.close();
    expect(simulator.module.baudRate).toBe(57_600);
    expect(ttySpeed(pair.a)).toBe(57_600);
  });

  it('a module left at 115,200 by a kiosk that died before close(): found there, used, and put back to 57,600 at close', async () => {
    const { driver, simulator, pair } = await start({ moduleBaud: 115_200, hostBaud: 57_600, driver: { fastBaudRate: 115_200 } });
    expect(driver.state()).toBe('ready');
    expect(ttySpeed(pair.a)).toBe(115_200);
    await driver.close();
    expect(simulator.module.baudRate).toBe(57_600);
  });

  it('leaves a module that is already faster alone', async () => {
    const { driver, simulator } = await start({ moduleBaud: 921_600, hostBaud: 921_600, driver: { fastBaudRate: 115_200 } });
    expect((await driver.deviceInfo()).baudRate).toBe(921_600);
    await driver.close();
    expect(simulator.module.baudRate).toBe(921_600);
  });
});
