/**
 * Fingerprint image → ISO/IEC 19794-2 minutiae. The public face of the
 * extraction pipeline (analyse.ts has the steps).
 */
import { type Result, FingerprintImageError } from '../errors.ts';
import type { Guidance } from '../guidance.ts';
import type { FingerprintImage } from '../image.ts';
import { type FingerMinutiaeRecord, MAX_MINUTIAE_PER_VIEW } from '../iso-19794-2.ts';
import { type Minutia, ppiToPpcm } from '../minutia.ts';
import { type QualityFeatures, assessAnalysis } from '../quality.ts';
import { analyseFingerprint } from './analyse.ts';
import type { Rejections } from './false-minutiae.ts';

export interface MinutiaeExtraction {
  readonly width: number;
  readonly height: number;
  readonly resolutionPpi: number;
  readonly minutiae: readonly Minutia[];
  /** Image quality 0–100 (quality.ts). */
  readonly quality: number;
  readonly guidance: Guidance;
  readonly foregroundFraction: number;
  /** Median ridge period in pixels. */
  readonly ridgePeriod: number;
  readonly features: QualityFeatures;
  /** How many candidates each false-minutiae rule removed. */
  readonly rejected: Readonly<Rejections>;
}

export interface ExtractionOptions {
  /** Refuse images scoring below this (fingerprint.low_quality); default 20. */
  readonly minimumQuality?: number;
}

export const DEFAULT_MINIMUM_QUALITY = 20;

export function extractMinutiae(image: FingerprintImage, options: ExtractionOptions = {}): Result<MinutiaeExtraction, FingerprintImageError> {
  const analysed = analyseFingerprint(image);
  if (!analysed.ok) return analysed;
  const analysis = analysed.value;
  const assessment = assessAnalysis(analysis);
  if (assessment.guidance.reason === 'not_a_finger') {
    return { ok: false, error: new FingerprintImageError('fingerprint.not_a_finger', 'no ridge pattern found in the image', assessment.guidance) };
  }
  const minimum = options.minimumQuality ?? DEFAULT_MINIMUM_QUALITY;
  if (assessment.score < minimum) {
    return {
      ok: false,
      error: new FingerprintImageError('fingerprint.low_quality', `image quality ${assessment.score} is below ${minimum}`, assessment.guidance),
    };
  }
  return {
    ok: true,
    value: {
      width: analysis.width,
      height: analysis.height,
      resolutionPpi: image.resolutionPpi ?? 500,
      minutiae: analysis.minutiae,
      quality: assessment.score,
      guidance: assessment.guidance,
      foregroundFraction: analysis.foregroundFraction,
      ridgePeriod: analysis.medianPeriod,
      features: assessment.features,
      rejected: analysis.rejected,
    },
  };
}

export interface RecordOptions {
  /** ISO finger position: 0 unknown, 1 right thumb … 10 left little. */
  readonly fingerPosition: number;
  /** 0 live-scan plain (the default). */
  readonly impressionType?: number;
  /** 12-bit capture device type id; 0 unreported. */
  readonly deviceTypeId?: number;
}

/** A one-view ISO/IEC 19794-2:2005 record of an extraction; the most reliable minutiae first when there are more than 255. */
export function minutiaeRecord(extraction: MinutiaeExtraction, options: RecordOptions): FingerMinutiaeRecord {
  const resolution = ppiToPpcm(extraction.resolutionPpi);
  const minutiae = [...extraction.minutiae].sort((a, b) => b.quality - a.quality).slice(0, MAX_MINUTIAE_PER_VIEW);
  return {
    certificationFlags: 0,
    deviceTypeId: options.deviceTypeId ?? 0,
    imageWidth: extraction.width,
    imageHeight: extraction.height,
    xResolution: resolution,
    yResolution: resolution,
    views: [
      {
        fingerPosition: options.fingerPosition,
        viewNumber: 0,
        impressionType: options.impressionType ?? 0,
        fingerQuality: Math.min(100, Math.max(0, Math.round(extraction.quality))),
        minutiae,
        extendedData: new Uint8Array(0),
      },
    ],
  };
}
