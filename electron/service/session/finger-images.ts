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
import type { CapturedImage, FingerPosition } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import type { FingerImageAssessment, FingerImages } from './session-ports.ts';
import { isFingerGuidance } from './session-state.ts';

export const fingerImages: FingerImages = {
  assess(image: CapturedImage): FingerImageAssessment {
    const assessed = assessFingerprintQuality({ width: image.width, height: image.height, pixels: image.pixels, resolutionPpi: image.resolutionPpi, bitDepth: 8 });
    // An image of a shape the extractor refuses is nothing a citizen can fix by pressing differently.
    if (!assessed.ok) return { score: 0, guidance: isFingerGuidance(assessed.error.guidance.reason) ? assessed.error.guidance.reason : 'not_a_finger' };
    const { score, guidance } = assessed.value;
    if (guidance.reason === 'ok') return { score, guidance: 'ok' };
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
