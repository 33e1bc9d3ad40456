/**
 * A bank of even-symmetric Gabor kernels tuned to quantised ridge orientations
 * and periods, precomputed once per process. Each kernel is stored sparse, as
 * offsets into a padded row-major buffer, so the growth loop is one multiply-add
 * per tap with no bounds checks.
 */
import { PERIOD_RANGE } from './flow-field.ts';

/** Kernel radius at full scale, px: about 0.7 of a period, enough for the envelopes below. */
const FULL_SCALE_RADIUS = 6;
export const kernelRadius = (scale: number): number => Math.ceil(FULL_SCALE_RADIUS * scale);
export const ORIENTATION_BINS = 36;
export const PERIOD_STEP = 0.5;
export const PERIOD_BINS = Math.round((PERIOD_RANGE.max - PERIOD_RANGE.min) / PERIOD_STEP) + 1;

/** Envelope widths as fractions of the period: narrow across the ridges, longer along them so ridges stay continuous. */
const SIGMA_ACROSS = 0.36;
const SIGMA_ALONG = 0.5;

export interface GaborBank {
  readonly radius: number;
  /** Row stride of the padded buffer the offsets index into. */
  readonly stride: number;
  /** Kernel k's taps are offsets[start[k] .. start[k + 1]) with weights alongside. */
  readonly start: Int32Array;
  readonly offsets: Int32Array;
  readonly weights: Float32Array;
}

export function orientationBin(theta: number): number {
  const b = Math.round((theta / Math.PI) * ORIENTATION_BINS) % ORIENTATION_BINS;
  return b < 0 ? b + ORIENTATION_BINS : b;
}

/** Bin of a period given in master px. */
export function periodBin(period: number): number {
  return Math.max(0, Math.min(PERIOD_BINS - 1, Math.round((period - PERIOD_RANGE.min) / PERIOD_STEP)));
}

/** Index of the kernel for an orientation and a period in master px. */
export const kernelIndex = (theta: number, period: number): number => orientationBin(theta) * PERIOD_BINS + periodBin(period);

const banks = new Map<string, GaborBank>();

/** The bank for a field sampled at `scale` (periods shrink with it), indexing a buffer of row `stride`. */
export function gaborBank(scale: number, stride: number): GaborBank {
  const key = `${scale}/${stride}`;
  const cached = banks.get(key);
  if (cached) return cached;
  const r = kernelRadius(scale);
  const count = ORIENTATION_BINS * PERIOD_BINS;
  const start = new Int32Array(count + 1);
  const offsets: number[] = [];
  const weights: number[] = [];
  for (let o = 0; o < ORIENTATION_BINS; o++) {
    const theta = (o * Math.PI) / ORIENTATION_BINS;
    // Unit normal to the ridges in pixel coordinates (y down); the ridge runs along (cos θ, −sin θ).
    const nx = Math.sin(theta);
    const ny = Math.cos(theta);
    for (let f = 0; f < PERIOD_BINS; f++) {
      const period = (PERIOD_RANGE.min + f * PERIOD_STEP) * scale;
      const sa = SIGMA_ACROSS * period;
      const sl = SIGMA_ALONG * period;
      const raw: [number, number, number][] = [];
      let mean = 0;
      let envelopeSum = 0;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const u = dx * nx + dy * ny;
          const v = dx * ny - dy * nx;
          const envelope = Math.exp(-(u * u) / (2 * sa * sa) - (v * v) / (2 * sl * sl));
          const w = envelope * Math.cos((2 * Math.PI * u) / period);
          raw.push([dx, dy, w]);
          mean += w;
          envelopeSum += envelope;
        }
      }
      // Zero DC, so a flat patch stays flat; then unit gain on a ridge pattern of the tuned period.
      const dc = mean / envelopeSum;
      let gain = 0;
      const taps = raw.map(([dx, dy, w]) => {
        const u = dx * nx + dy * ny;
        const v = dx * ny - dy * nx;
        const zeroMean = w - dc * Math.exp(-(u * u) / (2 * sa * sa) - (v * v) / (2 * sl * sl));
        gain += zeroMean * Math.cos((2 * Math.PI * u) / period);
        return [dx, dy, zeroMean] as const;
      });
      const peak = Math.max(...taps.map(([, , w]) => Math.abs(w)));
      start[o * PERIOD_BINS + f] = offsets.length;
      for (const [dx, dy, w] of taps) {
        if (Math.abs(w) < 0.02 * peak) continue;
        offsets.push(dy * stride + dx);
        weights.push(w / gain);
      }
    }
  }
  start[count] = offsets.length;
  const bank = { radius: r, stride, start, offsets: Int32Array.from(offsets), weights: Float32Array.from(weights) };
  banks.set(key, bank);
  return bank;
}
