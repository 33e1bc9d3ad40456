/**
 * What UpChar returned: a vendor template or an ISO/IEC 19794-2:2005 record.
 *
 * A real R30x uploads its CharBuffer (512 bytes on ZFM-20/R30x, 1536 on R503,
 * hardware-protocols.md §1.6) in a proprietary format. The simulators put an
 * ISO record there, zero-padded to the buffer size as a module pads its
 * buffer, so the record's own length field (§7.1, offset 8) says where it
 * ends. Anything that does not read as such a record is declared
 * `r30x-vendor` and returned whole.
 */
import type { TemplateFormat } from './fingerprint-reader.ts';
import type { FingerPosition } from '../../common/fingers.ts';

const FMR_2005_PREFIX = [0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00];
const HEADER_BYTES = 24;
/** View header: position (1), view/impression (1), quality (1), minutiae count (1). */
const VIEW_POSITION_OFFSET = HEADER_BYTES;
const VIEW_QUALITY_OFFSET = HEADER_BYTES + 2;
const MIN_ONE_VIEW_BYTES = HEADER_BYTES + 4 + 2;

export interface ClassifiedTemplate {
  readonly format: TemplateFormat;
  readonly template: Uint8Array;
  readonly quality: number | null;
}

/**
 * Declares the format of uploaded char-buffer bytes. An ISO record is trimmed
 * to its declared length and its first view is stamped with `finger`: a
 * module's extractor does not know which finger it saw, the kiosk does
 * (it asked for it).
 */
export function classifyTemplate(bytes: Uint8Array, finger: FingerPosition): ClassifiedTemplate {
  const declared = isoRecordLength(bytes);
  if (declared === undefined) return { format: 'r30x-vendor', template: bytes.slice(), quality: null };
  const template = bytes.slice(0, declared);
  const hasView = template[22]! >= 1 && declared >= MIN_ONE_VIEW_BYTES;
  if (hasView) template[VIEW_POSITION_OFFSET] = finger;
  const quality = hasView && template[VIEW_QUALITY_OFFSET]! <= 100 ? template[VIEW_QUALITY_OFFSET]! : null;
  return { format: 'iso-19794-2-2005', template, quality };
}

/** The record length when `bytes` hold an ISO 19794-2:2005 record followed only by zero padding. */
export function isoRecordLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < HEADER_BYTES || FMR_2005_PREFIX.some((b, i) => bytes[i] !== b)) return undefined;
  const declared = ((bytes[8]! << 24) | (bytes[9]! << 16) | (bytes[10]! << 8) | bytes[11]!) >>> 0;
  if (declared < HEADER_BYTES || declared > bytes.length) return undefined;
  for (let i = declared; i < bytes.length; i++) if (bytes[i] !== 0) return undefined;
  return declared;
}
