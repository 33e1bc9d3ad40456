/**
 * The matcher's precomputed view of a template: coordinates in typed arrays
 * and, for every minutia, its local structure — the K nearest neighbours as
 * (distance, direction of the neighbour seen from the minutia, relative ridge
 * angle), which do not change when the finger is rotated or moved (Jiang &
 * Yau, "Fingerprint minutiae matching based on the local and global
 * structures", ICPR 2000). Prepare a template once, compare it many times.
 */
import { angleToRadians, type Minutia, SENSOR_RESOLUTION_PPCM } from './minutia.ts';

export const NEIGHBOURS = 8;
export const TWO_PI = 2 * Math.PI;
export const DEGREE = Math.PI / 180;

/** Local structure tolerances: distance grows with the neighbour's distance (skin stretch), angles cover extraction error. */
const DISTANCE_TOLERANCE_PX = 6;
const DISTANCE_TOLERANCE_RATE = 0.06;
const PHI_TOLERANCE = 22 * DEGREE;
const PSI_TOLERANCE = 30 * DEGREE;

export interface MatcherTemplate {
  readonly count: number;
  /** Pixels at 500 dpi. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Minutia directions in radians, [0, 2π), counter-clockwise on the image. */
  readonly theta: Float64Array;
  /** 0 other, 1 ridge ending, 2 bifurcation. */
  readonly type: Uint8Array;
  /** NEIGHBOURS slots per minutia (fewer used when the template is small), nearest first. */
  readonly neighbourDistance: Float64Array;
  readonly neighbourPhi: Float64Array;
  readonly neighbourPsi: Float64Array;
  readonly neighbourCount: Uint8Array;
  /** Minutia indices ordered by x, and their x: pairing looks only at a window of x. */
  readonly byX: Int32Array;
  readonly sortedX: Float64Array;
  readonly bounds: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
}

export const wrapAngle = (a: number): number => ((a % TWO_PI) + TWO_PI) % TWO_PI;

/** |a − b| on the circle, for angles in [0, 2π). */
export function angularGap(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d > Math.PI ? TWO_PI - d : d;
}

/** Resolutions in px/cm: templates from other sensors are scaled to 500 dpi, where the tolerances are set. */
export function prepareTemplate(minutiae: readonly Minutia[], resolution: number = SENSOR_RESOLUTION_PPCM, yResolution: number = resolution): MatcherTemplate {
  const n = minutiae.length;
  const x = Float64Array.from(minutiae, (m) => (m.x * SENSOR_RESOLUTION_PPCM) / resolution);
  const y = Float64Array.from(minutiae, (m) => (m.y * SENSOR_RESOLUTION_PPCM) / yResolution);
  const theta = Float64Array.from(minutiae, (m) => angleToRadians(m.angle));
  const type = Uint8Array.from(minutiae, (m) => (m.type === 'ridge-ending' ? 1 : m.type === 'bifurcation' ? 2 : 0));
  const neighbourDistance = new Float64Array(n * NEIGHBOURS);
  const neighbourPhi = new Float64Array(n * NEIGHBOURS);
  const neighbourPsi = new Float64Array(n * NEIGHBOURS);
  const neighbourCount = new Uint8Array(n);
  const others = Array.from({ length: n }, (_, k) => k);
  for (let i = 0; i < n; i++) {
    const d2 = (k: number) => (x[k]! - x[i]!) ** 2 + (y[k]! - y[i]!) ** 2;
    const nearest = others
      .filter((k) => k !== i)
      .sort((a, b) => d2(a) - d2(b))
      .slice(0, NEIGHBOURS);
    neighbourCount[i] = nearest.length;
    nearest.forEach((k, slot) => {
      const direction = Math.atan2(-(y[k]! - y[i]!), x[k]! - x[i]!);
      neighbourDistance[i * NEIGHBOURS + slot] = Math.sqrt(d2(k));
      neighbourPhi[i * NEIGHBOURS + slot] = wrapAngle(direction - theta[i]!);
      neighbourPsi[i * NEIGHBOURS + slot] = wrapAngle(theta[k]! - theta[i]!);
    });
  }
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxX = Math.max(maxX, x[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  const byX = Int32Array.from(others.sort((a, b) => x[a]! - x[b]!));
  const sortedX = Float64Array.from(byX, (k) => x[k]!);
  return { count: n, x, y, theta, type, neighbourDistance, neighbourPhi, neighbourPsi, neighbourCount, byX, sortedX, bounds: { minX, minY, maxX, maxY } };
}

/**
 * How alike the neighbourhoods of probe minutia i and candidate minutia j are:
 * about 1 per neighbour that agrees in distance and both angles (each pairing
 * one-to-one, the closest agreement first), less the normalised error.
 * Returns early with a lower value once it cannot exceed `atLeast`.
 */
export function localSimilarity(p: MatcherTemplate, i: number, g: MatcherTemplate, j: number, atLeast = 0): number {
  const pd = p.neighbourDistance,
    pPhi = p.neighbourPhi,
    pPsi = p.neighbourPsi;
  const gd = g.neighbourDistance,
    gPhi = g.neighbourPhi,
    gPsi = g.neighbourPsi;
  const pBase = i * NEIGHBOURS;
  const gBase = j * NEIGHBOURS;
  const pn = p.neighbourCount[i]!;
  const gn = g.neighbourCount[j]!;
  let used = 0;
  let similarity = 0;
  let low = 0;
  for (let a = 0; a < pn; a++) {
    if (similarity + (pn - a) <= atLeast) return similarity;
    const da = pd[pBase + a]!;
    const tolerance = DISTANCE_TOLERANCE_PX + DISTANCE_TOLERANCE_RATE * da;
    // Neighbours are sorted and da − tolerance grows with da, so the window only moves forward.
    while (low < gn && gd[gBase + low]! < da - tolerance) low++;
    let best = -1;
    let bestError = 3;
    for (let b = low; b < gn; b++) {
      const gap = gd[gBase + b]! - da;
      if (gap > tolerance) break;
      if (used & (1 << b)) continue;
      const phiGap = angularGap(pPhi[pBase + a]!, gPhi[gBase + b]!);
      if (phiGap > PHI_TOLERANCE) continue;
      const psiGap = angularGap(pPsi[pBase + a]!, gPsi[gBase + b]!);
      if (psiGap > PSI_TOLERANCE) continue;
      const error = Math.abs(gap) / tolerance + phiGap / PHI_TOLERANCE + psiGap / PSI_TOLERANCE;
      if (error < bestError) {
        bestError = error;
        best = b;
      }
    }
    if (best >= 0) {
      used |= 1 << best;
      similarity += 1 - bestError / 6;
    }
  }
  return similarity;
}
