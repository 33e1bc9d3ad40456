/**
 * Image filters on typed arrays. Box means go through an integral image so
 * their cost does not depend on the window size.
 */
import { scratch } from './scratch.ts';

/**
 * Summed-area table, (width + 1) × (height + 1) doubles with a zero first row
 * and column, in a scratch buffer: the interior is rewritten whole every time
 * and the zero edge never is.
 */
function integralImage(source: ArrayLike<number>, width: number, height: number): Float64Array {
  const stride = width + 1;
  const sums = scratch('box-mean-integral', width, height, () => new Float64Array(stride * (height + 1)));
  for (let y = 0; y < height; y++) {
    let row = 0;
    const from = y * width;
    const at = (y + 1) * stride;
    for (let x = 0; x < width; x++) {
      row += source[from + x]!;
      sums[at + x + 1] = sums[at - stride + x + 1]! + row;
    }
  }
  return sums;
}

function meanFromIntegral(sums: Float64Array, width: number, height: number, radius: number): Float32Array {
  const stride = width + 1;
  const out = new Float32Array(width * height);
  // Columns whose window the image edge does not cut: no clamping there.
  const innerFrom = Math.min(radius, width);
  const innerTo = Math.max(innerFrom, width - radius);
  const clamped = (y0: number, y1: number, x: number): number => {
    const x0 = Math.max(0, x - radius);
    const x1 = Math.min(width, x + radius + 1);
    const sum = sums[y1 * stride + x1]! - sums[y0 * stride + x1]! - sums[y1 * stride + x0]! + sums[y0 * stride + x0]!;
    return sum / ((x1 - x0) * (y1 - y0));
  };
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    const row = y * width;
    for (let x = 0; x < innerFrom; x++) out[row + x] = clamped(y0, y1, x);
    const top = y0 * stride;
    const bottom = y1 * stride;
    const area = (2 * radius + 1) * (y1 - y0);
    for (let x = innerFrom; x < innerTo; x++) {
      const x0 = x - radius;
      const x1 = x + radius + 1;
      out[row + x] = (sums[bottom + x1]! - sums[top + x1]! - sums[bottom + x0]! + sums[top + x0]!) / area;
    }
    for (let x = innerTo; x < width; x++) out[row + x] = clamped(y0, y1, x);
  }
  return out;
}

/** Mean over a (2r+1)² window clamped to the image (border windows average fewer pixels). */
export function boxMean(source: ArrayLike<number>, width: number, height: number, radius: number): Float32Array {
  return meanFromIntegral(integralImage(source, width, height), width, height, radius);
}

/** boxMean for several radii over one summed-area table. */
export function boxMeans(source: ArrayLike<number>, width: number, height: number, radii: readonly number[]): Float32Array[] {
  const sums = integralImage(source, width, height);
  return radii.map((radius) => meanFromIntegral(sums, width, height, radius));
}

/** Separable convolution of a small block grid with a normalised Gaussian, ignoring cells outside the grid. */
export function gaussianSmoothGrid(values: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(2 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  for (let k = -radius; k <= radius; k++) kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  const pass = (input: Float32Array, horizontal: boolean): Float32Array => {
    const out = new Float32Array(input.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        let weight = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = horizontal ? x + k : x;
          const yy = horizontal ? y : y + k;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          const wk = kernel[k + radius]!;
          sum += wk * input[yy * width + xx]!;
          weight += wk;
        }
        out[y * width + x] = sum / weight;
      }
    }
    return out;
  };
  return pass(pass(values, true), false);
}
