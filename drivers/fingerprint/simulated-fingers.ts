/**
 * The synthetic world as both fingerprint simulators see it (the in-process
 * simulated reader and the byte-level R30x simulator): whose finger is
 * placed, what a capture of it yields (an ISO/IEC 19794-2:2005 record, from
 * synthetic/fingers), and a picture of it for UpImage.
 *
 * A finger is keyed by the citizen's RUN (synthetic/fingers citizenFingerKey)
 * and its ISO position, so the central sandbox, given the same RUN, generates
 * the same finger.
 */
import type { SyntheticCitizen } from '../../synthetic/citizens/index.ts';
import {
  captureImpression,
  citizenFingerKey,
  encodeFingerMinutiaeRecord,
  type Finger,
  generateFinger,
  type Impression,
  ridgeOrientation,
  seededRandom,
  singleViewRecord,
} from '../../synthetic/fingers/index.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import { CONFIRMATION } from './r30x-confirmation-codes.ts';

/** CharBuffer size of ZFM-20/R30x modules (hardware-protocols.md §1.6); UpChar sends it whole. */
export const CHAR_BUFFER_BYTES = 512;
/** Header 24 + view header 4 + extended-data length 2 + 80 × 6 = 510: the most minutiae a 512-byte buffer holds. */
export const MAX_RECORD_MINUTIAE = 80;
/**
 * Below this quality the simulated extractor refuses with 0x06 ("too
 * disorderly"); with fewer minutiae than MIN_MINUTIAE, with 0x07 ("too few
 * features"). The matcher's FRR rises steeply below quality 20
 * (synthetic/fingers/matcher.ts), which is what a real module's refusal protects.
 */
export const MIN_QUALITY = 20;
export const MIN_MINUTIAE = 12;

export function citizenFinger(citizen: SyntheticCitizen, position: FingerPosition): Finger {
  return generateFinger(citizenFingerKey(citizen.run), position);
}

export function impressionOf(finger: Finger, quality: number, seed: string | number): Impression {
  return captureImpression(finger, { quality, seed });
}

export type Extraction =
  | { readonly ok: true; readonly record: Uint8Array; readonly quality: number }
  | { readonly ok: false; readonly confirmation: number };

/**
 * What a feature extractor makes of an impression: an ISO record, or the
 * module's refusal code. `fingerPosition` 0 means unknown, as a module writes
 * it (it cannot know which finger it saw).
 */
export function extractFeatures(impression: Impression, fingerPosition: number): Extraction {
  if (impression.quality < MIN_QUALITY) return { ok: false, confirmation: CONFIRMATION.imageTooDisorderly };
  if (impression.minutiae.length < MIN_MINUTIAE) return { ok: false, confirmation: CONFIRMATION.tooFewFeatures };
  // An extractor reports only pixels it has. captureImpression can place a spurious minutia on
  // x = width or y = height (Math.round of a range's upper end), which ISO 19794-2 cannot encode.
  const inside = impression.minutiae.filter((m) => m.x >= 0 && m.y >= 0 && m.x < impression.width && m.y < impression.height);
  const record = singleViewRecord({ ...impression, fingerPosition, minutiae: inside.slice(0, MAX_RECORD_MINUTIAE) });
  return { ok: true, record: encodeFingerMinutiaeRecord(record), quality: impression.quality };
}

/** Zero-pads a record to the char buffer's size, as a module uploads its whole buffer. */
export function padToCharBuffer(record: Uint8Array): Uint8Array {
  const buffer = new Uint8Array(Math.max(CHAR_BUFFER_BYTES, record.length));
  buffer.set(record);
  return buffer;
}

/** Mean ridge period at 500 dpi, px (synthetic/fingers/minutia.ts RIDGE_SPACING_PX). */
const RIDGE_PERIOD_PX = 9;

/**
 * An 8-bit picture of the impression: ridges along the finger's flow field,
 * placed as the impression was, inside the contact ellipse, with noise that
 * grows as quality falls. Enough to look like a print on a technician's
 * screen; the matcher never sees it (it works on the minutiae record).
 */
export function renderImpression(finger: Finger, impression: Impression): Uint8Array {
  const { width, height } = impression;
  const random = seededRandom('impression-image', finger.citizenKey, finger.position, impression.placement.dx, impression.placement.dy);
  const u = (100 - impression.quality) / 100;
  const contrast = 60 + 50 * (1 - u);
  const noise = 6 + 30 * u;
  const theta = (impression.placement.rotationDegrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)];
  const [cx, cy] = [width / 2, height / 2];
  const { dx, dy } = impression.placement;
  const [ex, ey] = [cx + 0.8 * dx, cy + 0.8 * dy];
  const [ax, ay] = [(0.62 - 0.14 * u) * width, (0.6 - 0.12 * u) * height];
  const pixels = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = ((x - ex) / ax) ** 2 + ((y - ey) / ay) ** 2;
      if (r > 1) continue;
      // Back into the finger's own frame (the inverse of capture.ts's placement).
      const [a, b] = [x - cx - dx, y - cy - dy];
      const fx = cx + a * cos - b * sin;
      const fy = cy + a * sin + b * cos;
      const orientation = ridgeOrientation(finger, fx, fy);
      const phase = ((fx - cx) * Math.sin(orientation) + (fy - cy) * Math.cos(orientation)) / RIDGE_PERIOD_PX;
      const edge = Math.min(1, (1 - r) * 6);
      const value = 255 - edge * (120 + contrast * Math.cos(2 * Math.PI * phase)) + noise * random.normal();
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return pixels;
}
