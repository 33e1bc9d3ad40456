/**
 * PNG (compression algorithm 5 of ISO/IEC 19794-4) is deflate, which the
 * pure core does not implement: callers inject a codec (pngjs-codec.ts in
 * Node). Before handing bytes to it the core checks the PNG signature and
 * IHDR against the record header, so a codec never allocates for dimensions
 * the record did not declare and bounded.
 */

export interface GreyPngCodec {
  /** 8-bit greyscale PNG of `pixels` (width × height bytes). */
  encode(width: number, height: number, pixels: Uint8Array): Uint8Array;
  /** 8-bit grey pixels of a PNG; may throw on corrupt data (the core turns that into fir.bad_image_data). */
  decode(bytes: Uint8Array): { width: number; height: number; pixels: Uint8Array };
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
}

/** The IHDR of a PNG (PNG spec §11.2.2: it must be the first chunk), or undefined when the bytes do not start like one. */
export function readPngHeader(bytes: Uint8Array): PngHeader | undefined {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || IHDR.some((b, i) => bytes[12 + i] !== b)) return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24]!, colourType: bytes[25]! };
}
