/**
 * The capture model: what a sensor and a feature extractor make of a finger
 * placed once. Placement (rotation, translation), skin elasticity, a contact
 * area smaller than the finger, positional and angular extraction error,
 * missed, spurious and mistyped minutiae. One quality level (0–100, the ISO
 * 19794-2 finger quality scale) drives the extraction error terms; placement
 * does not depend on it. Seeded: the same (finger, quality, seed) gives the
 * same impression.
 */
import { type Finger, ridgeOrientation } from './finger-generator.ts';
import { type Minutia, type MinutiaType, angleToRadians, radiansToAngle } from './minutia.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import { seededRandom } from './random.ts';

export interface CaptureOptions {
  /** 0 (unusable) … 100 (ideal). */
  readonly quality: number;
  /** Distinguishes placements of the same finger. */
  readonly seed: string | number;
}

export interface Impression {
  readonly fingerPosition: FingerPosition;
  readonly quality: number;
  readonly width: number;
  readonly height: number;
  readonly resolution: number;
  readonly minutiae: readonly Minutia[];
  /** Ground truth, for tests: how the finger was placed relative to its generated frame. */
  readonly placement: { readonly rotationDegrees: number; readonly dx: number; readonly dy: number };
}

export interface CaptureParameters {
  /** Standard deviation of each coordinate's extraction error, px. */
  readonly positionJitterPx: number;
  readonly angleJitterDegrees: number;
  /** Probability that a minutia in the contact area is missed anyway. */
  readonly dropoutRate: number;
  /** Mean number of false minutiae (Poisson). */
  readonly spuriousMean: number;
  /** Probability that an ending is reported as a bifurcation or the reverse (the commonest extractor error). */
  readonly typeFlipRate: number;
  /** Amplitude of the smooth elastic skin displacement, px. */
  readonly distortionPx: number;
  /** Contact ellipse semi-axes as fractions of the image width and height. */
  readonly contactAxes: readonly [number, number];
}

/** Placement spread: a guided kiosk sensor keeps the finger within a few degrees and millimetres. */
const ROTATION_SD_DEGREES = 8;
const ROTATION_LIMIT_DEGREES = 25;
const TRANSLATION_SD_PX = 14;
const TRANSLATION_LIMIT_PX = 40;

export function captureParameters(quality: number): CaptureParameters {
  const u = (100 - Math.min(100, Math.max(0, quality))) / 100;
  return {
    positionJitterPx: 0.8 + 2.7 * u,
    angleJitterDegrees: 3 + 9 * u,
    dropoutRate: 0.04 + 0.3 * u,
    spuriousMean: 0.5 + 9 * u,
    typeFlipRate: 0.05 + 0.2 * u,
    distortionPx: 1 + 3 * u,
    contactAxes: [0.62 - 0.14 * u, 0.6 - 0.12 * u],
  };
}

const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
const DEGREE = Math.PI / 180;

export function captureImpression(finger: Finger, options: CaptureOptions): Impression {
  const random = seededRandom('impression', finger.citizenKey, finger.position, options.seed);
  const p = captureParameters(options.quality);
  const { width, height } = finger;
  const cx = width / 2;
  const cy = height / 2;
  const rotation = clamp(ROTATION_SD_DEGREES * random.normal(), ROTATION_LIMIT_DEGREES) * DEGREE;
  const dx = clamp(TRANSLATION_SD_PX * random.normal(), TRANSLATION_LIMIT_PX);
  const dy = clamp(TRANSLATION_SD_PX * random.normal(), TRANSLATION_LIMIT_PX);
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  // Counter-clockwise on the image (y down), the same sense as ISO minutia angles.
  const place = (x: number, y: number): [number, number] => [cx + (x - cx) * cos + (y - cy) * sin + dx, cy - (x - cx) * sin + (y - cy) * cos + dy];

  // Skin stretches smoothly: a low-frequency displacement field with random phase.
  const phase = [random.range(0, 2 * Math.PI), random.range(0, 2 * Math.PI)] as const;
  const pressure = 1 + 0.015 * random.normal();
  const distort = (x: number, y: number): [number, number] => [
    cx + (x - cx) * pressure + p.distortionPx * Math.sin((2 * Math.PI * y) / 320 + phase[0]),
    cy + (y - cy) * pressure + p.distortionPx * Math.sin((2 * Math.PI * x) / 300 + phase[1]),
  ];

  const contactX = cx + 0.8 * dx + 6 * random.normal();
  const contactY = cy + 0.8 * dy + 6 * random.normal();
  const [ax, ay] = [p.contactAxes[0] * width, p.contactAxes[1] * height];
  const inContact = (x: number, y: number) => ((x - contactX) / ax) ** 2 + ((y - contactY) / ay) ** 2 <= 1;
  const inImage = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height;

  const minutiae: Minutia[] = [];
  const flipType = (type: MinutiaType): MinutiaType => (random.chance(p.typeFlipRate) ? (type === 'ridge-ending' ? 'bifurcation' : 'ridge-ending') : type);
  for (const m of finger.minutiae) {
    const [px, py] = place(m.x, m.y);
    const [qx, qy] = distort(px, py);
    const x = Math.round(qx + p.positionJitterPx * random.normal());
    const y = Math.round(qy + p.positionJitterPx * random.normal());
    const angle = angleToRadians(m.angle) + rotation + p.angleJitterDegrees * DEGREE * random.normal();
    const type = flipType(m.type);
    if (!inImage(x, y) || !inContact(x, y) || random.chance(p.dropoutRate)) continue;
    minutiae.push({ x, y, angle: radiansToAngle(angle), type });
  }

  // False minutiae come from broken or merged ridges, so most point along the flow.
  const spurious = random.poisson(p.spuriousMean);
  for (let k = 0, tries = 0; k < spurious && tries < 100; tries++) {
    // floor, not round: a rounded x of `width` would lie outside the image (and the ISO record).
    const x = Math.floor(random.range(0, width));
    const y = Math.floor(random.range(0, height));
    if (!inContact(x, y)) continue;
    const flow = ridgeOrientation(finger, cx + (x - dx - cx) * cos - (y - dy - cy) * sin, cy + (x - dx - cx) * sin + (y - dy - cy) * cos) + rotation;
    const angle = random.chance(0.7) ? flow + (random.chance(0.5) ? Math.PI : 0) + 10 * DEGREE * random.normal() : random.range(0, 2 * Math.PI);
    minutiae.push({ x, y, angle: radiansToAngle(angle), type: random.chance(0.5) ? 'ridge-ending' : 'bifurcation' });
    k++;
  }
  // An extractor reports minutiae in scan order, not in the finger's order.
  minutiae.sort((a, b) => a.y - b.y || a.x - b.x);

  return {
    fingerPosition: finger.position,
    quality: Math.round(Math.min(100, Math.max(0, options.quality))),
    width,
    height,
    resolution: finger.resolution,
    minutiae,
    placement: { rotationDegrees: rotation / DEGREE, dx, dy },
  };
}
