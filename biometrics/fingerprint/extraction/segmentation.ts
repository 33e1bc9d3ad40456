/**
 * Foreground mask: where the image holds a ridge pattern. A block is a
 * candidate when its band-pass amplitude (local contrast), its orientation
 * coherence and its x-signature all say "parallel ridges"; the candidate mask
 * is then closed, its holes filled, and only the largest region kept (one
 * finger). A blank sensor has no amplitude, noise has no coherence, a smooth
 * gradient is removed by the band-pass, and a lone edge has no period.
 */
import { BLOCK } from './orientation.ts';
import { scratch } from './scratch.ts';

/** Band-pass RMS (grey levels) below which a block is flat: sensor noise is 1–2 levels. */
export const MIN_BLOCK_ENERGY = 3;
/** Noise over a 24 × 24 window gives coherence ≈ 0.1; ridges 0.6–1, a little less at cores and deltas. */
export const MIN_BLOCK_COHERENCE = 0.3;

export function candidateBlocks(energy: Float32Array, coherence: Float32Array): Uint8Array {
  const out = new Uint8Array(energy.length);
  for (let b = 0; b < energy.length; b++) out[b] = energy[b]! >= MIN_BLOCK_ENERGY && coherence[b]! >= MIN_BLOCK_COHERENCE ? 1 : 0;
  return out;
}

function morph(mask: Uint8Array, cols: number, rows: number, dilate: boolean): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let hit = dilate ? 0 : 1;
      for (let dy = -1; dy <= 1 && hit === (dilate ? 0 : 1); dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          // Outside the grid counts as foreground for erosion so the image edge does not eat the print.
          const v = xx < 0 || yy < 0 || xx >= cols || yy >= rows ? (dilate ? 0 : 1) : mask[yy * cols + xx]!;
          if (dilate && v === 1) {
            hit = 1;
            break;
          }
          if (!dilate && v === 0) {
            hit = 0;
            break;
          }
        }
      }
      out[y * cols + x] = hit;
    }
  }
  return out;
}

/** Labels 4-connected regions of `value`; returns the label per cell and each region's size. */
function regions(mask: Uint8Array, cols: number, rows: number, value: number): { labels: Int32Array; sizes: number[]; touchesEdge: boolean[] } {
  const labels = new Int32Array(mask.length).fill(-1);
  const sizes: number[] = [];
  const touchesEdge: boolean[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== value || labels[start] !== -1) continue;
    const label = sizes.length;
    sizes.push(0);
    touchesEdge.push(false);
    labels[start] = label;
    stack.push(start);
    while (stack.length > 0) {
      const b = stack.pop()!;
      sizes[label]!++;
      const x = b % cols;
      const y = (b - x) / cols;
      if (x === 0 || y === 0 || x === cols - 1 || y === rows - 1) touchesEdge[label] = true;
      const next = [x > 0 ? b - 1 : -1, x < cols - 1 ? b + 1 : -1, y > 0 ? b - cols : -1, y < rows - 1 ? b + cols : -1];
      for (const n of next) {
        if (n >= 0 && mask[n] === value && labels[n] === -1) {
          labels[n] = label;
          stack.push(n);
        }
      }
    }
  }
  return { labels, sizes, touchesEdge };
}

/** Closing, hole filling, largest region. */
export function cleanMask(candidates: Uint8Array, cols: number, rows: number): Uint8Array {
  const closed = morph(morph(candidates, cols, rows, true), cols, rows, false);
  const holes = regions(closed, cols, rows, 0);
  for (let b = 0; b < closed.length; b++) {
    const label = holes.labels[b]!;
    if (label >= 0 && !holes.touchesEdge[label]) closed[b] = 1;
  }
  const parts = regions(closed, cols, rows, 1);
  if (parts.sizes.length === 0) return closed;
  let largest = 0;
  for (let l = 1; l < parts.sizes.length; l++) if (parts.sizes[l]! > parts.sizes[largest]!) largest = l;
  const out = new Uint8Array(closed.length);
  for (let b = 0; b < closed.length; b++) out[b] = parts.labels[b] === largest ? 1 : 0;
  return out;
}

/** The block mask at pixel resolution. */
export function pixelMask(blocks: Uint8Array, cols: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / BLOCK) * cols;
    for (let x = 0; x < width; x++) out[y * width + x] = blocks[row + Math.floor(x / BLOCK)]!;
  }
  return out;
}

/**
 * Approximate Euclidean distance (3-4 chamfer, in pixels) from each pixel to
 * the nearest background pixel or the image edge. The chamfer sums are
 * integers (at most 10^6, exact in a float32 as well), so integer arithmetic
 * gives the same distances as float arithmetic would.
 */
export function distanceToBackground(mask: Uint8Array, width: number, height: number): Float32Array {
  const big = 1e6;
  const stride = width + 2;
  // Chamfer sums in 3-4 units on a copy of the mask with a one-pixel background frame (the image edge
  // counts as background); a scratch buffer whose frame is never written.
  const d = scratch('chamfer', width, height, () => new Int32Array(stride * (height + 2)));
  for (let y = 0; y < height; y++) {
    const from = y * width;
    const to = (y + 1) * stride + 1;
    for (let x = 0; x < width; x++) d[to + x] = mask[from + x] === 1 ? big : 0;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = (y + 1) * stride + 1; x < width; x++, i++) {
      const v = d[i]!;
      if (v === 0) continue;
      d[i] = Math.min(v, d[i - 1]! + 3, d[i - stride]! + 3, d[i - stride - 1]! + 4, d[i - stride + 1]! + 4);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1, i = (y + 1) * stride + x + 1; x >= 0; x--, i--) {
      const v = d[i]!;
      if (v === 0) continue;
      d[i] = Math.min(v, d[i + 1]! + 3, d[i + stride]! + 3, d[i + stride + 1]! + 4, d[i + stride - 1]! + 4);
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (y + 1) * stride + 1;
    const to = y * width;
    for (let x = 0; x < width; x++) out[to + x] = d[from + x]! / 3;
  }
  return out;
}
