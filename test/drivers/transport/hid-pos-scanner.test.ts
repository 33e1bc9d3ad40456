import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HidDeviceLike } from '../../../drivers/transport/hid-device.ts';
import { encodeHidPosReports, type HidPosReportError, type HidPosScan } from '../../../drivers/transport/hid-pos-report.ts';
import { HidPosScanner, isHidPosScanner } from '../../../drivers/transport/hid-pos-scanner.ts';

/** A HID POS scanner as node-hid presents it: numbered input reports, report ID first. */
class FakeScanner extends EventEmitter implements HidDeviceLike {
  readonly featureReports: number[][] = [];
  closed = false;
  refuseFeatureReports = false;
  write(): number {
    throw new Error('Cannot write to hid device');
  }
  sendFeatureReport(report: number[]): number {
    if (this.refuseFeatureReports) throw new Error('could not send feature report to device');
    this.featureReports.push(report);
    return report.length;
  }
  getFeatureReport(): number[] {
    throw new Error('could not get feature report from device');
  }
  close(): void {
    this.closed = true;
  }
  send(report: Uint8Array): void {
    this.emit('data', Buffer.from(report));
  }
}

function scannerWith(
  fake: FakeScanner,
  options: { honeywellHidPosMode?: boolean } = {},
): { scanner: HidPosScanner; scans: HidPosScan[]; errors: HidPosReportError[] } {
  const scanner = new HidPosScanner({ path: '/dev/hidraw-scanner', openDevice: async () => fake, ...options });
  const scans: HidPosScan[] = [];
  const errors: HidPosReportError[] = [];
  scanner.onScan((scan) => scans.push(scan));
  scanner.onError((error) => errors.push(error));
  return { scanner, scans, errors };
}

describe('HidPosScanner', () => {
  it('recognises the scanner collection by usage page 0x8C, usage 0x02', () => {
    expect(isHidPosScanner({ usagePage: 0x8c, usage: 0x02 })).toBe(true);
    expect(isHidPosScanner({ usagePage: 0x01, usage: 0x06 })).toBe(false); // a keyboard
    expect(isHidPosScanner({ usagePage: undefined, usage: undefined })).toBe(false);
  });

  it('delivers complete scans from the device and typed errors for garbage, staying open', async () => {
    const fake = new FakeScanner();
    const { scanner, scans, errors } = scannerWith(fake);
    await scanner.open();
    const url = 'https://portal.sidiv.registrocivil.cl/docstatus?RUN=12345678-5&type=CEDULA&serial=100000000&mrz=100000000195010123601011\r';
    for (const report of encodeHidPosReports(
      Uint8Array.from(url, (c) => c.charCodeAt(0)),
      { aim: ']Q1' },
    ))
      fake.send(report);
    fake.send(Uint8Array.of(0x02, 99));
    fake.send(new Uint8Array());
    expect(scans.map((s) => [s.text, s.symbology?.name])).toEqual([[url.slice(0, -1), 'qr-code']]);
    expect(errors.map((e) => e.code)).toEqual(['scanner.report_truncated', 'scanner.empty_report']);
    expect(scanner.isOpen).toBe(true);
    expect(fake.featureReports).toEqual([]);
  });

  it('sends Honeywell’s HID POS mode report 0xFE [0x01] only when asked', async () => {
    const fake = new FakeScanner();
    await scannerWith(fake, { honeywellHidPosMode: true }).scanner.open();
    expect(fake.featureReports).toEqual([[0xfe, 0x01]]);

    const refusing = new FakeScanner();
    refusing.refuseFeatureReports = true;
    await expect(scannerWith(refusing, { honeywellHidPosMode: true }).scanner.open()).rejects.toMatchObject({ code: 'transport.config_failed' });
    expect(refusing.closed).toBe(true);
  });

  it('reports "disconnected" on a read error and "closed" on close, and leaves no listeners', async () => {
    const fake = new FakeScanner();
    const { scanner } = scannerWith(fake);
    const reasons: string[] = [];
    scanner.onClose((reason) => reasons.push(reason));
    await scanner.open();
    fake.emit('error', new Error('could not read data from device'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(scanner.isOpen).toBe(false);
    expect(fake.closed).toBe(true);
    expect(fake.listenerCount('data') + fake.listenerCount('error')).toBe(0);

    fake.closed = false;
    await scanner.open();
    await Promise.all([scanner.close(), scanner.close()]);
    expect(reasons).toEqual(['disconnected', 'closed']);
    expect(fake.listenerCount('data') + fake.listenerCount('error')).toBe(0);
  });

  it('fails to open with transport.open_failed when node-hid cannot open the path', async () => {
    const scanner = new HidPosScanner({ path: '/dev/hidraw-missing', openDevice: () => Promise.reject(new Error('cannot open device')) });
    await expect(scanner.open()).rejects.toMatchObject({ name: 'TransportError', code: 'transport.open_failed' });
  });
});
