/**
 * Fingerprint images as PNG files a technician can open, send and compare:
 * 8-bit grey (PNG colour type 0), with a pHYs chunk giving the resolution so
 * viewers and other tools know the print is at 500 ppi (PNG spec §11.3.5.3:
 * pixels per metre, unit 1; 500 ppi = 19,685 px/m). Reading refuses whatever
 * is not such a PNG with a typed error before any pixel is inflated.
 */
import { crc32 } from 'node:zlib';
import { type FingerprintImage, MAX_IMAGE_SIDE, MIN_IMAGE_SIDE } from '../../../biometrics/fingerprint/image.ts';
import { readPngHeader } from '../../../biometrics/fingerprint/png-codec.ts';
import { pngjsGreyCodec } from '../../../biometrics/fingerprint/pngjs-codec.ts';
import { MaintenanceError, message } from './maintenance-error.ts';

const METRES_PER_INCH = 0.0254;
export const DEFAULT_PPI = 500;
/** Where IHDR ends: signature 8 + length 4 + type 4 + data 13 + CRC 4. */
const AFTER_IHDR = 33;

export type PngErrorCode = 'image.not_png' | 'image.not_grey' | 'image.corrupt' | 'fingerprint.bad_dimensions';

function pngError(code: PngErrorCode, detail: string, field: string | undefined): MaintenanceError {
  return new MaintenanceError(code, message('technicalDetail', { detail }), field === undefined ? {} : { field });
}

export const pixelsPerMetre = (ppi: number): number => Math.round(ppi / METRES_PER_INCH);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  bytes.set(new TextEncoder().encode(type), 4);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
  return bytes;
}

/** An 8-bit grey PNG of `image` with its resolution in pHYs. */
export function encodeFingerprintPng(image: { readonly width: number; readonly height: number; readonly pixels: Uint8Array }, ppi = DEFAULT_PPI): Uint8Array {
  const png = pngjsGreyCodec.encode(image.width, image.height, image.pixels);
  const phys = new Uint8Array(9);
  const view = new DataView(phys.buffer);
  view.setUint32(0, pixelsPerMetre(ppi));
  view.setUint32(4, pixelsPerMetre(ppi));
  phys[8] = 1; // unit: metre
  const physChunk = chunk('pHYs', phys);
  const out = new Uint8Array(png.length + physChunk.length);
  // pHYs must come before the first IDAT (PNG spec §5.6): right after IHDR is always valid.
  out.set(png.subarray(0, AFTER_IHDR));
  out.set(physChunk, AFTER_IHDR);
  out.set(png.subarray(AFTER_IHDR), AFTER_IHDR + physChunk.length);
  return out;
}

/** The resolution a pHYs chunk declares in pixels per inch, or undefined when there is none (or it gives only an aspect ratio). */
export function pngResolutionPpi(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT' || type === 'IEND') return undefined;
    if (type === 'pHYs' && length === 9 && at + 17 <= bytes.length) {
      const x = view.getUint32(at + 8);
      const y = view.getUint32(at + 12);
      // Unit 0 gives only the pixel aspect ratio; a non-square pixel is no print at one resolution.
      return bytes[at + 16] === 1 && x === y && x > 0 ? x * METRES_PER_INCH : undefined;
    }
    at += 12 + length;
  }
  return undefined;
}

/**
 * The fingerprint image in an 8-bit grey PNG, at the resolution its pHYs
 * states (500 ppi when it states none). `field` names the image in errors.
 */
export function decodeFingerprintPng(bytes: Uint8Array, field?: string): FingerprintImage {
  const header = readPngHeader(bytes);
  if (!header) throw pngError('image.not_png', 'not a PNG file (no PNG signature and IHDR)', field);
  if (header.colourType !== 0 || header.bitDepth !== 8) {
    throw pngError(
      'image.not_grey',
      `an 8-bit grey PNG is needed (colour type 0, depth 8), this one has colour type ${header.colourType}, depth ${header.bitDepth}`,
      field,
    );
  }
  const { width, height } = header;
  // Bounded before inflating, so a huge declared size costs nothing.
  if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw pngError('fingerprint.bad_dimensions', `a finger image is ${MIN_IMAGE_SIDE}–${MAX_IMAGE_SIDE} px a side, this one is ${width} × ${height}`, field);
  }
  let decoded: { width: number; height: number; pixels: Uint8Array };
  try {
    decoded = pngjsGreyCodec.decode(bytes);
  } catch (error) {
    throw pngError('image.corrupt', `the PNG does not decode: ${error instanceof Error ? error.message : String(error)}`, field);
  }
  const ppi = pngResolutionPpi(bytes);
  return { width: decoded.width, height: decoded.height, pixels: decoded.pixels, bitDepth: 8, resolutionPpi: ppi === undefined ? DEFAULT_PPI : ppi };
}
