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
  fingerImage,
  FINGERPRINT_QUALITIES,
  masterPrint,
  type FingerprintQuality,
  generateFinger,
  type Impression,
  singleViewRecord,
} from '../../synthetic/fingers/index.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import { CAPTURE_RESOLUTION_PPI, type CapturedImage } from './fingerprint-reader.ts';
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

export { FINGERPRINT_QUALITIES, type FingerprintQuality };

export function isFingerprintCondition(text: string): text is FingerprintQuality {
  return (FINGERPRINT_QUALITIES as readonly string[]).includes(text);
}

/**
 * The dev panel and the control lines speak of quality as a number (0–100,
 * default 80); the ridge images come in named conditions. 80 (a "matching"
 * finger) is `good`; the panel's poor-quality finger (5) alternates between
 * `poor` and `dry` placements, the two ways a real capture most often comes
 * out unusable.
 */
export function conditionOfQuality(quality: number, placement: number): FingerprintQuality {
  if (quality >= 90) return 'enrollment';
  if (quality >= 70) return 'good';
  if (quality >= 45) return 'fair';
  if (quality >= 20) return 'poor';
  return placement % 2 === 0 ? 'poor' : 'dry';
}

/**
 * What the sensor shows for one placement: the synthetic ridge image
 * (synthetic/fingers/ridge-image) of the citizen's finger, R30x-sized,
 * 500 ppi. `impressionIndex` differs per placement, so two captures differ.
 */
export function ridgeImpressionImage(
  citizen: SyntheticCitizen,
  position: FingerPosition,
  impressionIndex: number,
  condition: FingerprintQuality,
): CapturedImage {
  const { width, height, pixels } = fingerImage(citizenFingerKey(citizen.run), position, impressionIndex, condition, '256x288');
  return { width, height, pixels, resolutionPpi: CAPTURE_RESOLUTION_PPI };
}

/** Grows (and caches) the finger's master print, so the first capture costs only the impression. */
export function warmRidgeImage(citizen: SyntheticCitizen, position: FingerPosition): void {
  masterPrint(citizenFingerKey(citizen.run), position);
}

export function citizenFinger(citizen: SyntheticCitizen, position: FingerPosition): Finger {
  return generateFinger(citizenFingerKey(citizen.run), position);
}

export function impressionOf(finger: Finger, quality: number, seed: string | number): Impression {
  return captureImpression(finger, { quality, seed });
}

export type Extraction = { readonly ok: true; readonly record: Uint8Array; readonly quality: number } | { readonly ok: false; readonly confirmation: number };

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
