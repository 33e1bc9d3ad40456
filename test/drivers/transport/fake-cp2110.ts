/**
 * A CP2110 as node-hid presents it, byte for byte per AN434 (see
 * drivers/transport/cp2110.ts for the layouts and their sources): interrupt
 * OUT reports `[n, n bytes]` go to the UART's TX line, what the module sends
 * arrives as IN reports `[n, n bytes]`, and the UART is configured, enabled and
 * purged through feature reports. It does what the chip would do with a bad
 * request: hidapi gets -1 (a stalled control transfer, an OUT report whose
 * length disagrees with its ID), which node-hid throws as an Error.
 */
import { EventEmitter } from 'node:events';
import type { HidDeviceLike } from '../../../drivers/transport/hid-device.ts';

export interface FakeCp2110Options {
  /** Pad every IN report to 64 bytes, as Windows' HID stack does. */
  padInReports?: boolean;
}

export class FakeCp2110 implements HidDeviceLike {
  /** Every feature report the host sent, exactly as sent. */
  readonly featureReportsSent: number[][] = [];
  /** Every interrupt OUT report the host wrote, exactly as written. */
  readonly outReports: number[][] = [];
  /** Bytes that left the bridge's TX pin: what the module behind it received. */
  readonly txLine: number[] = [];
  uartEnabled = false;
  /** Get/Set UART Config payload after the report ID: power-on 9600 8N1 (0x00002580, 0, 0, 3, 0). */
  uartConfig: number[] = [0x00, 0x00, 0x25, 0x80, 0x00, 0x00, 0x03, 0x00];
  /** Bytes received on RX and not yet sent to the host. */
  rxFifo: number[] = [];
  isClosed = false;
  /** When set, Set UART Config is acknowledged but not applied (a bridge that ignores it). */
  ignoreUartConfig = false;
  readonly #events = new EventEmitter();
  readonly #padInReports: boolean;
  #unplugged = false;
  #flushScheduled = false;
  #nextInSizes: number[] = [];

  constructor(options: FakeCp2110Options = {}) {
    this.#padInReports = options.padInReports ?? false;
  }

  write(report: number[]): number {
    this.#alive('Cannot write to hid device');
    this.outReports.push([...report]);
    const [id] = report;
    if (id === undefined || id < 1 || id > 63 || report.length !== id + 1) throw new Error('Cannot write to hid device');
    if (this.uartEnabled) this.txLine.push(...report.slice(1));
    return report.length;
  }

  sendFeatureReport(report: number[]): number {
    this.#alive('could not send feature report to device');
    this.featureReportsSent.push([...report]);
    const [id, ...body] = report;
    const stall = (): never => {
      throw new Error('could not send feature report to device');
    };
    switch (id) {
      case 0x41:
        if (body.length < 1 || body[0]! > 1) stall();
        this.uartEnabled = body[0] === 1;
        break;
      case 0x43: {
        const type = body[0] ?? 0;
        if (type < 1 || type > 3) stall();
        if (type & 0x02) this.rxFifo = [];
        break;
      }
      case 0x50: {
        if (body.length < 8) stall();
        const baud = ((body[0]! << 24) | (body[1]! << 16) | (body[2]! << 8) | body[3]!) >>> 0;
        const [parity, flow, dataBits, stopBits] = body.slice(4) as [number, number, number, number];
        const maxBaud = dataBits >= 2 ? 1_000_000 : 500_000;
        if (baud < 300 || baud > maxBaud || parity > 4 || flow > 1 || dataBits > 3 || stopBits > 1) stall();
        if (!this.ignoreUartConfig) this.uartConfig = body.slice(0, 8);
        break;
      }
      default:
        stall();
    }
    return report.length;
  }

  getFeatureReport(reportId: number, length: number): number[] {
    this.#alive('could not get feature report from device');
    const report = ((): number[] => {
      switch (reportId) {
        case 0x41:
          return [0x41, this.uartEnabled ? 1 : 0];
        case 0x42:
          return [0x42, 0, 0, this.rxFifo.length >> 8, this.rxFifo.length & 0xff, 0, 0];
        case 0x46:
          return [0x46, 0x0a, 0x01];
        case 0x50:
          return [0x50, ...this.uartConfig];
        default:
          throw new Error('could not get feature report from device');
      }
    })();
    return report.slice(0, length);
  }

  /** The module sends bytes on the UART; they reach the host in IN reports of `sizes` bytes (default 63). */
  moduleSends(bytes: Iterable<number>, sizes: number[] = []): void {
    if (!this.uartEnabled || this.#unplugged) return; // a disabled UART receives nothing
    this.rxFifo.push(...bytes);
    this.#nextInSizes.push(...sizes);
    this.#scheduleFlush();
  }

  /** A raw IN report, whatever its bytes (garbage, wrong IDs, truncation). */
  injectInReport(report: number[]): void {
    this.#emitLater(Buffer.from(report));
  }

  /** The bridge disappears: node-hid's read fails and every later call throws. */
  unplug(): void {
    this.#unplugged = true;
    this.#emitLater(new Error('could not read data from device'), 'error');
  }

  on(event: 'data', listener: (report: Uint8Array) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((error: unknown) => void)): this {
    this.#events.on(event, listener);
    if (event === 'data') this.#scheduleFlush(); // node-hid starts reading when a data listener appears
    return this;
  }

  removeListener(event: 'data', listener: (report: Uint8Array) => void): this;
  removeListener(event: 'error', listener: (error: unknown) => void): this;
  removeListener(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((error: unknown) => void)): this {
    this.#events.removeListener(event, listener);
    return this;
  }

  listenerCount(event: 'data' | 'error'): number {
    return this.#events.listenerCount(event);
  }

  close(): void {
    this.isClosed = true;
  }

  #alive(message: string): void {
    if (this.#unplugged || this.isClosed) throw new Error(message);
  }

  /** Like the read thread: reports go up only while someone reads, one interrupt packet each. */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (this.isClosed || this.#unplugged || this.#events.listenerCount('data') === 0) return;
      while (this.rxFifo.length > 0) {
        const size = Math.min(this.#nextInSizes.shift() ?? 63, 63, this.rxFifo.length);
        const payload = this.rxFifo.splice(0, size);
        const report = [size, ...payload];
        while (this.#padInReports && report.length < 64) report.push(0);
        this.#events.emit('data', Buffer.from(report));
      }
    });
  }

  #emitLater(value: unknown, event: 'data' | 'error' = 'data'): void {
    setImmediate(() => {
      if (!this.isClosed) this.#events.emit(event, value);
    });
  }
}
