/**
 * Minutiae on the skeleton by crossing number (1 = ridge ending, 3 =
 * bifurcation), each traced along its ridge(s) to get a direction and to learn
 * what the ridge runs into (another minutia close by is a sign of a spur, a
 * bridge or a short fragment; false-minutiae.ts decides).
 *
 * Directions are image radians (clockwise as seen): an ending points into its
 * ridge, a bifurcation away from its stem. The traced direction picks which of
 * the two senses of the smoothed orientation field to use; the field gives
 * the precision.
 */
import { angleDistance } from '../minutia.ts';
import { crossingNumber, neighbourOffsets } from './skeleton.ts';
import { orientationAt, type OrientationField } from './orientation.ts';

export type Stop = 'ending' | 'junction' | 'limit';

export interface Trace {
  /** Pixel indices walked, excluding the start. */
  readonly path: readonly number[];
  readonly stop: Stop;
}

export interface Candidate {
  readonly x: number;
  readonly y: number;
  readonly index: number;
  readonly type: 'ridge-ending' | 'bifurcation';
  /** Image radians. */
  direction: number;
  /** One trace for an ending, three for a bifurcation. */
  readonly traces: readonly Trace[];
}

/** Pixels walked to measure a direction: about one ridge period. */
const DIRECTION_STEPS = 9;

export function trace(skeleton: Uint8Array, width: number, start: number, first: number, maxSteps: number, n: Int32Array): Trace {
  const path: number[] = [first];
  let previous = start;
  let current = first;
  for (;;) {
    const cn = crossingNumber(skeleton, current, n);
    if (cn === 1 && path.length > 0) return { path, stop: 'ending' };
    // A fork pixel touching the start is the start's own fork (thinning leaves them in pairs), not another minutia.
    if (cn >= 3 && !isNeighbour(current, start, width)) return { path, stop: 'junction' };
    if (path.length >= maxSteps) return { path, stop: 'limit' };
    let next = -1;
    for (let k = 0; k < 8; k++) {
      const j = current + n[k]!;
      if (skeleton[j] === 0 || j === previous || j === start) continue;
      // Skip pixels that touch the pixel we came from: they are the corner of a turn we already made.
      if (isNeighbour(j, previous, width) && path.length > 1) continue;
      if (path.length <= 2 && isNeighbour(j, start, width)) continue;
      next = j;
      if (k % 2 === 0) break;
    }
    if (next < 0) return { path, stop: 'ending' };
    previous = current;
    current = next;
    path.push(current);
  }
}

function isNeighbour(a: number, b: number, width: number): boolean {
  const ax = a % width;
  const bx = b % width;
  return Math.abs(ax - bx) <= 1 && Math.abs((a - ax) / width - (b - bx) / width) <= 1;
}

/** The first pixel of each branch leaving a pixel: one per run of set neighbours around it. */
function branchStarts(skeleton: Uint8Array, i: number, n: Int32Array): number[] {
  const starts: number[] = [];
  for (let k = 0; k < 8; k++) {
    const v = skeleton[i + n[k]!]!;
    const before = skeleton[i + n[(k + 7) % 8]!]!;
    if (v === 1 && before === 0) {
      // Prefer the run's 4-neighbour: it is the pixel the branch continues from.
      let pick = i + n[k]!;
      for (let m = k; m < k + 3 && skeleton[i + n[m % 8]!] === 1; m++) {
        if (m % 2 === 0) {
          pick = i + n[m % 8]!;
          break;
        }
      }
      starts.push(pick);
    }
  }
  return starts;
}

function directionOf(trace: Trace, start: number, width: number): number {
  const end = trace.path[Math.min(DIRECTION_STEPS, trace.path.length) - 1]!;
  return Math.atan2(Math.floor(end / width) - Math.floor(start / width), (end % width) - (start % width));
}

/** Takes the sense from the trace and the angle from the orientation field, unless they disagree badly. */
function snap(field: OrientationField, x: number, y: number, traced: number): number {
  const theta = orientationAt(field, x, y);
  const best = angleDistance(theta, traced) <= angleDistance(theta + Math.PI, traced) ? theta : theta + Math.PI;
  return angleDistance(best, traced) <= Math.PI / 4 ? best : traced;
}

export function detectCandidates(
  skeleton: Uint8Array,
  width: number,
  height: number,
  distance: Float32Array,
  field: OrientationField,
  maxTrace: number,
): Candidate[] {
  const n = neighbourOffsets(width);
  const out: Candidate[] = [];
  const bifurcationsSeen: number[] = [];
  // Skeleton pixels are a tenth of the image or less: the typed indexOf finds the next one faster than a test per pixel.
  for (let i = skeleton.indexOf(1, width + 1), last = (height - 1) * width - 1; i >= 0 && i < last; i = skeleton.indexOf(1, i + 1)) {
    const x = i % width;
    const y = (i - x) / width;
    if (x === 0 || x === width - 1 || distance[i]! < 2) continue;
    const cn = crossingNumber(skeleton, i, n);
    if (cn === 1) {
      const t = trace(skeleton, width, i, branchStarts(skeleton, i, n)[0]!, maxTrace, n);
      out.push({ x, y, index: i, type: 'ridge-ending', traces: [t], direction: snap(field, x, y, directionOf(t, i, width)) });
    } else if (cn === 3) {
      // Thinning can leave two fork pixels side by side; they are one bifurcation.
      if (bifurcationsSeen.some((j) => isNeighbour(i, j, width))) continue;
      bifurcationsSeen.push(i);
      const starts = branchStarts(skeleton, i, n);
      if (starts.length !== 3) continue;
      const traces = starts.map((s) => trace(skeleton, width, i, s, maxTrace, n));
      const angles = traces.map((t) => directionOf(t, i, width));
      // Two branches leave on the fork side of the ridge axis, the stem on the other: a vote along
      // the smoothed orientation is steadier than comparing the branches' angles with each other.
      const theta = orientationAt(field, x, y);
      const projections = angles.map((a) => Math.cos(a - theta));
      const forward = projections.filter((p) => p > 0).length;
      const sense = forward === 2 || (forward !== 1 && projections.reduce((s, p) => s + p, 0) > 0) ? theta : theta + Math.PI;
      out.push({ x, y, index: i, type: 'bifurcation', traces, direction: sense });
    }
  }
  return out;
}
