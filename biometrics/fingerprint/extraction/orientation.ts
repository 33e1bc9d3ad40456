/**
 * Ridge orientation by the gradient structure tensor (Bazen & Gerez 2002;
 * Hong, Wan & Jain 1998): squared Sobel gradients summed per block, smoothed in
 * the doubled-angle domain so opposite gradients across a ridge reinforce
 * instead of cancelling. Coherence (|Σ doubled gradient| / Σ |gradient|²) is 1
 * for perfectly parallel ridges and near 0 for noise, which is also what the
 * segmentation and the quality score use.
 *
 * Angles here are image radians: atan2 on (dx, dy) with y down, so they turn
 * clockwise as seen. Orientation is defined modulo π.
 */
import { gaussianSmoothGrid } from './filters.ts';

/** Blocks are 8 × 8 px; statistics use the 24 × 24 px window centred on the block. */
export const BLOCK = 8;

export interface OrientationField {
  readonly cols: number;
  readonly rows: number;
  /** Smoothed ridge orientation per block, [0, π). */
  readonly theta: Float32Array;
  /** Unsmoothed coherence per block window, 0–1. */
  readonly coherence: Float32Array;
  /** Root-mean-square band-pass amplitude per block window, in grey levels. */
  readonly energy: Float32Array;
  /** Smoothed doubled-angle unit vector per block, for interpolation between blocks. */
  readonly cos2: Float32Array;
  readonly sin2: Float32Array;
}

const SMOOTHING_SIGMA_BLOCKS = 1.5;

export function estimateOrientation(bandPass: Float32Array, width: number, height: number): OrientationField {
  const cols = Math.ceil(width / BLOCK);
  const rows = Math.ceil(height / BLOCK);
  const tiles = cols * rows;
  const txx = new Float64Array(tiles);
  const txy = new Float64Array(tiles);
  const tmag = new Float64Array(tiles);
  const tenergy = new Float64Array(tiles);
  const tcount = new Float64Array(tiles);
  // Each tile's sums are carried in locals along its 8 pixels of a row: the same additions in the same order.
  for (let y = 0; y < height; y++) {
    const rowTile = (y >> 3) * cols;
    const inner = y > 0 && y < height - 1;
    for (let tx = 0; tx < cols; tx++) {
      const t = rowTile + tx;
      let sxx = txx[t]!;
      let sxy = txy[t]!;
      let smag = tmag[t]!;
      let senergy = tenergy[t]!;
      let scount = tcount[t]!;
      for (let x = tx * BLOCK, end = Math.min(width, x + BLOCK); x < end; x++) {
        const i = y * width + x;
        const v = bandPass[i]!;
        senergy += v * v;
        scount += 1;
        if (!inner || x === 0 || x === width - 1) continue;
        const a = bandPass[i - width - 1]!;
        const b = bandPass[i - width]!;
        const c = bandPass[i - width + 1]!;
        const d = bandPass[i - 1]!;
        const f = bandPass[i + 1]!;
        const g = bandPass[i + width - 1]!;
        const h = bandPass[i + width]!;
        const k = bandPass[i + width + 1]!;
        const gx = c + 2 * f + k - a - 2 * d - g;
        const gy = g + 2 * h + k - a - 2 * b - c;
        sxx += gx * gx - gy * gy;
        sxy += 2 * gx * gy;
        smag += gx * gx + gy * gy;
      }
      txx[t] = sxx;
      txy[t] = sxy;
      tmag[t] = smag;
      tenergy[t] = senergy;
      tcount[t] = scount;
    }
  }
  const coherence = new Float32Array(tiles);
  const energy = new Float32Array(tiles);
  const vx = new Float32Array(tiles);
  const vy = new Float32Array(tiles);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let sxx = 0;
      let sxy = 0;
      let smag = 0;
      let se = 0;
      let sn = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = by + dy;
        if (yy < 0 || yy >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = bx + dx;
          if (xx < 0 || xx >= cols) continue;
          const t = yy * cols + xx;
          sxx += txx[t]!;
          sxy += txy[t]!;
          smag += tmag[t]!;
          se += tenergy[t]!;
          sn += tcount[t]!;
        }
      }
      const b = by * cols + bx;
      coherence[b] = smag > 1e-9 ? Math.hypot(sxx, sxy) / smag : 0;
      energy[b] = Math.sqrt(se / sn);
      // The ridge runs perpendicular to the gradient: +π in the doubled-angle domain.
      vx[b] = -sxx;
      vy[b] = -sxy;
    }
  }
  const sx = gaussianSmoothGrid(vx, cols, rows, SMOOTHING_SIGMA_BLOCKS);
  const sy = gaussianSmoothGrid(vy, cols, rows, SMOOTHING_SIGMA_BLOCKS);
  const theta = new Float32Array(tiles);
  const cos2 = new Float32Array(tiles);
  const sin2 = new Float32Array(tiles);
  for (let b = 0; b < tiles; b++) {
    const norm = Math.hypot(sx[b]!, sy[b]!);
    cos2[b] = norm > 0 ? sx[b]! / norm : 1;
    sin2[b] = norm > 0 ? sy[b]! / norm : 0;
    theta[b] = wrapHalfTurn(0.5 * Math.atan2(sin2[b]!, cos2[b]!));
  }
  return { cols, rows, theta, coherence, energy, cos2, sin2 };
}

/** The ridge orientation at a pixel, interpolated bilinearly between block centres in the doubled-angle domain. */
export function orientationAt(field: OrientationField, x: number, y: number): number {
  const fx = Math.min(Math.max((x - (BLOCK - 1) / 2) / BLOCK, 0), field.cols - 1);
  const fy = Math.min(Math.max((y - (BLOCK - 1) / 2) / BLOCK, 0), field.rows - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, field.cols - 1);
  const y1 = Math.min(y0 + 1, field.rows - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  const w00 = (1 - ax) * (1 - ay);
  const w10 = ax * (1 - ay);
  const w01 = (1 - ax) * ay;
  const w11 = ax * ay;
  const i00 = y0 * field.cols + x0;
  const i10 = y0 * field.cols + x1;
  const i01 = y1 * field.cols + x0;
  const i11 = y1 * field.cols + x1;
  const c = w00 * field.cos2[i00]! + w10 * field.cos2[i10]! + w01 * field.cos2[i01]! + w11 * field.cos2[i11]!;
  const s = w00 * field.sin2[i00]! + w10 * field.sin2[i10]! + w01 * field.sin2[i01]! + w11 * field.sin2[i11]!;
  return wrapHalfTurn(0.5 * Math.atan2(s, c));
}

export function wrapHalfTurn(angle: number): number {
  const a = angle % Math.PI;
  return a < 0 ? a + Math.PI : a;
}
