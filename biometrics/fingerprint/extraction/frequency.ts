/**
 * Ridge period per block from the x-signature (Hong, Wan & Jain 1998): grey
 * levels in an oriented window are averaged along the ridges, leaving a 1-D
 * wave across them whose peak spacing is the ridge period. The same signature
 * gives a local clarity: averaging along true ridges keeps the wave's
 * amplitude, averaging noise or a misjudged orientation cancels it. Clarity
 * is measured on the unsmoothed band-pass (`clarityBand`) so pixel noise counts.
 */
import { BLOCK, type OrientationField } from './orientation.ts';

/** At 500 ppi adult ridge periods are about 6–14 px; anything outside 4–18 is not a ridge wave. */
export const MIN_PERIOD = 4;
export const MAX_PERIOD = 18;
/** Used where no block in the neighbourhood gave a period: the adult mean (0.46 mm at 500 ppi). */
export const DEFAULT_PERIOD = 9;

const SIGNATURE_LENGTH = 32;
const ALONG_SAMPLES = 8;
const ALONG_STEP = 2;
/** Offsets along the ridge of the samples averaged into one signature point, px. */
const ALONG = Float64Array.from({ length: ALONG_SAMPLES }, (_, j) => (j - (ALONG_SAMPLES - 1) / 2) * ALONG_STEP);

/** The largest double below 0.5: the one value for which floor(v + 0.5) is not Math.round(v) (v + 0.5 rounds up to 1). */
const BELOW_HALF = 0.49999999999999994;

/**
 * Math.round for a pixel coordinate, as an index: the same integer for every
 * double below 2^52 (−0 comes out as 0). V8 compiles Math.round to a call-like
 * sequence several times slower than Math.floor, and the x-signature rounds
 * two coordinates per sample, a quarter of a million samples per image.
 */
export function roundHalfUp(v: number): number {
  return v === BELOW_HALF ? 0 : Math.floor(v + 0.5);
}

export interface RidgePeriods {
  /** Ridge period in pixels per block, 0 where the signature shows no regular wave. */
  readonly period: Float32Array;
  /** Signature amplitude over sample amplitude per block, 0–1. */
  readonly clarity: Float32Array;
}

export function estimateRidgePeriods(
  bandPass: Float32Array,
  clarityBand: Float32Array,
  width: number,
  height: number,
  field: OrientationField,
  blocks: Uint8Array,
): RidgePeriods {
  const { cols, rows } = field;
  const period = new Float32Array(cols * rows);
  const clarity = new Float32Array(cols * rows);
  const signature = new Float32Array(SIGNATURE_LENGTH);
  const counts = new Float32Array(SIGNATURE_LENGTH);
  const raw = new Float32Array(SIGNATURE_LENGTH);
  const smoothed = new Float32Array(SIGNATURE_LENGTH);
  const valleys = new Float64Array(SIGNATURE_LENGTH);
  const alongX = new Float64Array(ALONG_SAMPLES);
  const alongY = new Float64Array(ALONG_SAMPLES);
  for (let b = 0; b < cols * rows; b++) {
    if (blocks[b] === 0) continue;
    const cx = (b % cols) * BLOCK + BLOCK / 2;
    const cy = Math.floor(b / cols) * BLOCK + BLOCK / 2;
    const theta = field.theta[b]!;
    const ux = Math.cos(theta);
    const uy = Math.sin(theta);
    // Across the ridges: the ridge direction turned by a quarter.
    const nx = -uy;
    const ny = ux;
    let sumSquares = 0;
    let samples = 0;
    for (let j = 0; j < ALONG_SAMPLES; j++) {
      alongX[j] = ALONG[j]! * ux;
      alongY[j] = ALONG[j]! * uy;
    }
    for (let k = 0; k < SIGNATURE_LENGTH; k++) {
      const across = k - SIGNATURE_LENGTH / 2 + 0.5;
      const baseX = cx + across * nx;
      const baseY = cy + across * ny;
      // Sums kept as the Float32Array elements they end in would keep them: rounded to float32 after each addition.
      let wave = 0;
      let rawWave = 0;
      let count = 0;
      for (let j = 0; j < ALONG_SAMPLES; j++) {
        // As int32 (the coordinates are finite and small), so the bounds test and the index are integer arithmetic.
        const x = roundHalfUp(baseX + alongX[j]!) | 0;
        const y = roundHalfUp(baseY + alongY[j]!) | 0;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const at = y * width + x;
        wave = Math.fround(wave + bandPass[at]!);
        const r = clarityBand[at]!;
        rawWave = Math.fround(rawWave + r);
        count++;
        sumSquares += r * r;
        samples++;
      }
      signature[k] = wave;
      raw[k] = rawWave;
      counts[k] = count;
    }
    if (samples < (SIGNATURE_LENGTH * ALONG_SAMPLES) / 2) continue;
    let sigSquares = 0;
    let present = 0;
    for (let k = 0; k < SIGNATURE_LENGTH; k++) {
      if (counts[k]! > 0) {
        signature[k] = signature[k]! / counts[k]!;
        const r = raw[k]! / counts[k]!;
        sigSquares += r * r;
        present++;
      }
    }
    const sampleRms = Math.sqrt(sumSquares / samples);
    clarity[b] = sampleRms > 1e-6 ? Math.min(1, Math.sqrt(sigSquares / present) / sampleRms) : 0;
    period[b] = periodOf(signature, counts, smoothed, valleys);
  }
  return { period, clarity };
}

/** Mean spacing of the signature's valleys (ridges are dark), or 0 when they are not regular. */
function periodOf(signature: Float32Array, counts: Float32Array, smoothed: Float32Array, valleys: Float64Array): number {
  const n = signature.length;
  for (let k = 0; k < n; k++) {
    if (counts[k] === 0) return 0;
    const a = signature[Math.max(0, k - 1)]!;
    const c = signature[Math.min(n - 1, k + 1)]!;
    smoothed[k] = (a + 2 * signature[k]! + c) / 4;
  }
  let range = 0;
  for (let k = 0; k < n; k++) range = Math.max(range, Math.abs(smoothed[k]!));
  if (range < 1e-6) return 0;
  let found = 0;
  for (let k = 1; k < n - 1; k++) {
    const v = smoothed[k]!;
    if (v < smoothed[k - 1]! && v <= smoothed[k + 1]! && v < -0.2 * range) {
      // Parabolic refinement to a sub-pixel position.
      const denom = smoothed[k - 1]! - 2 * v + smoothed[k + 1]!;
      valleys[found++] = k + (denom > 1e-9 ? (0.5 * (smoothed[k - 1]! - smoothed[k + 1]!)) / denom : 0);
    }
  }
  if (found < 2) return 0;
  const mean = (valleys[found - 1]! - valleys[0]!) / (found - 1);
  if (mean < MIN_PERIOD || mean > MAX_PERIOD) return 0;
  for (let i = 1; i < found; i++) {
    const gap = valleys[i]! - valleys[i - 1]!;
    if (gap < 0.6 * mean || gap > 1.5 * mean) return 0;
  }
  return mean;
}

/**
 * Fills blocks of the foreground that gave no period from their neighbours
 * (Gaussian-weighted, widening), then smooths, so the Gabor bank gets a
 * period everywhere it filters.
 */
/** Gaussian weights of the 7 × 7 neighbourhood that fills a block's missing period, computed once. */
const FILL_WEIGHTS = Float64Array.from({ length: 49 }, (_, k) => {
  const dx = (k % 7) - 3;
  const dy = Math.floor(k / 7) - 3;
  return Math.exp(-(dx * dx + dy * dy) / 4.5);
});

export function completeRidgePeriods(period: Float32Array, cols: number, rows: number, foreground: Uint8Array): Float32Array {
  let current = Float32Array.from(period);
  for (let round = 0; round < 4; round++) {
    let missing = 0;
    const next = Float32Array.from(current);
    for (let b = 0; b < cols * rows; b++) {
      if (foreground[b] === 0 || current[b]! > 0) continue;
      const bx = b % cols;
      const by = Math.floor(b / cols);
      let sum = 0;
      let weight = 0;
      for (let dy = -3; dy <= 3; dy++) {
        for (let dx = -3; dx <= 3; dx++) {
          const x = bx + dx;
          const y = by + dy;
          if (x < 0 || y < 0 || x >= cols || y >= rows) continue;
          const p = current[y * cols + x]!;
          if (p <= 0) continue;
          const w = FILL_WEIGHTS[(dy + 3) * 7 + dx + 3]!;
          sum += w * p;
          weight += w;
        }
      }
      if (weight > 0) next[b] = sum / weight;
      else missing++;
    }
    current = next;
    if (missing === 0) break;
  }
  const known = current.filter((p) => p > 0).sort();
  const fallback = known.length > 0 ? known[known.length >> 1]! : DEFAULT_PERIOD;
  const smooth = new Float32Array(cols * rows);
  for (let b = 0; b < cols * rows; b++) {
    if (foreground[b] === 0) continue;
    const bx = b % cols;
    const by = Math.floor(b / cols);
    let sum = 0;
    let n = 0;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = bx + dx;
        const y = by + dy;
        if (x < 0 || y < 0 || x >= cols || y >= rows) continue;
        const p = current[y * cols + x]!;
        if (p > 0) {
          sum += p;
          n++;
        }
      }
    }
    smooth[b] = n > 0 ? sum / n : fallback;
  }
  return smooth;
}
