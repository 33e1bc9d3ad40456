/**
 * Silicon Labs CP2110 HID-to-UART bridge: the report framing, as pure functions.
 *
 * Source: Silicon Labs AN434 "CP2110/4 HID-to-UART Interface Specification".
 * hardware-protocols.md names the CP2110 only in passing, so the
 * layouts below come from AN434 as quoted and implemented in public code and
 * cross-checked between them: Google's usbmon-tools `usbmon/support/cp2110.py`
 * ("based on the AN434 document"), the UNI-T UT61E+ readers (ljakob/unit_ut61eplus,
 * mwuertinger/ut61ep: "AN434 5.2 Get/Set UART Enable", "6.3 Get/Set UART Config"),
 * a node-hid CP2110 driver quoting AN434's text, and libsigrok's uni-t-ut8802e.
 * None of them is hardware we ran; the test double implements the same reading.
 *
 * Data (interrupt transfers, AN434 "Data Transfer"):
 *   [reportId = n, byte 1 … byte n], n = 1…63 (0x01–0x3F). The report ID *is*
 *   the payload length, both directions (OUT to the UART's TX FIFO, IN from its
 *   RX FIFO). A 64-byte interrupt packet is the ID plus at most 63 bytes.
 *   hidraw delivers an IN report as exactly n + 1 bytes; Windows' HID stack pads
 *   every read to the longest input report (64), so bytes after n + 1 are
 *   padding and are ignored. Fewer than n + 1 bytes is a truncated report.
 *
 * Device configuration (feature reports; every layout starts with the report ID):
 *   0x41 Get/Set UART Enable  [0x41, enable]           0 = disabled (power-on default), 1 = enabled
 *   0x42 Get UART Status      [0x42, txFifo(2, BE), rxFifo(2, BE), errorStatus, breakStatus]
 *                             errorStatus bit 0 parity error, bit 1 overrun (cleared by reading)
 *   0x43 Set Purge FIFOs      [0x43, type]             1 = TX, 2 = RX, 3 = both
 *   0x46 Get Version          [0x46, partNumber, deviceVersion]   partNumber 0x0A = CP2110
 *   0x50 Get/Set UART Config  [0x50, baud(4, big-endian), parity, flowControl, dataBits, stopBits]
 *        parity 0 none, 1 odd, 2 even, 3 mark, 4 space; flowControl 0 none, 1 RTS/CTS;
 *        dataBits 0…3 = 5…8 bits; stopBits 0 short (1 bit), 1 long (1.5 bits at 5 data bits, else 2).
 *        Baud 300 … 1 000 000 with 7 or 8 data bits, … 500 000 with 5 or 6 (AN434 §6.3).
 *        Not stored in the chip: it must be set after every power-on or reset (AN434).
 * (One public C header lists parity as none/even/odd; AN434's table, usbmon-tools
 * and the quoted driver agree on none/odd/even, which is what we use.)
 */

export const CP2110_VENDOR_ID = 0x10c4;
export const CP2110_PRODUCT_ID = 0xea80;
export const CP2110_PART_NUMBER = 0x0a;

export const MAX_DATA_REPORT_PAYLOAD = 63;

export const FEATURE_REPORT = {
  uartEnable: 0x41,
  uartStatus: 0x42,
  purgeFifos: 0x43,
  version: 0x46,
  uartConfig: 0x50,
} as const;

/** hidapi's get_feature_report length counts the report ID; 64 covers every report above. */
export const FEATURE_REPORT_LENGTH = 64;

export type Cp2110Parity = 'none' | 'odd' | 'even' | 'mark' | 'space';
const PARITY_CODES: readonly Cp2110Parity[] = ['none', 'odd', 'even', 'mark', 'space'];

export interface Cp2110UartConfig {
  baudRate: number;
  parity: Cp2110Parity;
  flowControl: 'none' | 'rts-cts';
  dataBits: 5 | 6 | 7 | 8;
  /** 1 = AN434's "short" stop bit; 2 = "long" (1.5 bit times when dataBits is 5). */
  stopBits: 1 | 2;
}

/** The R30x module's line (reference §1.1): 57600 8N1, no flow control. */
export const R30X_UART_CONFIG: Cp2110UartConfig = { baudRate: 57600, parity: 'none', flowControl: 'none', dataBits: 8, stopBits: 1 };

export type HidReportErrorCode = 'hid.empty_report' | 'hid.bad_report_id' | 'hid.report_truncated' | 'hid.bad_feature_report';

/** A report from the bridge that does not follow AN434; the bytes are named, never thrown at a caller's feet. */
export class HidReportError extends Error {
  readonly code: HidReportErrorCode;
  readonly report: Uint8Array;
  constructor(code: HidReportErrorCode, message: string, report: Uint8Array) {
    super(message);
    this.name = 'HidReportError';
    this.code = code;
    this.report = report;
  }
}

export type DataReportResult = { ok: true; payload: Uint8Array } | { ok: false; error: HidReportError };

/** Splits bytes into OUT reports of at most 63 payload bytes, each `[length, ...payload]`. */
export function encodeDataReports(bytes: Uint8Array): number[][] {
  const reports: number[][] = [];
  for (let start = 0; start < bytes.length; start += MAX_DATA_REPORT_PAYLOAD) {
    const chunk = bytes.subarray(start, start + MAX_DATA_REPORT_PAYLOAD);
    reports.push([chunk.length, ...chunk]);
  }
  return reports;
}

/** Reads an IN report as node-hid delivers it (report ID first). */
export function decodeDataReport(report: Uint8Array): DataReportResult {
  const copy = Uint8Array.from(report);
  if (report.length === 0) return { ok: false, error: new HidReportError('hid.empty_report', 'empty HID report', copy) };
  const id = report[0]!;
  if (id === 0 || id > MAX_DATA_REPORT_PAYLOAD) {
    return { ok: false, error: new HidReportError('hid.bad_report_id', `report ID 0x${hex(id)} is not a CP2110 data report (0x01–0x3F)`, copy) };
  }
  if (report.length < id + 1) {
    return { ok: false, error: new HidReportError('hid.report_truncated', `report 0x${hex(id)} announces ${id} bytes but carries ${report.length - 1}`, copy) };
  }
  return { ok: true, payload: copy.slice(1, id + 1) };
}

export function encodeUartConfig(config: Cp2110UartConfig): number[] {
  const problem = uartConfigProblem(config);
  if (problem) throw new RangeError(problem);
  const { baudRate } = config;
  return [
    FEATURE_REPORT.uartConfig,
    (baudRate >>> 24) & 0xff,
    (baudRate >>> 16) & 0xff,
    (baudRate >>> 8) & 0xff,
    baudRate & 0xff,
    PARITY_CODES.indexOf(config.parity),
    config.flowControl === 'rts-cts' ? 1 : 0,
    config.dataBits - 5,
    config.stopBits === 2 ? 1 : 0,
  ];
}

/** Why AN434 would refuse this configuration, or undefined if it is valid. */
export function uartConfigProblem(config: Cp2110UartConfig): string | undefined {
  const maxBaud = config.dataBits >= 7 ? 1_000_000 : 500_000;
  if (!Number.isInteger(config.baudRate) || config.baudRate < 300 || config.baudRate > maxBaud) {
    return `CP2110 baud rate must be an integer from 300 to ${maxBaud} with ${config.dataBits} data bits, not ${config.baudRate}`;
  }
  if (!PARITY_CODES.includes(config.parity)) return `unknown parity ${String(config.parity)}`;
  if (![5, 6, 7, 8].includes(config.dataBits)) return `data bits must be 5 to 8, not ${config.dataBits}`;
  if (config.stopBits !== 1 && config.stopBits !== 2) return `stop bits must be 1 or 2, not ${String(config.stopBits)}`;
  if (config.flowControl !== 'none' && config.flowControl !== 'rts-cts') return `unknown flow control ${String(config.flowControl)}`;
  return undefined;
}

export function decodeUartConfig(report: Uint8Array): Cp2110UartConfig | HidReportError {
  const [id, b3, b2, b1, b0, parity, flow, dataBits, stopBits] = report;
  if (report.length < 9 || id !== FEATURE_REPORT.uartConfig || b3 === undefined || b2 === undefined || b1 === undefined || b0 === undefined) {
    return new HidReportError('hid.bad_feature_report', 'not a Get UART Config report (0x50, 9 bytes)', Uint8Array.from(report));
  }
  const parityName = PARITY_CODES[parity ?? 0xff];
  if (parityName === undefined || (flow !== 0 && flow !== 1) || dataBits === undefined || dataBits > 3 || (stopBits !== 0 && stopBits !== 1)) {
    return new HidReportError('hid.bad_feature_report', 'Get UART Config report holds values AN434 does not define', Uint8Array.from(report));
  }
  return {
    baudRate: ((b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0,
    parity: parityName,
    flowControl: flow === 1 ? 'rts-cts' : 'none',
    dataBits: (dataBits + 5) as Cp2110UartConfig['dataBits'],
    stopBits: stopBits === 1 ? 2 : 1,
  };
}

export function encodeUartEnable(enabled: boolean): number[] {
  return [FEATURE_REPORT.uartEnable, enabled ? 1 : 0];
}

export function encodePurgeFifos(which: 'tx' | 'rx' | 'both'): number[] {
  return [FEATURE_REPORT.purgeFifos, which === 'tx' ? 0x01 : which === 'rx' ? 0x02 : 0x03];
}

export interface Cp2110UartStatus {
  txFifoBytes: number;
  rxFifoBytes: number;
  parityError: boolean;
  overrunError: boolean;
  lineBreak: boolean;
}

export function decodeUartStatus(report: Uint8Array): Cp2110UartStatus | HidReportError {
  const [id, txHi, txLo, rxHi, rxLo, errors, lineBreak] = report;
  if (
    id !== FEATURE_REPORT.uartStatus ||
    lineBreak === undefined ||
    txHi === undefined ||
    txLo === undefined ||
    rxHi === undefined ||
    rxLo === undefined ||
    errors === undefined
  ) {
    return new HidReportError('hid.bad_feature_report', 'not a Get UART Status report (0x42, 7 bytes)', Uint8Array.from(report));
  }
  return {
    txFifoBytes: (txHi << 8) | txLo,
    rxFifoBytes: (rxHi << 8) | rxLo,
    parityError: (errors & 1) !== 0,
    overrunError: (errors & 2) !== 0,
    lineBreak: lineBreak !== 0,
  };
}

export function decodeVersion(report: Uint8Array): { partNumber: number; deviceVersion: number } | HidReportError {
  const [id, partNumber, deviceVersion] = report;
  if (id !== FEATURE_REPORT.version || partNumber === undefined || deviceVersion === undefined) {
    return new HidReportError('hid.bad_feature_report', 'not a Get Version Information report (0x46, 3 bytes)', Uint8Array.from(report));
  }
  return { partNumber, deviceVersion };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}
