import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cp2110UartConfig,
  decodeDataReport,
  decodeUartConfig,
  decodeUartStatus,
  decodeVersion,
  encodeDataReports,
  encodePurgeFifos,
  encodeUartConfig,
  encodeUartEnable,
  HidReportError,
  R30X_UART_CONFIG,
} from '../../../drivers/transport/cp2110.ts';

describe('CP2110 data reports (AN434: report ID = payload length, 1–63)', () => {
  it('frames 5 bytes as one report whose ID is 5', () => {
    expect(encodeDataReports(Uint8Array.of(0xef, 0x01, 0xff, 0xff, 0xff))).toEqual([[5, 0xef, 0x01, 0xff, 0xff, 0xff]]);
  });

  it('splits 130 bytes into reports of 63, 63 and 4', () => {
    const reports = encodeDataReports(new Uint8Array(130).fill(0xaa));
    expect(reports.map((r) => r[0])).toEqual([63, 63, 4]);
    expect(reports.map((r) => r.length)).toEqual([64, 64, 5]);
  });

  it('frames nothing as no report at all', () => {
    expect(encodeDataReports(new Uint8Array())).toEqual([]);
  });

  it('every report it makes is 1–63 bytes, ID equal to length, and together they are the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (bytes) => {
        const reports = encodeDataReports(bytes);
        for (const report of reports) {
          expect(report[0]).toBeGreaterThanOrEqual(1);
          expect(report[0]).toBeLessThanOrEqual(63);
          expect(report.length).toBe(report[0]! + 1);
        }
        expect(Uint8Array.from(reports.flatMap((r) => r.slice(1)))).toEqual(bytes);
      }),
    );
  });

  it('reads an IN report of any length 1–63, and ignores padding after it (Windows pads to 64)', () => {
    expect(decodeDataReport(Uint8Array.of(1, 0x55))).toEqual({ ok: true, payload: Uint8Array.of(0x55) });
    const padded = new Uint8Array(64);
    padded.set([3, 7, 8, 9]);
    expect(decodeDataReport(padded)).toEqual({ ok: true, payload: Uint8Array.of(7, 8, 9) });
    const full = Uint8Array.from({ length: 64 }, (_, i) => (i === 0 ? 63 : i));
    expect(decodeDataReport(full)).toMatchObject({ ok: true, payload: full.slice(1) });
  });

  it.each([
    ['an empty report', [], 'hid.empty_report'],
    ['report ID 0', [0, 1, 2], 'hid.bad_report_id'],
    ['report ID 0x40 (a feature report ID, not data)', [0x40, 1], 'hid.bad_report_id'],
    ['report ID 0xFF', [0xff, ...new Array<number>(63).fill(0)], 'hid.bad_report_id'],
    ['a report shorter than its ID says', [10, 1, 2, 3], 'hid.report_truncated'],
  ])('rejects %s with a typed error', (_what, bytes, code) => {
    const result = decodeDataReport(Uint8Array.from(bytes));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(HidReportError);
      expect(result.error.code).toBe(code);
      expect(result.error.report).toEqual(Uint8Array.from(bytes));
    }
  });

  it('never throws on arbitrary bytes, and accepts exactly the well-formed reports', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const result = decodeDataReport(bytes);
        const id = bytes[0] ?? 0;
        const wellFormed = id >= 1 && id <= 63 && bytes.length >= id + 1;
        expect(result.ok).toBe(wellFormed);
        if (result.ok) expect(result.payload).toEqual(bytes.slice(1, id + 1));
        else expect(result.error).toBeInstanceOf(HidReportError);
      }),
    );
  });

  it('copies the payload, so a reused read buffer cannot change delivered bytes', () => {
    const buffer = Uint8Array.of(2, 1, 2);
    const result = decodeDataReport(buffer);
    buffer.fill(0);
    expect(result).toEqual({ ok: true, payload: Uint8Array.of(1, 2) });
  });
});

describe('CP2110 feature reports (AN434)', () => {
  it('encodes the R30x line, 57600 8N1, as Set UART Config 0x50 with the baud big-endian', () => {
    // 57600 = 0x0000E100; parity 0 none, flow 0 none, data bits 3 = 8, stop bits 0 = short.
    expect(encodeUartConfig(R30X_UART_CONFIG)).toEqual([0x50, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00, 0x03, 0x00]);
  });

  it('matches the 9600 8N1 vector used by public CP2110 readers', () => {
    // mwuertinger/ut61ep sends exactly this for "9600 baud, parity none, 8 bit, no flow control, short stop bit".
    expect(encodeUartConfig({ baudRate: 9600, parity: 'none', flowControl: 'none', dataBits: 8, stopBits: 1 })).toEqual([
      0x50, 0x00, 0x00, 0x25, 0x80, 0x00, 0x00, 0x03, 0x00,
    ]);
  });

  it('codes parity none/odd/even/mark/space as 0–4, RTS/CTS as 1, 5 data bits as 0 and long stop bits as 1', () => {
    expect(encodeUartConfig({ baudRate: 115200, parity: 'odd', flowControl: 'rts-cts', dataBits: 7, stopBits: 2 })).toEqual([
      0x50, 0x00, 0x01, 0xc2, 0x00, 0x01, 0x01, 0x02, 0x01,
    ]);
    expect(encodeUartConfig({ baudRate: 1_000_000, parity: 'space', flowControl: 'none', dataBits: 8, stopBits: 1 })).toEqual([
      0x50, 0x00, 0x0f, 0x42, 0x40, 0x04, 0x00, 0x03, 0x00,
    ]);
    expect(encodeUartConfig({ baudRate: 300, parity: 'even', flowControl: 'none', dataBits: 5, stopBits: 2 })[5]).toBe(2);
    expect(encodeUartConfig({ baudRate: 300, parity: 'mark', flowControl: 'none', dataBits: 5, stopBits: 2 }).slice(5)).toEqual([3, 0, 0, 1]);
  });

  it.each([[{ baudRate: 299 }], [{ baudRate: 1_000_001 }], [{ baudRate: 600_000, dataBits: 6 as const }], [{ baudRate: 57600.5 }]])(
    'refuses a configuration outside AN434’s ranges: %o',
    (change) => {
      expect(() => encodeUartConfig({ ...R30X_UART_CONFIG, ...change })).toThrow(RangeError);
    },
  );

  it('reads back every valid configuration it encodes', () => {
    const config = fc.record<Cp2110UartConfig>({
      baudRate: fc.integer({ min: 300, max: 500_000 }),
      parity: fc.constantFrom('none', 'odd', 'even', 'mark', 'space'),
      flowControl: fc.constantFrom('none', 'rts-cts'),
      dataBits: fc.constantFrom(5, 6, 7, 8),
      stopBits: fc.constantFrom(1, 2),
    });
    fc.assert(
      fc.property(config, (c) => {
        expect(decodeUartConfig(Uint8Array.from(encodeUartConfig(c)))).toEqual(c);
      }),
    );
  });

  it('names a Get UART Config report it cannot read instead of guessing', () => {
    expect(decodeUartConfig(Uint8Array.of(0x50, 0, 0))).toMatchObject({ code: 'hid.bad_feature_report' });
    expect(decodeUartConfig(Uint8Array.of(0x50, 0, 0, 0x25, 0x80, 9, 0, 3, 0))).toMatchObject({ code: 'hid.bad_feature_report' });
    expect(decodeUartConfig(Uint8Array.of(0x41, 0, 0, 0x25, 0x80, 0, 0, 3, 0))).toMatchObject({ code: 'hid.bad_feature_report' });
  });

  it('encodes UART enable/disable (0x41) and purge TX/RX/both (0x43)', () => {
    expect(encodeUartEnable(true)).toEqual([0x41, 0x01]);
    expect(encodeUartEnable(false)).toEqual([0x41, 0x00]);
    expect(encodePurgeFifos('tx')).toEqual([0x43, 0x01]);
    expect(encodePurgeFifos('rx')).toEqual([0x43, 0x02]);
    expect(encodePurgeFifos('both')).toEqual([0x43, 0x03]);
  });

  it('reads UART status (0x42) and version (0x46; CP2110 part number 0x0A)', () => {
    expect(decodeUartStatus(Uint8Array.of(0x42, 0x01, 0xe0, 0x00, 0x05, 0x03, 0x01))).toEqual({
      txFifoBytes: 480,
      rxFifoBytes: 5,
      parityError: true,
      overrunError: true,
      lineBreak: true,
    });
    expect(decodeVersion(Uint8Array.of(0x46, 0x0a, 0x01))).toEqual({ partNumber: 0x0a, deviceVersion: 1 });
    expect(decodeUartStatus(Uint8Array.of(0x42, 1))).toBeInstanceOf(HidReportError);
    expect(decodeVersion(Uint8Array.of(0x47, 0x0a, 1))).toBeInstanceOf(HidReportError);
  });
});
