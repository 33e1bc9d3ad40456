/**
 * The grey-scale image every fingerprint function takes: 8 bits per pixel,
 * row-major, origin top-left (ISO/IEC 19794-4 scan order), 500 ppi nominal.
 */
import { FingerprintImageError } from './errors.ts';

export interface FingerprintImage {
  readonly width: number;
  readonly height: number;
  /** width × height bytes, 0 black … 255 white; ridges are dark. */
  readonly pixels: Uint8Array;
  /** Pixels per inch; 500 when absent. */
  readonly resolutionPpi?: number;
  /** Bits per pixel of the source; only 8 is accepted (a 4-bit sensor image is expanded before it gets here). */
  readonly bitDepth?: number;
}

/** Sides outside this range are not a single-finger capture at 500 ppi (0.3–5 cm). */
export const MIN_IMAGE_SIDE = 150;
export const MAX_IMAGE_SIDE = 1000;
/** The extractor's filters are tuned for 500 ppi; 450–550 covers 500 and 508 ppi sensors. */
export const MIN_RESOLUTION_PPI = 450;
export const MAX_RESOLUTION_PPI = 550;

/** Why the image cannot be processed at all, or undefined when its shape is acceptable. */
export function checkImageShape(image: FingerprintImage): FingerprintImageError | undefined {
  const notAFinger = { reason: 'not_a_finger' } as const;
  if (typeof image !== 'object' || image === null || !(image.pixels instanceof Uint8Array)) {
    return new FingerprintImageError('fingerprint.bad_image', 'the image has no 8-bit pixel buffer', notAFinger);
  }
  const { width, height } = image;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < MIN_IMAGE_SIDE ||
    height < MIN_IMAGE_SIDE ||
    width > MAX_IMAGE_SIDE ||
    height > MAX_IMAGE_SIDE
  ) {
    return new FingerprintImageError(
      'fingerprint.bad_dimensions',
      `image sides must be ${MIN_IMAGE_SIDE}–${MAX_IMAGE_SIDE} px, got ${String(width)} × ${String(height)}`,
      notAFinger,
    );
  }
  if (image.pixels.length !== width * height) {
    return new FingerprintImageError(
      'fingerprint.bad_image',
      `a ${width} × ${height} image needs ${width * height} bytes, got ${image.pixels.length}`,
      notAFinger,
    );
  }
  if (image.bitDepth !== undefined && image.bitDepth !== 8) {
    return new FingerprintImageError('fingerprint.bad_depth', `only 8-bit images are accepted, got ${String(image.bitDepth)} bits`, notAFinger);
  }
  const ppi = image.resolutionPpi;
  if (ppi !== undefined && !(Number.isFinite(ppi) && ppi >= MIN_RESOLUTION_PPI && ppi <= MAX_RESOLUTION_PPI)) {
    return new FingerprintImageError(
      'fingerprint.bad_resolution',
      `resolution must be ${MIN_RESOLUTION_PPI}–${MAX_RESOLUTION_PPI} ppi, got ${String(ppi)}`,
      notAFinger,
    );
  }
  return undefined;
}
