/**
 * Ground-truth minutiae of a clean master print, found the way a textbook
 * extractor finds them (Maltoni et al., Handbook of Fingerprint Recognition,
 * §3.7): binarise, thin to a one-pixel skeleton (Zhang & Suen, CACM 27(3),
 * 1984), and read the crossing number of each skeleton pixel — 1 is a ridge
 * ending, 3 a bifurcation. On a clean master this is exact up to the
 * skeleton's own artefacts, which the spacing rule below removes.
 *
 * Directions follow ISO/IEC 19794-2 as minutia.ts states it (counter-clockwise
 * from x as seen on the image) and point towards the side where two ridges
 * or valleys meet: a ridge ending points from its end back along its ridge,
 * a bifurcation points from the fork between its two branches. (The duality
 * holds: an ending is a valley bifurcation, and both point into the fork.)
 */
import { type Minutia, type MinutiaType, radiansToAngle } from '../minutia.ts';

/** Minutiae pairs closer than this are skeleton artefacts (spurs, one-pixel bridges) and are dropped. */
const ARTEFACT_DISTANCE_PX = 6;
/** How far the skeleton is followed to read a minutia's direction, px. */
const TRACE_LENGTH_PX = 10;

const NEIGHBOURS_X = [0, 1, 1, 1, 0, -1, -1, -1] as const;
const NEIGHBOURS_Y = [-1, -1, 0, 1, 1, 1, 0, -1] as const;

/** Zhang–Suen thinning of a binary image (1 = ridge) in place; pixels on the image border must be 0. */
export function thin(image: Uint8Array, width: number): void {
  let candidates = new Int32Array(image.length);
  let count = 0;
  for (let i = 0; i < image.length; i++) if (image[i]) candidates[count++] = i;
  let kept = new Int32Array(count);
  const remove = new Int32Array(count);
  const n = new Uint8Array(8);
  const offsets = NEIGHBOURS_X.map((dx, k) => NEIGHBOURS_Y[k]! * width + dx);
  for (let changed = true; changed;) {
    changed = false;
    for (let step = 0; step < 2; step++) {
      let removed = 0;
      let keptCount = 0;
      for (let c = 0; c < count; c++) {
        const i = candidates[c]!;
        if (!image[i]) continue;
        kept[keptCount++] = i;
        let b = 0;
        for (let k = 0; k < 8; k++) b += n[k] = image[i + offsets[k]!]!;
        if (b < 2 || b > 6) continue;
        let a = 0;
        for (let k = 0; k < 8; k++) if (!n[k] && n[(k + 1) & 7]) a++;
        if (a !== 1) continue;
        // n: P2 (north), P3, P4 (east), P5, P6 (south), P7, P8 (west), P9.
        if (step === 0 ? n[0]! * n[2]! * n[4]! === 0 && n[2]! * n[4]! * n[6]! === 0 : n[0]! * n[2]! * n[6]! === 0 && n[0]! * n[4]! * n[6]! === 0)
          remove[removed++] = i;
      }
      for (let r = 0; r < removed; r++) image[remove[r]!] = 0;
      if (removed > 0) changed = true;
      [candidates, kept] = [kept, candidates];
      count = keptCount;
    }
  }
}

function crossingNumber(skeleton: Uint8Array, i: number, width: number): number {
  let transitions = 0;
  for (let k = 0; k < 8; k++) {
    const a = skeleton[i + NEIGHBOURS_Y[k]! * width + NEIGHBOURS_X[k]!]!;
    const b = skeleton[i + NEIGHBOURS_Y[(k + 1) % 8]! * width + NEIGHBOURS_X[(k + 1) % 8]!]!;
    transitions += Math.abs(a - b);
  }
  return transitions / 2;
}

/**
 * Follows the skeleton from `from` through its neighbour `first` (never back
 * through `from`'s other neighbours, which start other branches) and returns
 * the unit vector from `from` to where the walk stops.
 */
function trace(skeleton: Uint8Array, width: number, from: number, first: number, others: readonly number[]): [number, number] {
  const visited = new Set<number>([from, first, ...others]);
  let current = first;
  for (let step = 1; step < TRACE_LENGTH_PX; step++) {
    let nextPixel = -1;
    // Edge neighbours first, so a diagonal shortcut never skips the pixel the ridge really goes through.
    for (const k of [0, 2, 4, 6, 1, 3, 5, 7]) {
      const j = current + NEIGHBOURS_Y[k]! * width + NEIGHBOURS_X[k]!;
      if (skeleton[j] && !visited.has(j)) {
        nextPixel = j;
        break;
      }
    }
    if (nextPixel < 0) break;
    visited.add(nextPixel);
    current = nextPixel;
  }
  const dx = (current % width) - (from % width);
  const dy = Math.floor(current / width) - Math.floor(from / width);
  const length = Math.hypot(dx, dy) || 1;
  return [dx / length, dy / length];
}

export interface GroundTruthOptions {
  /** Ridge orientation (radians mod π, counter-clockwise on the image) at a pixel, for precise directions. */
  readonly orientationAt: (x: number, y: number) => number;
  /** Whether a minutia at (x, y) is far enough inside the finger to count. */
  readonly inside: (x: number, y: number) => boolean;
}

/** Minutiae of a ridge field (> 0 on ridges, row-major). */
export function detectMinutiae(field: Float32Array, width: number, height: number, options: GroundTruthOptions): Minutia[] {
  const skeleton = new Uint8Array(width * height);
  for (let y = 1; y < height - 1; y++) for (let x = 1; x < width - 1; x++) skeleton[y * width + x] = field[y * width + x]! > 0 ? 1 : 0;
  thin(skeleton, width);

  const found: { x: number; y: number; direction: number; type: MinutiaType }[] = [];
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      const i = y * width + x;
      if (!skeleton[i]) continue;
      const cn = crossingNumber(skeleton, i, width);
      if (cn !== 1 && cn !== 3) continue;
      const neighbours: number[] = [];
      const starts: number[] = [];
      for (let k = 0; k < 8; k++) {
        const j = i + NEIGHBOURS_Y[k]! * width + NEIGHBOURS_X[k]!;
        if (!skeleton[j]) continue;
        neighbours.push(j);
        // Each run of set neighbours around the pixel is one branch (the crossing number counts these runs).
        if (!skeleton[i + NEIGHBOURS_Y[(k + 7) % 8]! * width + NEIGHBOURS_X[(k + 7) % 8]!]) starts.push(j);
      }
      const branches = starts.map((j) => trace(skeleton, width, i, j, neighbours));
      let sense: [number, number];
      if (cn === 1) {
        if (branches.length !== 1) continue;
        sense = branches[0]!;
      } else {
        if (branches.length !== 3) continue;
        // The stem is the branch least aligned with the other two; the minutia points away from it.
        let stem = 0;
        let worst = Infinity;
        for (let b = 0; b < 3; b++) {
          const [p, q] = [branches[(b + 1) % 3]!, branches[(b + 2) % 3]!];
          const alignment = branches[b]![0] * (p[0] + q[0]) + branches[b]![1] * (p[1] + q[1]);
          if (alignment < worst) [worst, stem] = [alignment, b];
        }
        sense = [-branches[stem]![0], -branches[stem]![1]];
      }
      const theta = options.orientationAt(x, y);
      // Image y runs down; ISO angles run counter-clockwise as seen, hence −vy.
      const along = Math.cos(theta) * sense[0] - Math.sin(theta) * sense[1] >= 0 ? theta : theta + Math.PI;
      found.push({ x, y, direction: along, type: cn === 1 ? 'ridge-ending' : 'bifurcation' });
    }
  }

  const artefact = new Uint8Array(found.length);
  for (let a = 0; a < found.length; a++) {
    for (let b = a + 1; b < found.length; b++) {
      const [p, q] = [found[a]!, found[b]!];
      if (Math.abs(p.y - q.y) < ARTEFACT_DISTANCE_PX && Math.hypot(p.x - q.x, p.y - q.y) < ARTEFACT_DISTANCE_PX) artefact[a] = artefact[b] = 1;
    }
  }
  return found.filter((m, k) => !artefact[k] && options.inside(m.x, m.y)).map((m) => ({ x: m.x, y: m.y, angle: radiansToAngle(m.direction), type: m.type }));
}
