/**
 * ISO/IEC 19794-4:2005 finger image record (FIR). Layout, big-endian (field
 * sizes as in NIST BiomDI's fir.h, which implements both this and ANSI/INCITS
 * 381-2004; the ISO header is the ANSI one without the 4-byte CBEFF product id):
 *
 *   general header (32): 'FIR\0' | '010\0' | record length (6) | capture device id (2)
 *     | image acquisition level (2) | number of finger images (1) | scale units (1: 1 ppi, 2 ppcm)
 *     | scan resolution x, y (2+2) | image resolution x, y (2+2) | pixel depth (1)
 *     | compression algorithm (1: 0 raw, 1 bit-packed, 2 WSQ, 3 JPEG, 4 JPEG 2000, 5 PNG) | reserved (2)
 *   per finger image (14 + data): data block length incl. this header (4) | finger position (1)
 *     | count of views (1) | view number (1) | quality (1) | impression type (1)
 *     | horizontal line length (2) | vertical line length (2) | reserved (1) | image data
 *
 * We write and read 8-bit grey, uncompressed (0) or PNG (5, lossless, through
 * an injected codec). Decoding checks every field and length, refuses images
 * larger than `maxPixels` before allocating, and returns typed errors only.
 */
import { type Result, BiometricFormatError, type FormatErrorCode } from './errors.ts';
import type { FingerprintImage } from './image.ts';
import { type GreyPngCodec, readPngHeader } from './png-codec.ts';

export const COMPRESSION_UNCOMPRESSED = 0;
export const COMPRESSION_PNG = 5;
export type SupportedCompression = typeof COMPRESSION_UNCOMPRESSED | typeof COMPRESSION_PNG;

export interface FingerImageView {
  /** 0 unknown, 1 right thumb … 10 left little, 11–15 multi-finger, 20–36 palm. */
  readonly fingerPosition: number;
  readonly viewCount: number;
  readonly viewNumber: number;
  /** 0–100, or 254 not computed, 255 computation failed. */
  readonly quality: number;
  /** 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe. */
  readonly impressionType: number;
  readonly width: number;
  readonly height: number;
  /** width × height bytes, 8-bit grey, decompressed. */
  readonly pixels: Uint8Array;
}

export interface FingerImageRecord {
  readonly captureDeviceId: number;
  /** 10, 20, 30, 31, 40 or 41 (ISO/IEC 19794-4 Table 1 settings; 30 and 31 are 500 ppi, 8 bit). */
  readonly imageAcquisitionLevel: number;
  /** 1 pixels per inch, 2 pixels per centimetre. */
  readonly scaleUnits: 1 | 2;
  readonly scanResolutionX: number;
  readonly scanResolutionY: number;
  readonly imageResolutionX: number;
  readonly imageResolutionY: number;
  readonly pixelDepth: 8;
  readonly compression: SupportedCompression;
  readonly views: readonly FingerImageView[];
}

export interface FirCodecOptions {
  /** Needed for PNG (compression 5). */
  readonly png?: GreyPngCodec;
  /** Largest image accepted, in pixels; default 1,000,000 (1000 × 1000, 5 × 5 cm at 500 ppi). */
  readonly maxPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 1_000_000;
const FORMAT_ID = [0x46, 0x49, 0x52, 0x00];
const VERSION = [0x30, 0x31, 0x30, 0x00];
const HEADER_BYTES = 32;
const VIEW_HEADER_BYTES = 14;
const ACQUISITION_LEVELS: ReadonlySet<number> = new Set([10, 20, 30, 31, 40, 41]);
const IMPRESSION_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 8]);

const fail = (code: FormatErrorCode, message: string, offset: number): { ok: false; error: BiometricFormatError } => ({
  ok: false,
  error: new BiometricFormatError(code, message, offset),
});
const within = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const validPosition = (p: number): boolean => within(p, 0, 15) || within(p, 20, 36);
const validQuality = (q: number): boolean => within(q, 0, 100) || q === 254 || q === 255;

function headerProblem(r: FingerImageRecord): [FormatErrorCode, string] | undefined {
  if (!within(r.captureDeviceId, 0, 0xffff)) return ['fir.bad_field', 'capture device id'];
  if (!ACQUISITION_LEVELS.has(r.imageAcquisitionLevel)) return ['fir.bad_field', 'image acquisition level'];
  if (r.scaleUnits !== 1 && r.scaleUnits !== 2) return ['fir.bad_field', 'scale units'];
  if (![r.scanResolutionX, r.scanResolutionY, r.imageResolutionX, r.imageResolutionY].every((v) => within(v, 1, 0xffff)))
    return ['fir.bad_field', 'resolution'];
  if (r.imageResolutionX > r.scanResolutionX || r.imageResolutionY > r.scanResolutionY) return ['fir.bad_field', 'image resolution above scan resolution'];
  return undefined;
}

function viewProblem(v: FingerImageView, maxPixels: number): [FormatErrorCode, string] | undefined {
  if (!validPosition(v.fingerPosition)) return ['fir.bad_field', 'finger position'];
  if (!within(v.viewCount, 1, 255) || !within(v.viewNumber, 0, 255)) return ['fir.bad_field', 'view count or number'];
  if (!validQuality(v.quality)) return ['fir.bad_field', 'image quality'];
  if (!IMPRESSION_TYPES.has(v.impressionType)) return ['fir.bad_field', 'impression type'];
  if (!within(v.width, 1, 0xffff) || !within(v.height, 1, 0xffff)) return ['fir.bad_dimensions', `image ${String(v.width)} × ${String(v.height)}`];
  if (v.width * v.height > maxPixels) return ['fir.too_large', `image of ${v.width * v.height} pixels (at most ${maxPixels})`];
  return undefined;
}

export function encodeFingerImageRecord(record: FingerImageRecord, options: FirCodecOptions = {}): Result<Uint8Array, BiometricFormatError> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = headerProblem(record);
  if (header !== undefined) return fail(header[0], `cannot encode: ${header[1]} out of range`, 0);
  if (record.pixelDepth !== 8) return fail('fir.unsupported_depth', 'only 8-bit images are written', 0);
  if (record.compression !== COMPRESSION_UNCOMPRESSED && record.compression !== COMPRESSION_PNG)
    return fail('fir.unsupported_compression', 'only uncompressed and PNG images are written', 0);
  if (record.views.length < 1 || record.views.length > 255) return fail('fir.bad_field', 'a record holds 1–255 finger images', 0);
  const blocks: Uint8Array[] = [];
  for (const view of record.views) {
    const problem = viewProblem(view, maxPixels);
    if (problem !== undefined) return fail(problem[0], `cannot encode: ${problem[1]}`, 0);
    if (!(view.pixels instanceof Uint8Array) || view.pixels.length !== view.width * view.height)
      return fail('fir.bad_image_data', 'pixel buffer does not match the image size', 0);
    let data = view.pixels;
    if (record.compression === COMPRESSION_PNG) {
      if (options.png === undefined) return fail('fir.unsupported_compression', 'PNG needs a codec', 0);
      data = options.png.encode(view.width, view.height, view.pixels);
    }
    const block = new Uint8Array(VIEW_HEADER_BYTES + data.length);
    const out = new DataView(block.buffer);
    out.setUint32(0, block.length);
    block.set([view.fingerPosition, view.viewCount, view.viewNumber, view.quality, view.impressionType], 4);
    out.setUint16(9, view.width);
    out.setUint16(11, view.height);
    block.set(data, VIEW_HEADER_BYTES);
    blocks.push(block);
  }
  const length = blocks.reduce((n, b) => n + b.length, HEADER_BYTES);
  const bytes = new Uint8Array(length);
  const out = new DataView(bytes.buffer);
  bytes.set(FORMAT_ID, 0);
  bytes.set(VERSION, 4);
  out.setUint16(8, Math.floor(length / 2 ** 32));
  out.setUint32(10, length >>> 0);
  out.setUint16(14, record.captureDeviceId);
  out.setUint16(16, record.imageAcquisitionLevel);
  out.setUint8(18, record.views.length);
  out.setUint8(19, record.scaleUnits);
  out.setUint16(20, record.scanResolutionX);
  out.setUint16(22, record.scanResolutionY);
  out.setUint16(24, record.imageResolutionX);
  out.setUint16(26, record.imageResolutionY);
  out.setUint8(28, record.pixelDepth);
  out.setUint8(29, record.compression);
  let at = HEADER_BYTES;
  for (const block of blocks) {
    bytes.set(block, at);
    at += block.length;
  }
  return { ok: true, value: bytes };
}

export function decodeFingerImageRecord(bytes: Uint8Array, options: FirCodecOptions = {}): Result<FingerImageRecord, BiometricFormatError> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(bytes instanceof Uint8Array)) return fail('fir.truncated', 'a record is a byte array', 0);
  if (bytes.length < HEADER_BYTES) return fail('fir.truncated', `a record needs ${HEADER_BYTES} header bytes, got ${bytes.length}`, bytes.length);
  if (FORMAT_ID.some((b, i) => bytes[i] !== b)) return fail('fir.bad_magic', "format identifier is not 'FIR\\0'", 0);
  if (VERSION.some((b, i) => bytes[4 + i] !== b)) return fail('fir.bad_version', "version is not '010\\0' (ISO/IEC 19794-4:2005)", 4);
  const input = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = input.getUint16(8) * 2 ** 32 + input.getUint32(10);
  if (declared !== bytes.length) return fail('fir.length_mismatch', `record length field says ${declared}, got ${bytes.length} bytes`, 8);
  if (input.getUint16(30) !== 0) return fail('fir.bad_field', 'reserved header bytes are not 0', 30);
  const count = bytes[18]!;
  if (count === 0) return fail('fir.bad_field', 'a record holds at least one finger image', 18);
  const pixelDepth = bytes[28]!;
  if (!within(pixelDepth, 1, 16)) return fail('fir.bad_field', `pixel depth ${pixelDepth} is not 1–16`, 28);
  if (pixelDepth !== 8) return fail('fir.unsupported_depth', `only 8-bit images are read, this one has ${pixelDepth} bits`, 28);
  const compression = bytes[29]!;
  if (compression > 5) return fail('fir.bad_field', `compression algorithm ${compression} is not defined`, 29);
  if (compression !== COMPRESSION_UNCOMPRESSED && compression !== COMPRESSION_PNG)
    return fail('fir.unsupported_compression', `compression algorithm ${compression} is not supported (0 and 5 are)`, 29);
  if (compression === COMPRESSION_PNG && options.png === undefined) return fail('fir.unsupported_compression', 'PNG image data but no PNG codec', 29);
  const header = {
    captureDeviceId: input.getUint16(14),
    imageAcquisitionLevel: input.getUint16(16),
    scaleUnits: bytes[19]! as 1 | 2,
    scanResolutionX: input.getUint16(20),
    scanResolutionY: input.getUint16(22),
    imageResolutionX: input.getUint16(24),
    imageResolutionY: input.getUint16(26),
    pixelDepth: 8 as const,
    compression: compression as SupportedCompression,
  };
  const problem = headerProblem({ ...header, views: [] });
  if (problem !== undefined) return fail(problem[0], `${problem[1]} out of range`, 14);

  const views: FingerImageView[] = [];
  let at = HEADER_BYTES;
  for (let v = 0; v < count; v++) {
    if (at + VIEW_HEADER_BYTES > bytes.length) return fail('fir.truncated', `finger image ${v} header runs past the record`, at);
    const blockLength = input.getUint32(at);
    if (blockLength < VIEW_HEADER_BYTES) return fail('fir.bad_field', `finger image ${v} block length ${blockLength} is shorter than its header`, at);
    if (blockLength > bytes.length - at) return fail('fir.truncated', `finger image ${v} runs past the record`, at);
    if (bytes[at + 13] !== 0) return fail('fir.bad_field', `finger image ${v} reserved byte is not 0`, at + 13);
    const fields = {
      fingerPosition: bytes[at + 4]!,
      viewCount: bytes[at + 5]!,
      viewNumber: bytes[at + 6]!,
      quality: bytes[at + 7]!,
      impressionType: bytes[at + 8]!,
      width: input.getUint16(at + 9),
      height: input.getUint16(at + 11),
    };
    const bad = viewProblem({ ...fields, pixels: new Uint8Array(0) }, maxPixels);
    if (bad !== undefined) return fail(bad[0], `finger image ${v}: ${bad[1]}`, at + 4);
    const data = bytes.subarray(at + VIEW_HEADER_BYTES, at + blockLength);
    const pixels =
      compression === COMPRESSION_PNG
        ? decodePng(data, fields.width, fields.height, options.png!)
        : data.length === fields.width * fields.height
          ? data.slice()
          : undefined;
    if (pixels === undefined)
      return fail('fir.bad_image_data', `finger image ${v} data does not hold a ${fields.width} × ${fields.height} 8-bit image`, at + VIEW_HEADER_BYTES);
    views.push({ ...fields, pixels });
    at += blockLength;
  }
  if (at !== bytes.length) return fail('fir.length_mismatch', `${bytes.length - at} bytes after the last finger image`, at);
  return { ok: true, value: { ...header, views } };
}

function decodePng(data: Uint8Array, width: number, height: number, codec: GreyPngCodec): Uint8Array | undefined {
  const ihdr = readPngHeader(data);
  // Only 8-bit greyscale, and only the size the record header declared (and bounded).
  if (ihdr === undefined || ihdr.width !== width || ihdr.height !== height || ihdr.bitDepth !== 8 || ihdr.colourType !== 0) return undefined;
  try {
    const image = codec.decode(data);
    return image.width === width && image.height === height && image.pixels.length === width * height ? image.pixels : undefined;
  } catch {
    return undefined;
  }
}

/** One 500 ppi, 8-bit, live-scan plain finger image, as the kiosk sends it. */
export function singleFingerImageRecord(
  image: FingerprintImage,
  view: { fingerPosition: number; quality: number; compression?: SupportedCompression; captureDeviceId?: number },
): FingerImageRecord {
  const ppi = Math.round(image.resolutionPpi ?? 500);
  return {
    captureDeviceId: view.captureDeviceId ?? 0,
    // 30: 500 ppi, 8 bit; a cheap live-scan sensor (4-bit R30x expanded to 8) makes no claim to level 31.
    imageAcquisitionLevel: 30,
    scaleUnits: 1,
    scanResolutionX: ppi,
    scanResolutionY: ppi,
    imageResolutionX: ppi,
    imageResolutionY: ppi,
    pixelDepth: 8,
    compression: view.compression ?? COMPRESSION_UNCOMPRESSED,
    views: [
      {
        fingerPosition: view.fingerPosition,
        viewCount: 1,
        viewNumber: 1,
        quality: view.quality,
        impressionType: 0,
        width: image.width,
        height: image.height,
        pixels: image.pixels,
      },
    ],
  };
}

/** A decoded view as an image for the extractor, with its resolution in pixels per inch. */
export function fingerprintImageOf(record: FingerImageRecord, view: FingerImageView): FingerprintImage {
  const resolution = (record.imageResolutionX + record.imageResolutionY) / 2;
  return {
    width: view.width,
    height: view.height,
    pixels: view.pixels,
    bitDepth: record.pixelDepth,
    resolutionPpi: record.scaleUnits === 1 ? resolution : resolution * 2.54,
  };
}
