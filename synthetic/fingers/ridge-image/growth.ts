/**
 * Ridge growth by iterative Gabor filtering, after SFinGe (Cappelli, Maio &
 * Maltoni, "Synthetic fingerprint-image generation", ICPR 2000; Maltoni et
 * al., Handbook of Fingerprint Recognition, ch. 8): a few seed dots are
 * filtered again and again with the Gabor kernel tuned to each pixel's
 * orientation and period, amplified and clipped, until ridges fill the
 * finger. Minutiae are not placed: they emerge where patches grown from
 * different seeds meet out of phase, or where the flow's divergence forces
 * a ridge to end or split, which is where real fingers have them.
 *
 * Growth runs at half size (a sixteenth of the work per pass), then a few
 * passes at full size sharpen the upsampled ridges without moving them.
 */
import { type FlowField } from './flow-field.ts';
import { gaborBank, kernelIndex, kernelRadius } from './gabor-bank.ts';
import { type Random } from '../random.ts';

/** Amplification per pass; above 1 so the pattern grows and saturates, the clip keeps it in [−1, 1]. */
const GAIN = 2.2;
const MAX_COARSE_PASSES = 40;
/** Passes once the finger is covered, for the ridges to settle to full contrast. */
const SETTLING_PASSES = 2;
const FULL_SIZE_PASSES = 1;
/**
 * Mean distance between seeds, master px: sets how many patches meet out of
 * phase, hence how many minutiae. Loops and whorls get as many again from the
 * ridges their cores and deltas force apart; an arch's flow forces almost
 * none, so it is seeded more densely to reach a real finger's count.
 */
export const SEED_SPACING = { withSingularities: 42, arch: 26 } as const;

interface Padded {
  readonly flow: FlowField;
  readonly pad: number;
  readonly stride: number;
  /** Padded index of each finger pixel, and the kernel that filters it. */
  readonly active: Int32Array;
  readonly kernel: Uint16Array;
}

function prepare(flow: FlowField): Padded {
  const { width, height, orientation, period, mask, scale } = flow;
  const pad = kernelRadius(scale);
  const stride = width + 2 * pad;
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i]!;
  const active = new Int32Array(count);
  const kernel = new Uint16Array(count);
  for (let y = 0, n = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      active[n] = (y + pad) * stride + x + pad;
      kernel[n] = kernelIndex(orientation[i]!, period[i]! / scale);
      n++;
    }
  }
  return { flow, pad, stride, active, kernel };
}

/** One filtering pass from `current` into `next`; returns the share of finger pixels that are saturated ridge or valley. */
function filterPass(grid: Padded, current: Float32Array, next: Float32Array): number {
  const { start, offsets, weights } = gaborBank(grid.flow.scale, grid.stride);
  const { active, kernel } = grid;
  const count = active.length;
  let covered = 0;
  for (let n = 0; n < count; n++) {
    const p = active[n]!;
    const k = kernel[n]!;
    let sum = 0;
    for (let t = start[k]!, end = start[k + 1]!; t < end; t++) sum += weights[t]! * current[p + offsets[t]!]!;
    sum *= GAIN;
    const v = sum > 1 ? 1 : sum < -1 ? -1 : sum;
    next[p] = v;
    if (v > 0.5 || v < -0.5) covered++;
  }
  return covered / count;
}

export interface GrownRidges {
  /** Ridge field in [−1, 1], row-major, master size: > 0 on ridges. */
  readonly field: Float32Array;
  readonly coarsePasses: number;
}

export function growRidges(coarseFlow: FlowField, fullFlow: FlowField, seedSpacing: number, random: Random): GrownRidges {
  const coarse = prepare(coarseFlow);
  let current = new Float32Array(coarse.stride * (coarseFlow.height + 2 * coarse.pad));
  let next = new Float32Array(current.length);
  const seeds = Math.max(4, Math.round(coarse.active.length / (seedSpacing * coarseFlow.scale) ** 2));
  for (let s = 0; s < seeds; s++) {
    const p = coarse.active[random.int(coarse.active.length)]!;
    const sign = random.chance(0.5) ? 1 : -1;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) current[p + dy * coarse.stride + dx] = sign;
  }

  let passes = 0;
  let settledAt = -1;
  let previous = 0;
  while (passes < MAX_COARSE_PASSES && (settledAt < 0 || passes < settledAt + SETTLING_PASSES)) {
    const covered = filterPass(coarse, current, next);
    [current, next] = [next, current];
    passes++;
    // Ridge flanks are never saturated, so coverage plateaus below 1: stop growing when it stops rising.
    if (settledAt < 0 && covered > 0.5 && covered - previous < 0.003) settledAt = passes;
    previous = covered;
  }

  const full = prepare(fullFlow);
  let fine = upsample(coarse, current, full);
  let spare = new Float32Array(fine.length);
  for (let k = 0; k < FULL_SIZE_PASSES; k++) {
    filterPass(full, fine, spare);
    [fine, spare] = [spare, fine];
  }

  const { width, height } = fullFlow;
  const field = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    field.set(fine.subarray((y + full.pad) * full.stride + full.pad, (y + full.pad) * full.stride + full.pad + width), y * width);
  return { field, coarsePasses: passes };
}

/** Bilinear resampling of the coarse padded field onto the full-size padded grid (finger pixels only). */
function upsample(coarse: Padded, field: Float32Array, full: Padded): Float32Array<ArrayBuffer> {
  const out = new Float32Array(full.stride * (full.flow.height + 2 * full.pad));
  const ratio = coarse.flow.scale / full.flow.scale;
  const { width, height, mask } = full.flow;
  const maxX = coarse.flow.width - 1;
  const maxY = coarse.flow.height - 1;
  for (let y = 0; y < height; y++) {
    const cy = Math.min(maxY, Math.max(0, (y + 0.5) * ratio - 0.5));
    const y0 = Math.min(maxY - 1, Math.floor(cy));
    const fy = cy - y0;
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      const cx = Math.min(maxX, Math.max(0, (x + 0.5) * ratio - 0.5));
      const x0 = Math.min(maxX - 1, Math.floor(cx));
      const fx = cx - x0;
      const p = (y0 + coarse.pad) * coarse.stride + x0 + coarse.pad;
      const top = field[p]! + (field[p + 1]! - field[p]!) * fx;
      const bottom = field[p + coarse.stride]! + (field[p + coarse.stride + 1]! - field[p + coarse.stride]!) * fx;
      out[(y + full.pad) * full.stride + x + full.pad] = top + (bottom - top) * fy;
    }
  }
  return out;
}
