/**
 * Technician mode's device screen in the service: what is plugged in (with
 * the catalogue's suggestion), and tests through the drivers the service
 * holds — here the in-process simulated devices, driven as a developer does
 * with the dev.* commands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIMULATED_DEVICES } from '../../../electron/service/config/device-config.ts';
import { KNOWN_USB_IDS, suggestDriver } from '../../../electron/service/maintenance/device-catalogue.ts';
import { listPluggedDevices } from '../../../electron/service/maintenance/plugged-devices.ts';
import { KIOSK_MIN_QUALITY } from '../../../electron/service/session/finger-images.ts';
import { generatePopulation } from '../../../synthetic/index.ts';
import { maskBirthDate, maskCardSerial, maskName } from '../../../common/card-mask.ts';
import { maskRun } from '../../../common/run-mask.ts';
import { removeTempDirs, startTestKiosk, type TestKiosk, openTechnicianMode } from './support.ts';

afterAll(removeTempDirs);

const PIN = '480159';
const citizen = generatePopulation().citizens.find((c) => c.scenario === 'ok')!;

/**
 * Presents cards until the test that waits for one has answered: a card shown
 * before it listens is not seen, and the reader reports a card left on it
 * only once, so each try is another citizen's card. Returns the RUNs shown.
 */
async function presentCardUntil(kiosk: TestKiosk, pending: Promise<unknown>): Promise<string[]> {
  let answered = false;
  void pending.then(() => (answered = true));
  const people = generatePopulation().citizens.filter((c) => c.scenario === 'ok');
  const shown: string[] = [];
  for (let i = 0; i < 50 && !answered; i++) {
    const run = people[i % people.length]!.run.formatted;
    shown.push(run);
    await kiosk.call('dev.insertCard', { run, format: 'both' });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(answered).toBe(true);
  return shown;
}

async function openWithSimulatedDevices(): Promise<TestKiosk> {
  const kiosk = startTestKiosk({ config: { devices: SIMULATED_DEVICES }, technician: { deviceTestMs: 3000 } });
  await openTechnicianMode(kiosk, PIN);
  await expect
    .poll(async () => Object.values((await kiosk.call<{ roles: Record<string, { state: string }> }>('devices.status')).value!.roles).map((r) => r.state), {
      timeout: 15_000,
    })
    .toEqual(['ready', 'ready', 'ready']);
  return kiosk;
}

describe('the device catalogue', () => {
  it('knows the USB-serial bridges and the CP2110 by their ids, and says where each id comes from', () => {
    expect(KNOWN_USB_IDS.map((e) => `${e.vendorId.toString(16).padStart(4, '0')}:${e.productId.toString(16).padStart(4, '0')}`)).toEqual([
      '10c4:ea60',
      '1a86:7523',
      '0403:6001',
      '10c4:ea80',
    ]);
    for (const entry of KNOWN_USB_IDS) expect(entry.source.length).toBeGreaterThan(20);
  });

  it('suggests each role behind a USB-serial bridge with its usual speed, preferring the stable by-id path', () => {
    const suggestion = suggestDriver({
      kind: 'serial',
      path: '/dev/ttyUSB0',
      stablePath: '/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0',
      vendorId: 0x10c4,
      productId: 0xea60,
    });
    expect(suggestion?.name).toContain('CP210x');
    expect(suggestion?.roles.map((r) => `${r.role} ${r.assignment}`)).toEqual([
      'fingerprint serial:/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0@57600',
      'cardReader serial:/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0@9600',
      'printer serial:/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00-port0@9600',
    ]);
  });

  it('suggests the fingerprint reader for a CP2110, the card reader for a HID POS scanner, the printer for a usblp file, and nothing for the unknown', () => {
    expect(suggestDriver({ kind: 'hid', path: '/dev/hidraw0', vendorId: 0x10c4, productId: 0xea80, usagePage: 0xff00 })?.roles).toEqual([
      expect.objectContaining({ role: 'fingerprint', assignment: 'hid:10c4:ea80@57600' }),
    ]);
    expect(suggestDriver({ kind: 'hid', path: '/dev/hidraw1', vendorId: 0x1eab, productId: 0x0d10, usagePage: 0x8c })?.roles).toEqual([
      expect.objectContaining({ role: 'cardReader', assignment: 'hid:1eab:0d10' }),
    ]);
    expect(suggestDriver({ kind: 'printer-file', path: '/dev/usb/lp0', vendorId: null, productId: null })?.roles).toEqual([
      expect.objectContaining({ role: 'printer', assignment: 'file:/dev/usb/lp0' }),
    ]);
    expect(suggestDriver({ kind: 'serial', path: '/dev/ttyS0', vendorId: null, productId: null })).toBeNull();
    // A CP2110 id seen as a serial port is not the HID bridge.
    expect(suggestDriver({ kind: 'serial', path: '/dev/ttyUSB3', vendorId: 0x10c4, productId: 0xea80 })).toBeNull();
  });

  it('lists serial ports (USB id, maker, serial number), HID devices (usage page and usage) and USB printers, and reports a listing that failed', async () => {
    const listed = await listPluggedDevices({
      serial: async () => [
        {
          path: '/dev/ttyUSB0',
          vendorId: 0x1a86,
          productId: 0x7523,
          manufacturer: 'wch.cn',
          serialNumber: undefined,
          stablePath: '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0',
        },
      ],
      hid: async () => {
        throw new Error('hidraw backend unavailable');
      },
      printerFiles: () => ['/dev/usb/lp0'],
    });
    expect(listed.problems).toEqual(['HID devices: hidraw backend unavailable']);
    expect(listed.devices).toEqual([
      expect.objectContaining({
        kind: 'serial',
        path: '/dev/ttyUSB0',
        stablePath: '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0',
        vendorId: 0x1a86,
        productId: 0x7523,
        manufacturer: 'wch.cn',
        serialNumber: null,
        suggestion: expect.objectContaining({ name: 'WCH CH340 USB-serial bridge' }),
      }),
      expect.objectContaining({
        kind: 'printer-file',
        path: '/dev/usb/lp0',
        suggestion: expect.objectContaining({ roles: [expect.objectContaining({ role: 'printer' })] }),
      }),
    ]);
    const hid = await listPluggedDevices({
      serial: async () => [],
      hid: async () => [
        { vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 0x02, manufacturer: 'Honeywell', product: 'Scanner', path: '/dev/hidraw2' },
      ],
      printerFiles: () => [],
    });
    expect(hid.devices[0]).toMatchObject({
      kind: 'hid',
      usagePage: 0x8c,
      usage: 0x02,
      product: 'Scanner',
      suggestion: { roles: [{ role: 'cardReader', assignment: 'hid:0c2e:0b61' }] },
    });
  });
});

describe('testing devices in technician mode', () => {
  it('captures a finger and answers with its quality and its 8-bit image', async () => {
    const kiosk = await openWithSimulatedDevices();
    expect(await kiosk.call('dev.placeFinger', { run: citizen.run.formatted, finger: 'right-index', quality: 85 })).toMatchObject({ ok: true });
    const result = await kiosk.call<{ outcome: string; quality: number; image: { width: number; height: number; pixelsBase64: string } }>(
      'technician.testFingerprint',
    );
    // Readers deliver images now, no template; the quality is the kiosk's own score of the image.
    expect(result).toMatchObject({ ok: true, value: { outcome: 'pass', templateFormat: 'none' } });
    const { quality, image } = result.value!;
    // Quality 85 places a `good` impression: one the session would send to central.
    expect(quality).toBeGreaterThanOrEqual(KIOSK_MIN_QUALITY);
    expect(quality).toBeLessThanOrEqual(100);
    expect(Buffer.from(image.pixelsBase64, 'base64')).toHaveLength(image.width * image.height);
    expect(kiosk.audit().at(-1)).toMatchObject({ type: 'technician.device_tested', outcome: 'ok', detail: { role: 'fingerprint', result: 'pass' } });
    await kiosk.close();
  });

  it('says plainly when no finger came, and what to do', async () => {
    const kiosk = startTestKiosk({ config: { devices: SIMULATED_DEVICES }, technician: { deviceTestMs: 300 } });
    await openTechnicianMode(kiosk, PIN);
    await expect
      .poll(async () => (await kiosk.call<{ roles: { fingerprint: { state: string } } }>('devices.status')).value!.roles.fingerprint.state, { timeout: 15_000 })
      .toBe('ready');
    expect(await kiosk.call('technician.testFingerprint')).toMatchObject({
      ok: true,
      value: { outcome: 'fail', code: 'fingerprint.no_finger', message: { key: 'fingerNone' }, advice: { key: 'pressFinger' } },
    });
    expect(kiosk.audit().at(-1)).toMatchObject({ type: 'technician.device_tested', outcome: 'fingerprint.no_finger' });
    await kiosk.close();
  });

  it('reads a card and shows the parsed fields with the RUN, names, birth date and card number masked; nothing of it is logged or recorded', async () => {
    const kiosk = await openWithSimulatedDevices();
    const pending = kiosk.call<{ outcome: string; card: Record<string, string> }>('technician.testCardReader');
    const shown = await presentCardUntil(kiosk, pending);
    const result = await pending;
    expect(result).toMatchObject({
      ok: true,
      value: { outcome: 'pass', card: { documentType: expect.stringMatching(/^CEDULA/), expiryDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } },
    });
    const { card } = result.value!;
    expect(card.runMasked).toMatch(/^\d{1,2}\.\d{3}\.\*\*\*-[\dK]$/);
    expect(card.serialMasked).toMatch(/^\*{6}[0-9A-Z]{3}$/);
    expect(card.birthDateMasked).toMatch(/^\d{4}-\*\*-\*\*$/);
    for (const name of [card.surnamesMasked, card.givenNamesMasked]) expect(name).toMatch(/^\S\**( \S\**)*$/u);
    // The card that answered is one of those presented: its masked fields are exactly these.
    const people = generatePopulation().citizens.filter((c) => shown.includes(c.run.formatted));
    const holder = people.find((c) => maskCardSerial(c.serial) === card.serialMasked && maskRun(c.run.formatted) === card.runMasked);
    expect(holder).toBeDefined();
    expect(card.birthDateMasked).toBe(maskBirthDate(holder!.birthDate));
    expect(card.surnamesMasked).toBe(maskName(holder!.surnames.join(' ')));
    const answer = JSON.stringify(result);
    const trail = JSON.stringify(kiosk.audit()) + kiosk.logLines.join('');
    for (const person of people) {
      for (const clear of [person.run.formatted, person.serial, person.birthDate, ...person.givenNames, ...person.surnames].filter((text) => text.length > 2)) {
        expect(answer).not.toContain(clear);
        expect(trail).not.toContain(clear);
      }
    }
    await kiosk.close();
  });

  it('prints the test receipt on the printer and reports a printer fault with what to do', async () => {
    const kiosk = await openWithSimulatedDevices();
    expect(await kiosk.call('technician.testPrinter')).toMatchObject({ ok: true, value: { outcome: 'pass', bytesSent: expect.any(Number) } });
    const out = join(kiosk.dataDir, 'simulated-printer');
    // The simulated printer writes its transcript just after the job; wait for the content, not only the file.
    const transcript = () => {
      const name = readdirSync(out).find((f) => f.endsWith('.txt'));
      return name === undefined ? '' : readFileSync(join(out, name), 'utf8');
    };
    await expect.poll(transcript).toContain('dev-kiosk-01');
    expect(readdirSync(out).filter((f) => f.endsWith('.txt'))).toHaveLength(1);

    await kiosk.call('dev.printerFault', { fault: 'paperOut', on: true });
    expect(await kiosk.call('technician.testPrinter')).toMatchObject({
      ok: true,
      value: { outcome: 'fail', code: 'printer.paper_out', advice: { key: 'loadPaper' } },
    });
    expect(await kiosk.call('technician.probeDevice', { role: 'printer' })).toMatchObject({ ok: true, value: { status: 'fail' } });
    await kiosk.close();
  });

  it('runs one device operation at a time', async () => {
    const kiosk = await openWithSimulatedDevices();
    const first = kiosk.call('technician.testCardReader');
    expect(await kiosk.call('technician.testPrinter')).toMatchObject({ ok: false, error: { code: 'technician.busy' } });
    await presentCardUntil(kiosk, first);
    expect(await first).toMatchObject({ ok: true, value: { outcome: 'pass' } });
    await kiosk.close();
  });
});
