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
 * the standard puts one after each finger view (as FingerprintIO reads it).
 * With one view the two readings agree; we follow the standard. Same byte
 * conventions as synthetic/fingers/iso-19794-2.ts, which may re-export this.
 */
import { type Result, BiometricFormatError, type FormatErrorCode } from './errors.ts';
import type { Minutia, MinutiaType } from './minutia.ts';

export interface FingerView {
  /** 0 unknown, 1 right thumb … 10 left little. */
  readonly fingerPosition: number;
  readonly viewNumber: number;
  /** 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe. */
  readonly impressionType: number;
  readonly fingerQuality: number;
  readonly minutiae: readonly Minutia[];
  /** Raw extended data (ridge counts, core/delta, zonal quality); empty when absent. */
  readonly extendedData: Uint8Array;
}

export interface FingerMinutiaeRecord {
  readonly certificationFlags: number;
  readonly deviceTypeId: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Pixels per centimetre (197 ≈ 500 ppi). */
  readonly xResolution: number;
  readonly yResolution: number;
  readonly views: readonly FingerView[];
}

export const MAX_MINUTIAE_PER_VIEW = 255;
const FORMAT_ID = [0x46, 0x4d, 0x52, 0x00];
const VERSION_2005 = [0x20, 0x32, 0x30, 0x00];
const HEADER_BYTES = 24;
const VIEW_HEADER_BYTES = 4;
const MINUTIA_BYTES = 6;
const IMPRESSION_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 8]);
const TYPE_CODES: Readonly<Record<MinutiaType, number>> = { other: 0, 'ridge-ending': 1, bifurcation: 2 };
const TYPES_BY_CODE: readonly (MinutiaType | undefined)[] = ['other', 'ridge-ending', 'bifurcation', undefined];

const fail = (code: FormatErrorCode, message: string, offset: number): { ok: false; error: BiometricFormatError } => ({
  ok: false,
  error: new BiometricFormatError(code, message, offset),
});

/** Why a value is out of range, or undefined when every field fits the standard. */
function invalidField(record: FingerMinutiaeRecord): string | undefined {
  const within = (v: unknown, max: number, min = 0) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (!within(record.certificationFlags, 0xf) || !within(record.deviceTypeId, 0xfff)) return 'capture equipment';
  if (!within(record.imageWidth, 0x3fff, 1) || !within(record.imageHeight, 0x3fff, 1)) return 'image size';
  if (!within(record.xResolution, 0xffff, 1) || !within(record.yResolution, 0xffff, 1)) return 'resolution';
  if (!Array.isArray(record.views) || record.views.length > 255) return 'number of views';
  for (const view of record.views) {
    if (!within(view.fingerPosition, 10) || !within(view.viewNumber, 15) || !IMPRESSION_TYPES.has(view.impressionType)) return 'finger view header';
    if (!within(view.fingerQuality, 100) || view.minutiae.length > MAX_MINUTIAE_PER_VIEW) return 'finger view header';
    if (!(view.extendedData instanceof Uint8Array) || view.extendedData.length > 0xffff) return 'extended data';
    for (const m of view.minutiae) {
      if (!within(m.x, record.imageWidth - 1) || !within(m.y, record.imageHeight - 1)) return 'minutia position';
      if (!within(m.angle, 255) || !within(m.quality, 100) || !Object.hasOwn(TYPE_CODES, m.type)) return 'minutia';
    }
  }
  return undefined;
}

export function encodeFingerMinutiaeRecord(record: FingerMinutiaeRecord): Result<Uint8Array, BiometricFormatError> {
  const problem = invalidField(record);
  if (problem !== undefined) return fail('fmr.bad_field', `cannot encode: ${problem} out of range`, 0);
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
  return { ok: true, value: bytes };
}

/** Reads a record; anything that is not a well-formed 2005 record is refused with a typed error, never thrown. */
export function decodeFingerMinutiaeRecord(bytes: Uint8Array): Result<FingerMinutiaeRecord, BiometricFormatError> {
  if (!(bytes instanceof Uint8Array)) return fail('fmr.truncated', 'a record is a byte array', 0);
  if (bytes.length < HEADER_BYTES) return fail('fmr.truncated', `a record needs ${HEADER_BYTES} header bytes, got ${bytes.length}`, bytes.length);
  if (FORMAT_ID.some((b, i) => bytes[i] !== b)) return fail('fmr.bad_magic', "format identifier is not 'FMR\\0'", 0);
  if (VERSION_2005.some((b, i) => bytes[4 + i] !== b)) return fail('fmr.bad_version', "version is not ' 20\\0' (ISO/IEC 19794-2:2005)", 4);
  const input = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = input.getUint32(8);
  if (declared !== bytes.length) return fail('fmr.length_mismatch', `record length field says ${declared}, got ${bytes.length} bytes`, 8);
  // Reserved must be 0; refusing it keeps decode ∘ encode exact and catches misaligned input.
  if (bytes[23] !== 0) return fail('fmr.bad_field', 'reserved header byte is not 0', 23);
  const equipment = input.getUint16(12);
  const viewCount = bytes[22]!;
  const views: FingerView[] = [];
  let at = HEADER_BYTES;
  for (let v = 0; v < viewCount; v++) {
    if (at + VIEW_HEADER_BYTES > bytes.length) return fail('fmr.truncated', `finger view ${v} header runs past the record`, at);
    const minutiaCount = bytes[at + 3]!;
    const end = at + VIEW_HEADER_BYTES + minutiaCount * MINUTIA_BYTES + 2;
    if (end > bytes.length) return fail('fmr.truncated', `finger view ${v} minutiae run past the record`, at);
    const minutiae: Minutia[] = [];
    for (let k = 0, m = at + VIEW_HEADER_BYTES; k < minutiaCount; k++, m += MINUTIA_BYTES) {
      const xWord = input.getUint16(m);
      const yWord = input.getUint16(m + 2);
      const type = TYPES_BY_CODE[xWord >> 14];
      if (type === undefined || yWord >> 14 !== 0) return fail('fmr.bad_field', `minutia ${k} of view ${v} has a reserved type or reserved bits set`, m);
      minutiae.push({ type, x: xWord & 0x3fff, y: yWord & 0x3fff, angle: bytes[m + 4]!, quality: bytes[m + 5]! });
    }
    const extendedLength = input.getUint16(end - 2);
    if (end + extendedLength > bytes.length) return fail('fmr.truncated', `extended data of view ${v} runs past the record`, end - 2);
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
  if (at !== bytes.length) return fail('fmr.length_mismatch', `${bytes.length - at} bytes after the last finger view`, at);
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
  if (problem !== undefined) return fail('fmr.bad_field', `${problem} out of range`, HEADER_BYTES);
  return { ok: true, value: record };
}
