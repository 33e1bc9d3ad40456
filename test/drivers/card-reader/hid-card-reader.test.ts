import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HidCardReader } from '../../../drivers/card-reader/hid-card-reader.ts';
import type { HidDeviceLike } from '../../../drivers/transport/hid-device.ts';
import { HidPosScanner } from '../../../drivers/transport/hid-pos-scanner.ts';
import { renderMrz } from '../../../synthetic/citizens/index.ts';
import { TODAY, citizenWhere, qrOf } from './fixtures.ts';
import { ManualClock, record } from './reader-support.ts';

/**
 * A scanned-data input report exactly as the reference lays it out for
 * Honeywell/Youjie in HID POS mode (§2.1): report ID 0x02, then 63 bytes:
 * [0] data length, [1–3] AIM id, [4…] up to 56 data bytes, [60] Code ID,
 * [62] non-zero when more reports follow. Built by hand, not with the
 * transport's encoder, so the test checks the layout against the reference.
 */
function report(data: string, options: { aim?: string; codeId?: string; more?: boolean } = {}): Uint8Array {
  if (data.length > 56) throw new Error('a report holds at most 56 data bytes');
  const bytes = new Uint8Array(64);
  bytes[0] = 0x02;
  bytes[1] = data.length;
  [...(options.aim ?? ']Q1')].forEach((c, i) => (bytes[2 + i] = c.charCodeAt(0)));
  [...data].forEach((c, i) => (bytes[5 + i] = c.charCodeAt(0)));
  bytes[61] = (options.codeId ?? 's').charCodeAt(0);
  bytes[63] = options.more ? 1 : 0;
  return bytes;
}

/** A scan as the scanner sends it: 56-byte slices, the flag set on all but the last, CR suffix (§2.1). */
function reports(text: string, options: { aim?: string; codeId?: string } = {}): Uint8Array[] {
  const data = `${text}\r`;
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += 56) out.push(report(data.slice(at, at + 56), { ...options, more: at + 56 < data.length }));
  return out;
}

/** The node-hid boundary: emits the reports the test hands it, fails reads on unplug. */
class FakeHidDevice extends EventEmitter implements HidDeviceLike {
  closed = false;
  write(report: number[]): number {
    return report.length;
  }
  sendFeatureReport(report: number[]): number {
    return report.length;
  }
  getFeatureReport(): number[] {
    return [];
  }
  close(): void {
    this.closed = true;
  }
  send(...reportsToSend: Uint8Array[]): void {
    for (const r of reportsToSend) this.emit('data', Buffer.from(r));
  }
  unplug(): void {
    this.emit('error', Object.assign(new Error('could not read from HID device'), { code: 'EIO' }));
  }
}

const WINDOW = 600;

async function setup(options: { pairWindowMs?: number } = {}) {
  const devices: FakeHidDevice[] = [];
  const scanner = new HidPosScanner({ path: '/dev/hidraw-test', openDevice: async () => devices[devices.push(new FakeHidDevice()) - 1]! });
  const clock = new ManualClock();
  const reader = new HidCardReader({ scanner, today: () => TODAY, schedule: clock.schedule, pairWindowMs: options.pairWindowMs ?? 0 });
  const recorded = record(reader);
  await reader.open();
  return { reader, clock, device: () => devices.at(-1)!, devices, ...recorded };
}

const citizen = citizenWhere((c) => c.scenario === 'ok' && c.serialSeries === 'alphanumeric');

describe('HidCardReader over a HID POS scanner', () => {
  it('reassembles a QR that spans several reports and reads it, keeping the AIM identifier', async () => {
    const { device, cards, reader } = await setup();
    expect(reader.state()).toBe('ready');
    const qr = qrOf(citizen);
    const sent = reports(qr);
    expect(sent.length).toBeGreaterThan(2);
    device().send(...sent);
    expect(cards).toEqual([
      {
        ok: true,
        value: expect.objectContaining({ run: citizen.run, source: 'qr' }),
        scan: { reader: 'hid-pos', scans: [{ symbol: 'qr', aim: ']Q1', length: qr.length }] },
      },
    ]);
  });

  it('reads an MRZ that an imager OCRed (rows separated by CR), and pairs it with the QR', async () => {
    const { device, cards, clock } = await setup({ pairWindowMs: WINDOW });
    device().send(...reports(renderMrz(citizen).join('\r'), { aim: ']o0', codeId: 'O' }));
    clock.advance(WINDOW / 2);
    expect(cards).toEqual([]);
    device().send(...reports(qrOf(citizen)));
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      ok: true,
      value: { source: 'mrz+qr' },
      scan: {
        scans: [
          { symbol: 'mrz', aim: ']o0' },
          { symbol: 'qr', aim: ']Q1' },
        ],
      },
    });
  });

  it('names a foreign QR for what it is: not a Chilean ID', async () => {
    const { device, cards } = await setup();
    device().send(...reports('https://example.org/ticket?id=42'));
    expect(cards[0]).toMatchObject({ ok: false, error: { code: 'card.not_chilean_id' } });
  });

  it('reports a report of the wrong length as an unreadable scan, ignores non-scan reports, and reads the next scan', async () => {
    const { device, cards } = await setup();
    const [first] = reports(qrOf(citizen));
    device().send(first!.subarray(0, 40));
    device().send(Uint8Array.of(0x05, 0x01, 0x00));
    expect(cards).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'card.unreadable' }), scan: { reader: 'hid-pos', scans: [] } }),
    ]);
    device().send(...reports(qrOf(citizen)));
    expect(cards).toHaveLength(2);
    expect(cards[1]).toMatchObject({ ok: true });
  });

  it('reports a data length beyond the buffer as unreadable, never as a read', async () => {
    const { device, cards } = await setup();
    const bad = report('ABC');
    bad[1] = 200;
    device().send(bad);
    expect(cards).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'card.unreadable' }) })]);
  });

  it('goes not-connected when the scanner is unplugged, and reads again once reopened', async () => {
    const { device, devices, cards, reader, states } = await setup();
    const half = reports(qrOf(citizen));
    device().send(half[0]!);
    device().unplug();
    expect(reader.state()).toBe('not-connected');
    await reader.open();
    expect(devices).toHaveLength(2);
    device().send(...reports(qrOf(citizen)));
    expect(cards).toEqual([expect.objectContaining({ ok: true })]);
    expect(states).toEqual(['ready', 'not-connected', 'ready']);
  });

  it('reports nothing after close and closes the device', async () => {
    const { device, cards, reader } = await setup({ pairWindowMs: WINDOW });
    const d = device();
    d.send(...reports(qrOf(citizen)));
    await reader.close();
    expect(d.closed).toBe(true);
    expect(reader.state()).toBe('not-connected');
    expect(cards).toEqual([]);
  });

  it('is not-connected when the scanner cannot be opened', async () => {
    const scanner = new HidPosScanner({
      path: '/dev/hidraw-none',
      openDevice: () => Promise.reject(new Error('cannot open device with path /dev/hidraw-none')),
    });
    const reader = new HidCardReader({ scanner, today: () => TODAY });
    await expect(reader.open()).rejects.toMatchObject({ code: 'transport.open_failed' });
    expect(reader.state()).toBe('not-connected');
  });
});
