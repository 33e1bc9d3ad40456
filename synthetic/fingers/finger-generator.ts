/**
 * Deterministic synthetic fingers: a ridge-flow pattern (loop, whorl or arch,
 * with its cores and deltas) and the minutiae that lie on it, keyed by a
 * citizen key and an ISO finger position. The same key always gives the same
 * finger, in any process, so the simulators and the central sandbox agree.
 *
 * The flow is Sherlock & Monro's zero-pole orientation model ("A model for
 * interpreting fingerprint topology", Pattern Recognition 26(7), 1993): the
 * ridge orientation at z is ½·Σ arg(z − core) − ½·Σ arg(z − delta). Minutia
 * directions follow it, so two different fingers of the same class share a
 * flow and look alike to a matcher, as real impostors do.
 */
import type { FingerPosition } from '../../common/fingers.ts';
import { type Minutia, type MinutiaType, radiansToAngle, RIDGE_SPACING_PX, SENSOR_HEIGHT, SENSOR_RESOLUTION_PPCM, SENSOR_WIDTH } from './minutia.ts';
import { type Random, seededRandom } from './random.ts';

export type PatternClass = 'left-loop' | 'right-loop' | 'whorl' | 'arch';

export interface SingularPoint {
  readonly type: 'core' | 'delta';
  readonly x: number;
  readonly y: number;
}

export interface Finger {
  readonly citizenKey: string;
  readonly position: FingerPosition;
  readonly pattern: PatternClass;
  /** Cores and deltas of the flow, in image pixels, possibly outside the image (arches have none). */
  readonly singularities: readonly SingularPoint[];
  /** The reference point of the print: the (upper) core, or the summit of an arch. */
  readonly core: { readonly x: number; readonly y: number };
  readonly minutiae: readonly Minutia[];
  readonly width: number;
  readonly height: number;
  /** Pixels per centimetre (ISO 19794-2 header). */
  readonly resolution: number;
}

/** Share of pattern classes in the population (Henry classes, rounded; whorls include double loops). */
const PATTERN_SHARES: readonly [PatternClass, number][] = [
  ['left-loop', 0.33],
  ['right-loop', 0.32],
  ['whorl', 0.28],
  ['arch', 0.07],
];

export const MINUTIAE_PER_FINGER = { min: 30, max: 60 } as const;
/** Extractors do not report minutiae this close to the image border. */
const BORDER_PX = 8;
const RIDGE_ENDING_SHARE = 0.55;

function choosePattern(random: Random): PatternClass {
  let u = random.next();
  for (const [pattern, share] of PATTERN_SHARES) {
    if (u < share) return pattern;
    u -= share;
  }
  return 'arch';
}

function placeSingularities(pattern: PatternClass, random: Random): { singularities: SingularPoint[]; core: { x: number; y: number } } {
  const cx = SENSOR_WIDTH / 2 + 18 * random.normal();
  const cy = SENSOR_HEIGHT * 0.42 + 18 * random.normal();
  const core = { x: cx, y: cy };
  switch (pattern) {
    case 'left-loop':
    case 'right-loop': {
      // The delta sits below the core, on the side the loop does not open to.
      const side = pattern === 'left-loop' ? 1 : -1;
      return {
        core,
        singularities: [
          { type: 'core', ...core },
          { type: 'delta', x: cx + side * random.range(60, 100), y: cy + random.range(90, 130) },
        ],
      };
    }
    case 'whorl': {
      const spread = random.range(8, 22);
      const tilt = random.normal() * 6;
      return {
        core,
        singularities: [
          { type: 'core', x: cx + tilt, y: cy - spread / 2 },
          { type: 'core', x: cx - tilt, y: cy + spread / 2 },
          { type: 'delta', x: cx - random.range(80, 110), y: cy + random.range(100, 140) },
          { type: 'delta', x: cx + random.range(80, 110), y: cy + random.range(100, 140) },
        ],
      };
    }
    case 'arch':
      return { core, singularities: [] };
  }
}

/** Ridge orientation at (x, y) in radians, modulo π, counter-clockwise as seen on the image. */
export function ridgeOrientation(finger: Pick<Finger, 'singularities' | 'core'>, x: number, y: number): number {
  if (finger.singularities.length === 0) {
    // Arch: ridges rise over a gentle hill centred on the summit, flattening away from it.
    const u = (x - finger.core.x) / 70;
    const fade = Math.exp(-(((y - finger.core.y) / 170) ** 2));
    return Math.atan(-1.2 * u * Math.exp(-u * u) * fade);
  }
  let orientation = 0;
  for (const s of finger.singularities) {
    const arg = Math.atan2(-(y - s.y), x - s.x);
    orientation += s.type === 'core' ? arg / 2 : -arg / 2;
  }
  return orientation;
}

/** Inside the rounded fingertip footprint, away from the image border. */
function onFinger(x: number, y: number): boolean {
  if (x < BORDER_PX || y < BORDER_PX || x >= SENSOR_WIDTH - BORDER_PX || y >= SENSOR_HEIGHT - BORDER_PX) return false;
  const ex = (x - SENSOR_WIDTH / 2) / (SENSOR_WIDTH * 0.58);
  const ey = (y - SENSOR_HEIGHT * 0.55) / (SENSOR_HEIGHT * 0.62);
  return ex * ex + ey * ey <= 1;
}

/**
 * A citizen's key: the RUN as `<number>-<check digit>` (`12345678-5`). The
 * kiosk's simulators and the central sandbox both key a citizen's fingers so,
 * which is how a finger enrolled in one matches a capture from the other.
 */
export function citizenFingerKey(run: { readonly number: number; readonly checkDigit: string }): string {
  return `${run.number}-${run.checkDigit}`;
}

export function generateFinger(citizenKey: string, position: FingerPosition): Finger {
  const random = seededRandom('finger', citizenKey, position);
  const pattern = choosePattern(random);
  const { singularities, core } = placeSingularities(pattern, random);
  const target = MINUTIAE_PER_FINGER.min + random.int(MINUTIAE_PER_FINGER.max - MINUTIAE_PER_FINGER.min + 1);
  const minutiae: Minutia[] = [];
  const minDistance2 = RIDGE_SPACING_PX * RIDGE_SPACING_PX;
  // Dart throwing: uniform positions with a hard minimum spacing of one ridge period.
  for (let attempt = 0; minutiae.length < target && attempt < 20_000; attempt++) {
    const x = Math.round(random.range(0, SENSOR_WIDTH));
    const y = Math.round(random.range(0, SENSOR_HEIGHT));
    if (!onFinger(x, y)) continue;
    if (minutiae.some((m) => (m.x - x) ** 2 + (m.y - y) ** 2 < minDistance2)) continue;
    // A minutia points along its ridge, one way or the other; real extractors add a few degrees of error.
    const direction = ridgeOrientation({ singularities, core }, x, y) + (random.chance(0.5) ? Math.PI : 0) + ((3 * Math.PI) / 180) * random.normal();
    const type: MinutiaType = random.chance(RIDGE_ENDING_SHARE) ? 'ridge-ending' : 'bifurcation';
    minutiae.push({ x, y, angle: radiansToAngle(direction), type });
  }
  return {
    citizenKey,
    position,
    pattern,
    singularities,
    core,
    minutiae,
    width: SENSOR_WIDTH,
    height: SENSOR_HEIGHT,
    resolution: SENSOR_RESOLUTION_PPCM,
  };
}
