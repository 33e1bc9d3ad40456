/**
 * Contextual enhancement (Hong, Wan & Jain 1998): each foreground pixel is
 * filtered with an even Gabor kernel tuned to the local ridge orientation and
 * period, which joins broken ridges and separates merged ones. Kernels come
 * from a precomputed bank (16 orientations × periods in half-pixel steps),
 * stored sparse (only taps where the envelope matters) with offsets for the
 * padded image's row stride, so the inner loop is a dot product.
 */
import { BLOCK, orientationAt, type OrientationField } from './orientation.ts';
import { MAX_PERIOD, MIN_PERIOD } from './frequency.ts';
import { scratch } from './scratch.ts';

const ORIENTATIONS = 16;
const PERIOD_STEP = 0.5;
const PERIOD_BINS = Math.round((MAX_PERIOD - MIN_PERIOD) / PERIOD_STEP) + 1;
const RADIUS = 10;
/** Smoothing along the ridge (px): long enough to bridge a pore or a scratch. */
const SIGMA_ALONG = 3.5;
/** Taps whose envelope is below this fraction of the peak add cost, not signal. */
const ENVELOPE_CUT = 0.15;
/** Orientation is looked up once per 4 × 4 cell: it varies over tens of pixels, and the lookup costs an atan2. */
const CELL = 4;

interface Kernel {
  readonly offsets: Int32Array;
  readonly weights: Float32Array;
}

/**
 * Every kernel of the bank for one row stride, laid end to end: kernel k's
 * taps are offsets[start[k] .. start[k + 1]) with weights alongside. One pair
 * of arrays keeps the per-pixel loop on the same two typed arrays, which V8
 * compiles to a tight multiply-add; a kernel object per pixel did not.
 */
interface Bank {
  readonly start: Int32Array;
  readonly offsets: Int32Array;
  readonly weights: Float64Array;
  /**
   * The same taps as runs of consecutive offsets (a kernel's taps on one row
   * of the window): kernel k's runs are spanOffsets/spanLengths[spanStart[k] ..
   * spanStart[k + 1]), covering its taps in order.
   */
  readonly spanStart: Int32Array;
  readonly spanOffsets: Int32Array;
  readonly spanLengths: Int32Array;
}

/**
 * Offsets depend on the row stride, so banks are per image width; a few widths are kept (about 0.8 MB each).
 * Weights are the float32 kernel values held as doubles: the same numbers, without a conversion per tap.
 */
const banks = new Map<number, Bank>();
const BANKS_KEPT = 4;

function buildKernel(theta: number, period: number, stride: number): Kernel {
  const sigmaAcross = Math.min(4, Math.max(1.5, 0.35 * period));
  const ux = Math.cos(theta);
  const uy = Math.sin(theta);
  const offsets: number[] = [];
  const weights: number[] = [];
  const envelopes: number[] = [];
  for (let dy = -RADIUS; dy <= RADIUS; dy++) {
    for (let dx = -RADIUS; dx <= RADIUS; dx++) {
      const along = dx * ux + dy * uy;
      const across = -dx * uy + dy * ux;
      const envelope = Math.exp(-(along * along) / (2 * SIGMA_ALONG * SIGMA_ALONG) - (across * across) / (2 * sigmaAcross * sigmaAcross));
      if (envelope < ENVELOPE_CUT) continue;
      offsets.push(dy * stride + dx);
      envelopes.push(envelope);
      weights.push(envelope * Math.cos((2 * Math.PI * across) / period));
    }
  }
  // Zero DC response, so a uniform patch gives 0 and the sign of the output is ridge/valley.
  const dc = weights.reduce((s, w) => s + w, 0) / envelopes.reduce((s, e) => s + e, 0);
  const norm = envelopes.reduce((s, e) => s + e, 0);
  return { offsets: Int32Array.from(offsets), weights: Float32Array.from(weights.map((w, i) => (w - dc * envelopes[i]!) / norm)) };
}

function bankFor(stride: number): Bank {
  const cached = banks.get(stride);
  if (cached !== undefined) return cached;
  const kernels: Kernel[] = [];
  for (let o = 0; o < ORIENTATIONS; o++)
    for (let f = 0; f < PERIOD_BINS; f++) kernels.push(buildKernel((o * Math.PI) / ORIENTATIONS, MIN_PERIOD + f * PERIOD_STEP, stride));
  const start = new Int32Array(kernels.length + 1);
  for (let k = 0; k < kernels.length; k++) start[k + 1] = start[k]! + kernels[k]!.offsets.length;
  const offsets = new Int32Array(start[kernels.length]!);
  const weights = new Float64Array(offsets.length);
  kernels.forEach((kernel, k) => {
    offsets.set(kernel.offsets, start[k]);
    weights.set(kernel.weights, start[k]);
  });
  const spanStart = new Int32Array(kernels.length + 1);
  const spanOffsets: number[] = [];
  const spanLengths: number[] = [];
  for (let k = 0; k < kernels.length; k++) {
    for (let t = start[k]!; t < start[k + 1]!; t++) {
      const last = spanOffsets.length - 1;
      if (t > start[k]! && offsets[t] === offsets[t - 1]! + 1) spanLengths[last]!++;
      else {
        spanOffsets.push(offsets[t]!);
        spanLengths.push(1);
      }
    }
    spanStart[k + 1] = spanOffsets.length;
  }
  const bank = { start, offsets, weights, spanStart, spanOffsets: Int32Array.from(spanOffsets), spanLengths: Int32Array.from(spanLengths) };
  if (banks.size >= BANKS_KEPT) banks.delete(banks.keys().next().value!);
  banks.set(stride, bank);
  return bank;
}

/**
 * Gabor-filtered image: negative on ridges (dark), positive in valleys, 0
 * outside the foreground. `normalised` is the zero-mean, unit-contrast image.
 *
 * The pixels of a 4 × 4 cell share one kernel (the orientation bin is per
 * cell, the period per block, and cells lie inside blocks), so two rows of a
 * cell, eight pixels, are filtered together: along each run of a kernel's
 * taps the four pixels of a row need four consecutive values, so a step reads
 * one new value per row and one weight for eight sums. Every pixel still sums
 * its taps in the bank's order in doubles, so the output is the same, bit for
 * bit, as filtering one pixel at a time (which cells only partly inside the
 * foreground, or cut by the image edge, still do).
 */
export function enhance(
  normalised: Float32Array,
  width: number,
  height: number,
  field: OrientationField,
  period: Float32Array,
  foreground: Uint8Array,
): Float32Array {
  const stride = width + 2 * RADIUS;
  // The normalised image inside a zero frame, in doubles because the products are taken in doubles anyway
  // (a conversion per tap is measurable); a scratch buffer whose frame is never written.
  const padded = scratch('gabor-padded', width, height, () => new Float64Array(stride * (height + 2 * RADIUS)));
  for (let y = 0; y < height; y++) padded.set(normalised.subarray(y * width, (y + 1) * width), (y + RADIUS) * stride + RADIUS);
  const { start, offsets, weights, spanStart, spanOffsets, spanLengths } = bankFor(stride);
  const out = new Float32Array(width * height);
  const cellCols = Math.ceil(width / CELL);
  const cellKernels = new Int32Array(cellCols);
  for (let cellTop = 0; cellTop < height; cellTop += CELL) {
    cellKernels.fill(-1);
    const cellBottom = Math.min(height, cellTop + CELL);
    const cy = cellTop + (CELL - 1) / 2;
    const blockRow = Math.floor(cellTop / BLOCK) * field.cols;
    for (let y = cellTop; y < cellBottom; y += 2) {
      const pair = y + 1 < cellBottom;
      for (let cell = 0; cell < cellCols; cell++) {
        const left = cell * CELL;
        const right = Math.min(width, left + CELL);
        const row = y * width;
        let inside = 0;
        let insideBelow = 0;
        for (let x = left; x < right; x++) inside += foreground[row + x]!;
        if (pair) for (let x = left; x < right; x++) insideBelow += foreground[row + width + x]!;
        if (inside === 0 && insideBelow === 0) continue;
        let kernel = cellKernels[cell]!;
        if (kernel < 0) {
          const orientationBin = Math.round((orientationAt(field, left + (CELL - 1) / 2, cy) * ORIENTATIONS) / Math.PI) % ORIENTATIONS;
          const p = period[blockRow + Math.floor(left / BLOCK)]!;
          const periodBin = Math.min(PERIOD_BINS - 1, Math.max(0, Math.round((p - MIN_PERIOD) / PERIOD_STEP)));
          kernel = orientationBin * PERIOD_BINS + periodBin;
          cellKernels[cell] = kernel;
        }
        const first = start[kernel]!;
        const end = start[kernel + 1]!;
        const centre = (y + RADIUS) * stride + left + RADIUS;
        if (inside === CELL && insideBelow === CELL) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let r0 = 0;
          let r1 = 0;
          let r2 = 0;
          let r3 = 0;
          let t = first;
          for (let span = spanStart[kernel]!, spansEnd = spanStart[kernel + 1]!; span < spansEnd; span++) {
            const at = centre + spanOffsets[span]!;
            const below = at + stride;
            const length = spanLengths[span]!;
            let v0 = padded[at]!;
            let v1 = padded[at + 1]!;
            let v2 = padded[at + 2]!;
            let u0 = padded[below]!;
            let u1 = padded[below + 1]!;
            let u2 = padded[below + 2]!;
            for (let m = 0; m < length; m++, t++) {
              const v3 = padded[at + m + 3]!;
              const u3 = padded[below + m + 3]!;
              const w = weights[t]!;
              s0 += w * v0;
              s1 += w * v1;
              s2 += w * v2;
              s3 += w * v3;
              r0 += w * u0;
              r1 += w * u1;
              r2 += w * u2;
              r3 += w * u3;
              v0 = v1;
              v1 = v2;
              v2 = v3;
              u0 = u1;
              u1 = u2;
              u2 = u3;
            }
          }
          out[row + left] = s0;
          out[row + left + 1] = s1;
          out[row + left + 2] = s2;
          out[row + left + 3] = s3;
          out[row + width + left] = r0;
          out[row + width + left + 1] = r1;
          out[row + width + left + 2] = r2;
          out[row + width + left + 3] = r3;
          continue;
        }
        for (let r = 0; r < (pair ? 2 : 1); r++) {
          for (let x = left; x < right; x++) {
            const i = row + r * width + x;
            if (foreground[i] === 0) continue;
            const at = centre + r * stride + x - left;
            let sum = 0;
            for (let t = first; t < end; t++) sum += weights[t]! * padded[at + offsets[t]!]!;
            out[i] = sum;
          }
        }
      }
    }
  }
  return out;
}
