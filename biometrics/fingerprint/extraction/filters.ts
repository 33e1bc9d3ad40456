/**
 * Image filters on typed arrays. Box means go through an integral image so
 * their cost does not depend on the window size.
 */

/** Mean over a (2r+1)² window clamped to the image (border windows average fewer pixels). */
export function boxMean(source: ArrayLike<number>, width: number, height: number, radius: number): Float32Array {
  const stride = width + 1;
  const sums = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    const from = y * width;
    const at = (y + 1) * stride;
    for (let x = 0; x < width; x++) {
      row += source[from + x]!;
      sums[at + x + 1] = sums[at - stride + x + 1]! + row;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const sum = sums[y1 * stride + x1]! - sums[y0 * stride + x1]! - sums[y1 * stride + x0]! + sums[y0 * stride + x0]!;
      out[y * width + x] = sum / ((x1 - x0) * (y1 - y0));
    }
  }
  return out;
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
