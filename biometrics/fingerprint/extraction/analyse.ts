/**
 * The extraction pipeline, step by step, keeping every intermediate the
 * quality score needs: band-pass and local normalisation → orientation and
 * coherence → segmentation (with the ridge period as a check) → periods →
 * Gabor enhancement → skeleton → minutiae → false-minutiae removal.
 */
import { type Result, FingerprintImageError } from '../errors.ts';
import { type FingerprintImage, checkImageShape } from '../image.ts';
import { type Minutia, imageRadiansToIsoAngle } from '../minutia.ts';
import { enhance } from './enhancement.ts';
import { boxMean, boxMeans } from './filters.ts';
import { DEFAULT_PERIOD, completeRidgePeriods, estimateRidgePeriods } from './frequency.ts';
import { type Rejections, removeFalseMinutiae } from './false-minutiae.ts';
import { detectCandidates } from './minutiae.ts';
import { type OrientationField, BLOCK, estimateOrientation } from './orientation.ts';
import { candidateBlocks, cleanMask, distanceToBackground, pixelMask } from './segmentation.ts';
import { binarise, thin } from './skeleton.ts';

/** A standard deviation under 2 grey levels is a sensor with nothing on it. */
const BLANK_STD = 2;

export interface ImageStatistics {
  readonly mean: number;
  readonly std: number;
  /** Mean grey level inside the foreground (255 when there is none). */
  readonly foregroundMean: number;
  /** Band-pass RMS inside the foreground, in grey levels: ridge/valley contrast. */
  readonly foregroundContrast: number;
  /** Fraction of foreground pixels at or below grey 32 (ink pooled, ridges merged). */
  readonly foregroundSaturatedDark: number;
  /**
   * Fraction of foreground pixels darker than their 11 × 11 neighbourhood: the
   * ridges' share of the ridge/valley cycle. About 0.5 for a healthy print,
   * low for thin broken (dry) ridges, high for thick merged (wet) ones.
   */
  readonly ridgeDuty: number;
}

export interface FingerprintAnalysis {
  readonly width: number;
  readonly height: number;
  readonly orientation: OrientationField;
  /** Foreground per 8 × 8 block (1) after cleaning. */
  readonly blocks: Uint8Array;
  /** Blocks that passed amplitude and coherence, before the period check and cleaning. */
  readonly candidateBlocks: Uint8Array;
  /** Measured ridge period per block (0 where none was found). */
  readonly measuredPeriod: Float32Array;
  /** Completed and smoothed period per foreground block. */
  readonly period: Float32Array;
  /** x-signature clarity per block, 0–1. */
  readonly clarity: Float32Array;
  readonly foreground: Uint8Array;
  readonly foregroundFraction: number;
  readonly enhanced: Float32Array;
  readonly skeleton: Uint8Array;
  readonly minutiae: readonly Minutia[];
  readonly rejected: Rejections;
  /** Every candidate before false-minutiae removal, with the rule that removed it (for evaluation). */
  readonly candidates: readonly { readonly x: number; readonly y: number; readonly type: Minutia['type']; readonly rejectedBy?: keyof Rejections }[];
  readonly medianPeriod: number;
  readonly statistics: ImageStatistics;
}

export function analyseFingerprint(image: FingerprintImage): Result<FingerprintAnalysis, FingerprintImageError> {
  const shape = checkImageShape(image);
  if (shape !== undefined) return { ok: false, error: shape };
  const { width, height, pixels } = image;
  const size = width * height;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < size; i++) {
    sum += pixels[i]!;
    squares += pixels[i]! * pixels[i]!;
  }
  const mean = sum / size;
  const std = Math.sqrt(Math.max(0, squares / size - mean * mean));
  if (std < BLANK_STD) {
    return { ok: false, error: new FingerprintImageError('fingerprint.blank', 'the image is uniform: nothing on the sensor', { reason: 'no_finger' }) };
  }

  // Band-pass: a 3 × 3 mean removes pixel noise, subtracting an 11 × 11 mean removes illumination and
  // smooth shading, which have no ridge-scale content.
  const [fine, coarse] = boxMeans(pixels, width, height, [1, 5]) as [Float32Array, Float32Array];
  const bandPass = new Float32Array(size);
  const rawBand = new Float32Array(size);
  const squared = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const band = Math.fround(fine[i]! - coarse[i]!);
    bandPass[i] = band;
    rawBand[i] = pixels[i]! - coarse[i]!;
    squared[i] = band * band;
  }
  const localPower = boxMean(squared, width, height, 8);
  const normalised = new Float32Array(size);
  // The +4 (2 grey levels squared) keeps flat areas near 0 instead of amplifying sensor noise.
  for (let i = 0; i < size; i++) normalised[i] = bandPass[i]! / Math.sqrt(localPower[i]! + 4);

  const orientation = estimateOrientation(bandPass, width, height);
  const { cols, rows } = orientation;
  const candidates = candidateBlocks(orientation.energy, orientation.coherence);
  const measured = estimateRidgePeriods(bandPass, rawBand, width, height, orientation, candidates);
  const ridged = new Uint8Array(cols * rows);
  for (let b = 0; b < ridged.length; b++) ridged[b] = candidates[b] === 1 && measured.period[b]! > 0 ? 1 : 0;
  const blocks = cleanMask(ridged, cols, rows);
  const period = completeRidgePeriods(measured.period, cols, rows, blocks);
  const foreground = pixelMask(blocks, cols, width, height);
  let foregroundPixels = 0;
  let foregroundSum = 0;
  let foregroundPower = 0;
  let dark = 0;
  let belowLocalMean = 0;
  for (let i = 0; i < size; i++) {
    if (foreground[i] === 0) continue;
    foregroundPixels++;
    // Ridge or valley is a coin toss for the branch predictor: count without a branch.
    belowLocalMean += +(pixels[i]! < coarse[i]!);
    foregroundSum += pixels[i]!;
    foregroundPower += squared[i]!;
    if (pixels[i]! <= 32) dark++;
  }
  const periods = period.filter((p, b) => blocks[b] === 1 && p > 0).sort();
  const medianPeriod = periods.length > 0 ? periods[periods.length >> 1]! : DEFAULT_PERIOD;

  const enhanced = enhance(normalised, width, height, orientation, period, foreground);
  const skeleton = thin(binarise(enhanced, foreground, width, height), width);
  // Block masks overreach the print by up to a block; where the skin leaves the platen the ridge
  // amplitude fades, so pixels with under a third of the print's typical amplitude count as outside
  // when measuring how far a minutia is from the edge.
  const contact = new Uint8Array(size);
  const floor = 0.1 * (foregroundPixels > 0 ? foregroundPower / foregroundPixels : 0);
  for (let i = 0; i < size; i++) contact[i] = foreground[i] === 1 && localPower[i]! >= floor ? 1 : 0;
  const distance = distanceToBackground(contact, width, height);
  const found = detectCandidates(skeleton, width, height, distance, orientation, Math.ceil(2 * medianPeriod) + 2);
  const { kept, rejected, reasons } = removeFalseMinutiae(found, width, distance, medianPeriod);
  const minutiae = kept.map((c): Minutia => {
    const b = Math.floor(c.y / BLOCK) * cols + Math.floor(c.x / BLOCK);
    // Reliability: ridge clarity where the minutia sits, lowered near the edge of the print.
    const edge = Math.min(1, distance[c.index]! / (3 * medianPeriod));
    const quality = Math.round(100 * Math.min(1, orientation.coherence[b]!) * (0.5 + 0.5 * measured.clarity[b]!) * edge);
    return { x: c.x, y: c.y, angle: imageRadiansToIsoAngle(c.direction), type: c.type, quality: Math.max(1, Math.min(100, quality)) };
  });

  return {
    ok: true,
    value: {
      width,
      height,
      orientation,
      blocks,
      candidateBlocks: candidates,
      measuredPeriod: measured.period,
      period,
      clarity: measured.clarity,
      foreground,
      foregroundFraction: foregroundPixels / size,
      enhanced,
      skeleton,
      minutiae,
      rejected,
      candidates: found.map((c) => ({ x: c.x, y: c.y, type: c.type, ...(reasons.has(c) ? { rejectedBy: reasons.get(c)! } : {}) })),
      medianPeriod,
      statistics: {
        mean,
        std,
        foregroundMean: foregroundPixels > 0 ? foregroundSum / foregroundPixels : 255,
        foregroundContrast: foregroundPixels > 0 ? Math.sqrt(foregroundPower / foregroundPixels) : 0,
        foregroundSaturatedDark: foregroundPixels > 0 ? dark / foregroundPixels : 0,
        ridgeDuty: foregroundPixels > 0 ? belowLocalMean / foregroundPixels : 0.5,
      },
    },
  };
}
