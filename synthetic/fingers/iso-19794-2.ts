/**
 * ISO/IEC 19794-2:2005 finger minutiae record (FMR), off-card format
 * (hardware-protocols.md §7.1). Layout, big-endian:
 *
 *   header (24):  'FMR\0' | ' 20\0' | total length (4) | 4-bit certification + 12-bit device type (2)
 *                 | width (2) | height (2) | x, y resolution in px/cm (2+2) | views (1) | reserved (1)
 *   per view:     position (1) | view number << 4 | impression type (1) | quality (1) | N (1)
 *                 | N × [type << 14 | x (2), reserved << 14 | y (2), angle (1), quality (1)]
 *                 | extended data length (2) | extended data
 *
 * The reference describes one extended-data block at the end of the record;
 * the standard puts one after each finger view (as FingerprintIO reads it,
 * robertvazan/fingerprintio-java Iso19794p2v2005Fingerprint). With one view the
 * two readings agree; we follow the standard.
 */
import type { Minutia, MinutiaType } from './minutia.ts';

export interface RecordMinutia extends Minutia {
  /** 0–100; 0 means "not reported". */
  readonly quality: number;
}

export interface FingerView {
  /** 0 unknown, 1 right thumb … 10 left little. */
  readonly fingerPosition: number;
  readonly viewNumber: number;
  /** 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe. */
  readonly impressionType: number;
  readonly fingerQuality: number;
  readonly minutiae: readonly RecordMinutia[];
  /** Raw extended data (ridge counts, core/delta, zonal quality); empty when absent. */
  readonly extendedData: Uint8Array;
}

export interface FingerMinutiaeRecord {
  readonly certificationFlags: number;
  readonly deviceTypeId: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Pixels per centimetre (197 ≈ 500 dpi). */
  readonly xResolution: number;
  readonly yResolution: number;
  readonly views: readonly FingerView[];
}

export type RecordErrorReason = 'truncated' | 'bad_format_id' | 'bad_version' | 'length_mismatch' | 'invalid_field';

export class FingerMinutiaeRecordError extends Error {
  readonly code: `fmr.${RecordErrorReason}`;
  readonly reason: RecordErrorReason;
  /** Byte offset where the problem was found. */
  readonly offset: number;
  constructor(reason: RecordErrorReason, message: string, offset: number) {
    super(message);
    this.name = 'FingerMinutiaeRecordError';
    this.reason = reason;
    this.code = `fmr.${reason}`;
    this.offset = offset;
  }
}

export type RecordResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FingerMinutiaeRecordError };

const FORMAT_ID = [0x46, 0x4d, 0x52, 0x00];
const VERSION_2005 = [0x20, 0x32, 0x30, 0x00];
const HEADER_BYTES = 24;
const VIEW_HEADER_BYTES = 4;
const MINUTIA_BYTES = 6;
const IMPRESSION_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 8]);
const TYPE_CODES: Readonly<Record<MinutiaType, number>> = { other: 0, 'ridge-ending': 1, bifurcation: 2 };
const TYPES_BY_CODE: readonly (MinutiaType | undefined)[] = ['other', 'ridge-ending', 'bifurcation', undefined];

/** Why a value is out of range, or undefined when every field fits the standard. */
function invalidField(record: FingerMinutiaeRecord): string | undefined {
  const within = (v: number, max: number, min = 0) => Number.isInteger(v) && v >= min && v <= max;
  if (!within(record.certificationFlags, 0xf) || !within(record.deviceTypeId, 0xfff)) return 'capture equipment';
  if (!within(record.imageWidth, 0x3fff, 1) || !within(record.imageHeight, 0x3fff, 1)) return 'image size';
  if (!within(record.xResolution, 0xffff, 1) || !within(record.yResolution, 0xffff, 1)) return 'resolution';
  if (record.views.length > 255) return 'number of views';
  for (const view of record.views) {
    if (!within(view.fingerPosition, 10) || !within(view.viewNumber, 15) || !IMPRESSION_TYPES.has(view.impressionType)) return 'finger view header';
    if (!within(view.fingerQuality, 100) || view.minutiae.length > 255 || view.extendedData.length > 0xffff) return 'finger view header';
    for (const m of view.minutiae) {
      if (!within(m.x, record.imageWidth - 1) || !within(m.y, record.imageHeight - 1)) return 'minutia position';
      if (!within(m.angle, 255) || !within(m.quality, 100) || !Object.hasOwn(TYPE_CODES, m.type)) return 'minutia';
    }
  }
  return undefined;
}

export function encodeFingerMinutiaeRecord(record: FingerMinutiaeRecord): Uint8Array {
  const problem = invalidField(record);
  if (problem !== undefined) throw new FingerMinutiaeRecordError('invalid_field', `cannot encode: ${problem} out of range`, 0);
  const length = record.views.reduce((n, v) => n + VIEW_HEADER_BYTES + v.minutiae.length * MINUTIA_BYTES + 2 + v.extendedData.length, HEADER_BYTES);
  const bytes = new Uint8Array(length);
  const out = new DataView(bytes.buffer);
  bytes.set(FORMAT_ID, 0);
  bytes.set(VERSION_2005, 4);
  out.setUint32(8, length);
  out.setUint16(12, (record.certificationFlags << 12) | record.deviceTypeId);
  out.setUint16(14, record.imageWidth);
  out.setUint16(16, record.imageHeight);
  out.setUint16(18, record.xResolution);
  out.setUint16(20, record.yResolution);
  out.setUint8(22, record.views.length);
  let at = HEADER_BYTES;
  for (const view of record.views) {
    bytes.set([view.fingerPosition, (view.viewNumber << 4) | view.impressionType, view.fingerQuality, view.minutiae.length], at);
    at += VIEW_HEADER_BYTES;
    for (const m of view.minutiae) {
      out.setUint16(at, (TYPE_CODES[m.type] << 14) | m.x);
      out.setUint16(at + 2, m.y);
      bytes.set([m.angle, m.quality], at + 4);
      at += MINUTIA_BYTES;
    }
    out.setUint16(at, view.extendedData.length);
    bytes.set(view.extendedData, at + 2);
    at += 2 + view.extendedData.length;
  }
  return bytes;
}

/** Reads a record; anything that is not a well-formed 2005 record is refused with a typed error, never thrown. */
export function decodeFingerMinutiaeRecord(bytes: Uint8Array): RecordResult<FingerMinutiaeRecord> {
  const fail = (reason: RecordErrorReason, message: string, offset: number): RecordResult<never> => ({
    ok: false,
    error: new FingerMinutiaeRecordError(reason, message, offset),
  });
  if (bytes.length < HEADER_BYTES) return fail('truncated', `a record needs ${HEADER_BYTES} header bytes, got ${bytes.length}`, bytes.length);
  if (FORMAT_ID.some((b, i) => bytes[i] !== b)) return fail('bad_format_id', "format identifier is not 'FMR\\0'", 0);
  if (VERSION_2005.some((b, i) => bytes[4 + i] !== b)) return fail('bad_version', "version is not ' 20\\0' (ISO/IEC 19794-2:2005)", 4);
  const input = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = input.getUint32(8);
  if (declared !== bytes.length) return fail('length_mismatch', `record length field says ${declared}, got ${bytes.length} bytes`, 8);
  // Reserved must be 0; refusing it keeps decode ∘ encode exact and catches misaligned input.
  if (bytes[23] !== 0) return fail('invalid_field', 'reserved header byte is not 0', 23);
  const equipment = input.getUint16(12);
  const viewCount = bytes[22]!;
  const views: FingerView[] = [];
  let at = HEADER_BYTES;
  for (let v = 0; v < viewCount; v++) {
    if (at + VIEW_HEADER_BYTES > bytes.length) return fail('truncated', `finger view ${v} header runs past the record`, at);
    const minutiaCount = bytes[at + 3]!;
    const end = at + VIEW_HEADER_BYTES + minutiaCount * MINUTIA_BYTES + 2;
    if (end > bytes.length) return fail('truncated', `finger view ${v} minutiae run past the record`, at);
    const minutiae: RecordMinutia[] = [];
    for (let k = 0, m = at + VIEW_HEADER_BYTES; k < minutiaCount; k++, m += MINUTIA_BYTES) {
      const xWord = input.getUint16(m);
      const yWord = input.getUint16(m + 2);
      const type = TYPES_BY_CODE[xWord >> 14];
      if (type === undefined || yWord >> 14 !== 0) return fail('invalid_field', `minutia ${k} of view ${v} has a reserved type or reserved bits set`, m);
      minutiae.push({ type, x: xWord & 0x3fff, y: yWord & 0x3fff, angle: bytes[m + 4]!, quality: bytes[m + 5]! });
    }
    const extendedLength = input.getUint16(end - 2);
    if (end + extendedLength > bytes.length) return fail('truncated', `extended data of view ${v} runs past the record`, end - 2);
    views.push({
      fingerPosition: bytes[at]!,
      viewNumber: bytes[at + 1]! >> 4,
      impressionType: bytes[at + 1]! & 0x0f,
      fingerQuality: bytes[at + 2]!,
      minutiae,
      extendedData: bytes.slice(end, end + extendedLength),
    });
    at = end + extendedLength;
  }
  if (at !== bytes.length) return fail('length_mismatch', `${bytes.length - at} bytes after the last finger view`, at);
  const record: FingerMinutiaeRecord = {
    certificationFlags: equipment >> 12,
    deviceTypeId: equipment & 0x0fff,
    imageWidth: input.getUint16(14),
    imageHeight: input.getUint16(16),
    xResolution: input.getUint16(18),
    yResolution: input.getUint16(20),
    views,
  };
  const problem = invalidField(record);
  if (problem !== undefined) return fail('invalid_field', `${problem} out of range`, HEADER_BYTES);
  return { ok: true, value: record };
}

/** What a captured template needs to become a one-view record. */
export interface SingleViewTemplate {
  readonly fingerPosition: number;
  readonly quality: number;
  readonly width: number;
  readonly height: number;
  readonly resolution: number;
  readonly minutiae: readonly Minutia[];
}

/** A live-scan plain, single-view record; each minutia carries the impression's quality. */
export function singleViewRecord(template: SingleViewTemplate): FingerMinutiaeRecord {
  const quality = Math.round(Math.min(100, Math.max(0, template.quality)));
  return {
    certificationFlags: 0,
    deviceTypeId: 0,
    imageWidth: template.width,
    imageHeight: template.height,
    xResolution: template.resolution,
    yResolution: template.resolution,
    views: [
      {
        fingerPosition: template.fingerPosition,
        viewNumber: 0,
        impressionType: 0,
        fingerQuality: quality,
        minutiae: template.minutiae.map((m) => ({ ...m, quality })),
        extendedData: new Uint8Array(0),
      },
    ],
  };
}
