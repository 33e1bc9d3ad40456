/**
 * HID Point-of-Sale bar code scanner reports (usage page 0x8C, Bar Code
 * Scanner 0x02), as pure functions: one input report → its fields, and a
 * stream of reports → complete scans. No I/O; hid-pos-scanner.ts feeds it.
 *
 * Source: hardware-protocols.md §2.1. A scanned-data report carries the AIM
 * symbology identifier (`]` + code character + modifier, ISO/IEC 15424), a
 * fixed-size decoded-data buffer and a "Decode Data Continued" flag; the host
 * concatenates reports until the flag is 0 (HID POS Usage Tables 1.02: usages
 * 0xFB–0xFD, 0xFE, 0xFF). Where each sits is defined by the device's report
 * descriptor; the default layout is the one the reference documents for
 * Honeywell/Youjie in HID POS mode (observed behaviour, not spec), offsets
 * counted after the report ID:
 *
 *   report ID 0x02, 63 bytes after it
 *   0       number of valid data bytes in this report
 *   1–3     AIM id (`] x y`); all zero when the scanner sends no AIM prefix
 *   4…      decoded data, at most 56 bytes
 *   60      Honeywell Code ID (vendor symbology letter)
 *   62      non-zero: more reports follow; 0: last report
 *
 * The reference notes some devices put the AIM id at 2–4; pass a layout with
 * `aimOffset: 2, dataOffset: 5` for those (unverified, no such device tested).
 * node-hid hands reports over with the report ID as byte 0, and so do we here.
 */

export interface HidPosReportLayout {
  reportId: number;
  /** Bytes after the report ID. */
  reportLength: number;
  lengthOffset: number;
  aimOffset: number;
  dataOffset: number;
  maxDataLength: number;
  /** Vendor symbology code, or undefined when the layout has none. */
  codeIdOffset: number | undefined;
  continuedOffset: number;
}

export const HONEYWELL_HID_POS_LAYOUT: HidPosReportLayout = {
  reportId: 0x02,
  reportLength: 63,
  lengthOffset: 0,
  aimOffset: 1,
  dataOffset: 4,
  maxDataLength: 56,
  codeIdOffset: 60,
  continuedOffset: 62,
};

export type HidPosErrorCode =
  | 'scanner.empty_report'
  | 'scanner.unexpected_report_id'
  | 'scanner.report_truncated'
  | 'scanner.bad_length'
  | 'scanner.bad_symbology'
  | 'scanner.symbology_changed'
  | 'scanner.scan_too_long'
  | 'scanner.incomplete_scan'
  | 'scanner.empty_scan';

export class HidPosReportError extends Error {
  readonly code: HidPosErrorCode;
  constructor(code: HidPosErrorCode, message: string) {
    super(message);
    this.name = 'HidPosReportError';
    this.code = code;
  }
}

/** Symbology families named by the reference's AIM examples (§2.1); the rest are 'other'. */
export type SymbologyName = 'qr-code' | 'code-128' | 'ean-upc' | 'pdf417' | 'data-matrix' | 'other';
const AIM_NAMES: Readonly<Record<string, SymbologyName>> = { Q: 'qr-code', C: 'code-128', E: 'ean-upc', L: 'pdf417', d: 'data-matrix' };

export interface AimSymbology {
  /** The three characters as sent, e.g. `]Q1`. */
  id: string;
  code: string;
  modifier: string;
  name: SymbologyName;
}

export interface HidPosReport {
  data: Uint8Array;
  aim: AimSymbology | null;
  vendorCodeId: number | null;
  continued: boolean;
}

export type HidPosReportResult = { ok: true; report: HidPosReport } | { ok: false; error: HidPosReportError };

export function parseHidPosReport(bytes: Uint8Array, layout: HidPosReportLayout = HONEYWELL_HID_POS_LAYOUT): HidPosReportResult {
  const fail = (code: HidPosErrorCode, message: string): HidPosReportResult => ({ ok: false, error: new HidPosReportError(code, message) });
  if (bytes.length === 0) return fail('scanner.empty_report', 'empty HID report');
  if (bytes[0] !== layout.reportId)
    return fail('scanner.unexpected_report_id', `report ID 0x${bytes[0]!.toString(16)} is not the scanned-data report 0x${layout.reportId.toString(16)}`);
  const body = bytes.subarray(1);
  if (body.length < layout.reportLength) return fail('scanner.report_truncated', `scanned-data report has ${body.length} of ${layout.reportLength} bytes`);
  const length = body[layout.lengthOffset]!;
  if (length > layout.maxDataLength) return fail('scanner.bad_length', `report claims ${length} data bytes; the layout holds ${layout.maxDataLength}`);
  const aim = parseAim(body.subarray(layout.aimOffset, layout.aimOffset + 3));
  if (aim instanceof HidPosReportError) return { ok: false, error: aim };
  return {
    ok: true,
    report: {
      data: body.slice(layout.dataOffset, layout.dataOffset + length),
      aim,
      vendorCodeId: layout.codeIdOffset === undefined ? null : body[layout.codeIdOffset]! || null,
      continued: body[layout.continuedOffset] !== 0,
    },
  };
}

function parseAim(bytes: Uint8Array): AimSymbology | null | HidPosReportError {
  const [bracket, code, modifier] = bytes;
  if (bracket === 0 && code === 0 && modifier === 0) return null; // scanner configured without an AIM prefix
  const codeChar = String.fromCharCode(code ?? 0);
  const modifierChar = String.fromCharCode(modifier ?? 0);
  if (bracket !== 0x5d || !/^[A-Za-z]$/.test(codeChar) || !/^[0-9A-Za-z]$/.test(modifierChar)) {
    return new HidPosReportError(
      'scanner.bad_symbology',
      `symbology identifier bytes ${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')} are not an AIM id`,
    );
  }
  return { id: `]${codeChar}${modifierChar}`, code: codeChar, modifier: modifierChar, name: AIM_NAMES[codeChar] ?? 'other' };
}

export interface HidPosScan {
  /** Exactly the decoded bytes, without the scanner's trailing CR suffix. */
  bytes: Uint8Array;
  /** The bytes read as ISO-8859-1, one character per byte, so nothing is lost (cédula QR names are Latin-1). */
  text: string;
  symbology: AimSymbology | null;
  vendorCodeId: number | null;
}

export type HidPosEvent = { type: 'scan'; scan: HidPosScan } | { type: 'error'; error: HidPosReportError };

export interface HidPosAssemblerOptions {
  layout?: HidPosReportLayout;
  /** A scan longer than this is refused (default 8 KiB; a QR code holds at most 7089 characters). */
  maxScanBytes?: number;
  /** A multi-report scan whose next report is later than this is abandoned (default 1000 ms). */
  staleAfterMs?: number;
}

interface PartialScan {
  chunks: Uint8Array[];
  length: number;
  aim: AimSymbology | null;
  vendorCodeId: number | null;
  lastAt: number;
}

/** Turns reports into scans. Feed it every report; it never throws on their content. */
export class HidPosScanAssembler {
  readonly #layout: HidPosReportLayout;
  readonly #maxScanBytes: number;
  readonly #staleAfterMs: number;
  #partial: PartialScan | undefined;
  /** After an overlong scan, its remaining continuation reports are skipped. */
  #skipping = false;

  constructor(options: HidPosAssemblerOptions = {}) {
    this.#layout = options.layout ?? HONEYWELL_HID_POS_LAYOUT;
    this.#maxScanBytes = options.maxScanBytes ?? 8192;
    this.#staleAfterMs = options.staleAfterMs ?? 1000;
  }

  push(bytes: Uint8Array, nowMs: number): HidPosEvent[] {
    const events: HidPosEvent[] = [];
    const error = (code: HidPosErrorCode, message: string): void => {
      events.push({ type: 'error', error: new HidPosReportError(code, message) });
    };
    if (this.#partial && nowMs - this.#partial.lastAt > this.#staleAfterMs) {
      error('scanner.incomplete_scan', `a scan stopped after ${this.#partial.length} bytes; its last report never came`);
      this.#partial = undefined;
    }
    const parsed = parseHidPosReport(bytes, this.#layout);
    if (!parsed.ok) {
      events.push({ type: 'error', error: parsed.error });
      // Other reports (status, trigger) may interleave; a broken scanned-data report ruins the scan it belongs to.
      if (parsed.error.code !== 'scanner.unexpected_report_id' && parsed.error.code !== 'scanner.empty_report') this.#partial = undefined;
      return events;
    }
    const report = parsed.report;
    if (this.#skipping) {
      this.#skipping = report.continued;
      return events;
    }
    if (this.#partial?.aim && report.aim && this.#partial.aim.id !== report.aim.id) {
      error('scanner.symbology_changed', `a ${this.#partial.aim.id} scan was followed by ${report.aim.id} before it ended`);
      this.#partial = undefined;
    }
    const partial = (this.#partial ??= { chunks: [], length: 0, aim: report.aim, vendorCodeId: report.vendorCodeId, lastAt: nowMs });
    partial.chunks.push(report.data);
    partial.length += report.data.length;
    partial.lastAt = nowMs;
    if (partial.length > this.#maxScanBytes) {
      error('scanner.scan_too_long', `scan exceeds ${this.#maxScanBytes} bytes`);
      this.#partial = undefined;
      this.#skipping = report.continued;
      return events;
    }
    if (report.continued) return events;
    this.#partial = undefined;
    const scanned = withoutTrailingCr(concat(partial.chunks, partial.length));
    if (scanned.length === 0) error('scanner.empty_scan', 'the scanner reported a scan with no data');
    else events.push({ type: 'scan', scan: { bytes: scanned, text: latin1(scanned), symbology: partial.aim, vendorCodeId: partial.vendorCodeId } });
    return events;
  }

  reset(): void {
    this.#partial = undefined;
    this.#skipping = false;
  }
}

export interface EncodeScanOptions {
  aim?: string | null;
  vendorCodeId?: number;
  /** Data bytes per report, in order; default as many as fit. */
  chunkSizes?: number[];
  layout?: HidPosReportLayout;
}

/** The reports a scanner would send for `data` (for simulators and tests), report ID first. */
export function encodeHidPosReports(data: Uint8Array, options: EncodeScanOptions = {}): Uint8Array[] {
  const layout = options.layout ?? HONEYWELL_HID_POS_LAYOUT;
  const sizes = [...(options.chunkSizes ?? [])];
  const reports: Uint8Array[] = [];
  let offset = 0;
  do {
    const size = Math.min(Math.max(1, sizes.shift() ?? layout.maxDataLength), layout.maxDataLength, data.length - offset);
    const report = new Uint8Array(1 + layout.reportLength);
    const body = report.subarray(1);
    report[0] = layout.reportId;
    body[layout.lengthOffset] = size;
    if (options.aim) body.set([...options.aim].map((c) => c.charCodeAt(0) & 0xff).slice(0, 3), layout.aimOffset);
    body.set(data.subarray(offset, offset + size), layout.dataOffset);
    if (layout.codeIdOffset !== undefined) body[layout.codeIdOffset] = options.vendorCodeId ?? 0;
    offset += size;
    body[layout.continuedOffset] = offset < data.length ? 1 : 0;
    reports.push(report);
  } while (offset < data.length);
  return reports;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

/** Reference §2.1: "Trailing CR in the data should be stripped" (the scanner's suffix); CRLF likewise. */
function withoutTrailingCr(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a && bytes[end - 2] === 0x0d) end -= 2;
  else if (bytes[end - 1] === 0x0d) end -= 1;
  return bytes.slice(0, end);
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
