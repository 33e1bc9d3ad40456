/**
 * Image quality 0–100 in the spirit of NFIQ 2 (ISO/IEC 29794-4): a handful of
 * local features of the ridge pattern, each mapped to 0–1 and combined with
 * fixed weights, plus the one thing the citizen can act on (guidance.ts).
 *
 * Features (NFIQ 2 names in brackets):
 *   orientationCertainty [OCL]  mean orientation coherence over the foreground
 *   ridgeClarity         [LCS]  mean x-signature clarity: ridge wave kept when averaged along the ridges
 *   contrast             [MU/Sigma] band-pass RMS in grey levels inside the foreground
 *   foregroundFraction   [ImgProcROIArea] share of the image that holds ridges
 *   periodValidity       [FDA]  share of foreground blocks with a regular ridge period
 *   minutiaeCount        [FingerJet minutiae count]
 *
 * The weights are ours, not NFIQ 2's (its random forest is not reproducible
 * here); they favour the two features that most predict extraction failure.
 */
import type { Result } from './errors.ts';
import type { FingerprintImageError } from './errors.ts';
import type { Guidance, ImageSide } from './guidance.ts';
import type { FingerprintImage } from './image.ts';
import { type FingerprintAnalysis, analyseFingerprint } from './extraction/analyse.ts';
import { BLOCK } from './extraction/orientation.ts';

export interface QualityFeatures {
  readonly orientationCertainty: number;
  readonly ridgeClarity: number;
  readonly contrast: number;
  readonly foregroundFraction: number;
  readonly periodValidity: number;
  readonly minutiaeCount: number;
}

export interface QualityAssessment {
  /** 0 (unusable) … 100 (excellent). */
  readonly score: number;
  readonly guidance: Guidance;
  readonly features: QualityFeatures;
}

export const QUALITY_WEIGHTS = {
  orientationCertainty: 0.25,
  ridgeClarity: 0.25,
  contrast: 0.15,
  foregroundFraction: 0.15,
  periodValidity: 0.1,
  minutiaeCount: 0.1,
} as const;

/** Below this score the capture is not worth sending; the kiosk asks again. */
export const ACCEPTABLE_QUALITY = 40;

const ramp = (value: number, low: number, high: number): number => Math.min(1, Math.max(0, (value - low) / (high - low)));

export function qualityFeatures(analysis: FingerprintAnalysis): QualityFeatures {
  let blocks = 0;
  let coherence = 0;
  let clarity = 0;
  let periodic = 0;
  for (let b = 0; b < analysis.blocks.length; b++) {
    if (analysis.blocks[b] === 0) continue;
    blocks++;
    coherence += analysis.orientation.coherence[b]!;
    clarity += analysis.clarity[b]!;
    if (analysis.measuredPeriod[b]! > 0) periodic++;
  }
  return {
    orientationCertainty: blocks > 0 ? coherence / blocks : 0,
    ridgeClarity: blocks > 0 ? clarity / blocks : 0,
    contrast: analysis.statistics.foregroundContrast,
    foregroundFraction: analysis.foregroundFraction,
    periodValidity: blocks > 0 ? periodic / blocks : 0,
    minutiaeCount: analysis.minutiae.length,
  };
}

export function qualityScore(features: QualityFeatures): number {
  const w = QUALITY_WEIGHTS;
  const total =
    w.orientationCertainty * ramp(features.orientationCertainty, 0.3, 0.9) +
    w.ridgeClarity * ramp(features.ridgeClarity, 0.5, 0.95) +
    w.contrast * ramp(features.contrast, 5, 35) +
    w.foregroundFraction * ramp(features.foregroundFraction, 0, 0.5) +
    w.periodValidity * ramp(features.periodValidity, 0.3, 0.9) +
    w.minutiaeCount * ramp(features.minutiaeCount, 0, 20);
  return Math.round(100 * total);
}

/** Less ridge area than this is not a finger on the sensor (a fingertip edge is still about 8 %). */
const MIN_FINGER_FRACTION = 0.04;
const PARTIAL_FRACTION = 0.25;
/**
 * Ridges' share of the ridge/valley cycle beyond which ink has spread into the
 * valleys (wet, pressed hard), and below which ridges print thin and broken
 * (dry). Healthy prints measure 0.46–0.52; the synthetic renderer's wet and
 * dry profiles 0.62–0.64 and 0.40–0.41.
 */
const WET_RIDGE_DUTY = 0.58;
const DRY_RIDGE_DUTY = 0.43;
/** Print centroid further than this (fraction of the side) from the centre. */
const OFF_CENTRE = 0.14;

function offCentreSide(analysis: FingerprintAnalysis): ImageSide | undefined {
  const { cols, rows } = analysis.orientation;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let b = 0; b < analysis.blocks.length; b++) {
    if (analysis.blocks[b] === 0) continue;
    n++;
    sx += ((b % cols) + 0.5) * BLOCK;
    sy += (Math.floor(b / cols) + 0.5) * BLOCK;
  }
  if (n === 0) return undefined;
  const dx = sx / n / Math.min(cols * BLOCK, analysis.width + BLOCK) - 0.5;
  const dy = sy / n / Math.min(rows * BLOCK, analysis.height + BLOCK) - 0.5;
  if (Math.max(Math.abs(dx), Math.abs(dy)) < OFF_CENTRE) return undefined;
  if (Math.abs(dx) >= Math.abs(dy)) return dx > 0 ? 'right' : 'left';
  return dy > 0 ? 'bottom' : 'top';
}

export function guidanceFor(analysis: FingerprintAnalysis, features: QualityFeatures, score: number): Guidance {
  const stats = analysis.statistics;
  if (features.foregroundFraction < MIN_FINGER_FRACTION) return { reason: 'not_a_finger' };
  if (features.contrast < 15 || (stats.foregroundMean > 200 && features.contrast < 25)) return { reason: 'too_light' };
  if (stats.foregroundMean < 80 || stats.foregroundSaturatedDark > 0.35 || stats.ridgeDuty >= WET_RIDGE_DUTY) return { reason: 'too_wet' };
  if (stats.ridgeDuty <= DRY_RIDGE_DUTY || (stats.foregroundMean > 170 && features.ridgeClarity < 0.6)) return { reason: 'too_dry' };
  if (features.orientationCertainty < 0.45 || features.ridgeClarity < 0.55) return { reason: 'smudged' };
  const side = offCentreSide(analysis);
  if (side !== undefined) return { reason: 'off_centre', side };
  if (features.foregroundFraction < PARTIAL_FRACTION) return { reason: 'too_small' };
  return score >= ACCEPTABLE_QUALITY ? { reason: 'ok' } : { reason: 'smudged' };
}

export function assessAnalysis(analysis: FingerprintAnalysis): QualityAssessment {
  const features = qualityFeatures(analysis);
  const raw = qualityScore(features);
  const guidance = guidanceFor(analysis, features, raw);
  // Whatever the features say, no finger region means no usable print.
  const score = guidance.reason === 'not_a_finger' ? Math.min(raw, 5) : raw;
  return { score, guidance, features };
}

/**
 * Scores a capture for live guidance. An empty sensor is a result (score 0,
 * `no_finger`), not an error; only an image of the wrong shape is refused.
 */
export function assessFingerprintQuality(image: FingerprintImage): Result<QualityAssessment, FingerprintImageError> {
  const analysis = analyseFingerprint(image);
  if (!analysis.ok) {
    if (analysis.error.code !== 'fingerprint.blank') return analysis;
    const none: QualityFeatures = { orientationCertainty: 0, ridgeClarity: 0, contrast: 0, foregroundFraction: 0, periodValidity: 0, minutiaeCount: 0 };
    return { ok: true, value: { score: 0, guidance: { reason: 'no_finger' }, features: none } };
  }
  return { ok: true, value: assessAnalysis(analysis.value) };
}
