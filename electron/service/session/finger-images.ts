/**
 * The session's FingerImages over biometrics/: the local quality score and
 * guidance (NFIQ 2 in spirit, biometrics/fingerprint/quality.ts) and the
 * ISO/IEC 19794-4:2005 record central receives.
 *
 * PNG (compression 5), not uncompressed: it is lossless, as 19794-4 and
 * MOSIP ask of registration images, so central extracts from exactly the
 * pixels the sensor gave; a 256 × 288 ridge image shrinks to roughly a third,
 * which is what every verification request and every sealed row in the outbox
 * carries; and pngjs is already a dependency (biometrics/fingerprint/pngjs-codec.ts).
 */
import { COMPRESSION_PNG, encodeFingerImageRecord, singleFingerImageRecord } from '../../../biometrics/fingerprint/iso-19794-4.ts';
import { pngjsGreyCodec } from '../../../biometrics/fingerprint/pngjs-codec.ts';
import { assessFingerprintQuality } from '../../../biometrics/fingerprint/quality.ts';
import type { FingerPosition } from '../../../common/fingers.ts';
import type { CapturedImage } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import type { FingerImageAssessment, FingerImages } from './session-ports.ts';
import { isFingerGuidance } from './session-state.ts';

/**
 * The kiosk sends an image only when its guidance is `ok` AND it scores at
 * least this. biometrics/' own floor (ACCEPTABLE_QUALITY, 40) lets blurred,
 * low-contrast captures through: measured on 200 synthetic fingers (all ten
 * positions) per condition, as the simulated reader delivers them (256 × 288, 500 ppi,
 * quantised to the R30x's 4 bits), the score ranged
 *
 *   good 94–98, fair 91–96 (guidance ok 200/200 each);
 *   poor 54–76 (ok 190/200, off_centre 7, too_light 3);
 *   dry 91–96 and wet 88–97, but guidance too_dry 200/200 and too_wet 200/200.
 *
 * Guidance alone catches dry and wet; the score separates poor from fair with
 * 15 points between them, and 84 sits in the middle, so every poor capture is
 * refused (as smudged: ridges there, but unclear) and every good or fair one
 * goes to central. A real sensor's images may sit elsewhere on the scale: this
 * is a figure to measure again on one, not a law.
 */
export const KIOSK_MIN_QUALITY = 84;

export const fingerImages: FingerImages = {
  assess(image: CapturedImage): FingerImageAssessment {
    const assessed = assessFingerprintQuality({
      width: image.width,
      height: image.height,
      pixels: image.pixels,
      resolutionPpi: image.resolutionPpi,
      bitDepth: 8,
    });
    // An image of a shape the extractor refuses is nothing a citizen can fix by pressing differently.
    if (!assessed.ok) return { score: 0, guidance: isFingerGuidance(assessed.error.guidance.reason) ? assessed.error.guidance.reason : 'not_a_finger' };
    const { score, guidance } = assessed.value;
    if (guidance.reason === 'ok') return { score, guidance: score >= KIOSK_MIN_QUALITY ? 'ok' : 'smudged' };
    return { score, guidance: isFingerGuidance(guidance.reason) ? guidance.reason : 'smudged' };
  },

  encode(image: CapturedImage, finger: FingerPosition, quality: number): Uint8Array {
    const record = singleFingerImageRecord(
      { width: image.width, height: image.height, pixels: image.pixels, resolutionPpi: image.resolutionPpi },
      { fingerPosition: finger, quality: Math.max(0, Math.min(100, Math.round(quality))), compression: COMPRESSION_PNG },
    );
    const encoded = encodeFingerImageRecord(record, { png: pngjsGreyCodec });
    // Our own image from a driver that checked its size: a failure here is a programming error.
    if (!encoded.ok) throw encoded.error;
    return encoded.value;
  },
};
