/**
 * Impressions: what a 500 ppi optical or capacitive sensor shows when a finger
 * is placed once. The master is placed (rotation, translation, elastic skin
 * distortion — placement.ts), seen only where the skin touches (a contact
 * ellipse, not always centred), and its ridges are rendered as the skin and
 * sensor make them: thin and broken when dry, thick and merged when wet or
 * pressed hard, fading where pressure falls off at the contact edge, over a
 * background with its own level, contrast and noise. Ridges are dark on
 * light, as sensors deliver them. Deterministic per (citizen key, finger
 * position, impression index, quality, size).
 */
import { type Minutia, radiansToAngle, angleToRadians, SENSOR_RESOLUTION_PPCM } from '../minutia.ts';
import { type Random, seededRandom } from '../random.ts';
import { silhouetteMargin } from './flow-field.ts';
import { type MasterPrint } from './master-print.ts';

/** What an impression takes from its master: the ridge field and the ground truth, not the master's grey picture or mask. */
export type ImpressionSource = Pick<MasterPrint, 'finger' | 'width' | 'height' | 'field' | 'minutiae'>;
import { type ContactArea, contactRadius, type ImpressionTransform, inverseMapping, MASTER_CENTRE, masterToImpression } from './placement.ts';
import { type FingerprintQuality, QUALITY_PROFILES, type QualityProfile } from './quality-profiles.ts';

/** Image sizes a simulated sensor delivers: the R30x window and a larger-area (FAP 20-class) window. */
export const IMPRESSION_SIZES = {
  '256x288': { width: 256, height: 288 },
  '400x500': { width: 400, height: 500 },
} as const;
export type ImpressionSize = keyof typeof IMPRESSION_SIZES;

export interface ImpressionOptions {
  /** Distinguishes placements of the same finger (0, 1, 2 …). */
  readonly index: number;
  readonly quality: FingerprintQuality;
  readonly size: ImpressionSize;
}

export interface FingerprintImpression {
  readonly width: number;
  readonly height: number;
  /** 500 ppi, as ISO records state it: pixels per centimetre. */
  readonly resolution: number;
  /** 8-bit grayscale, row-major, ridges dark on light. */
  readonly pixels: Uint8Array;
  /** Ground truth: the master's minutiae that fall in the contact area, in impression pixels. */
  readonly minutiae: readonly Minutia[];
  readonly transform: ImpressionTransform;
  readonly contact: ContactArea;
  readonly quality: FingerprintQuality;
}

const ROTATION_LIMIT_DEGREES = 20;
/** Ground truth keeps minutiae this far inside the image and inside the faded contact edge. */
const IMAGE_MARGIN_PX = 8;
const CONTACT_LIMIT = 0.9;

const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));

function place(profile: QualityProfile, random: Random, width: number, height: number): ImpressionTransform {
  const rotationDegrees = clamp(profile.rotationSdDegrees * random.normal(), ROTATION_LIMIT_DEGREES);
  const dx = clamp(profile.translationSdPx * random.normal(), 2.5 * profile.translationSdPx);
  const dy = clamp(profile.translationSdPx * random.normal(), 2.5 * profile.translationSdPx);
  const offsetAngle = random.range(0, 2 * Math.PI);
  const offset = profile.contactOffsetPx * random.range(0.5, 1);
  const contact = {
    x: width / 2 + 0.8 * dx + offset * Math.cos(offsetAngle),
    y: height / 2 + 0.8 * dy + offset * Math.sin(offsetAngle) - 12,
    rx: profile.contactAxesPx[0] * random.range(0.92, 1.08),
    ry: profile.contactAxesPx[1] * random.range(0.92, 1.08),
  };
  const shearDirection = random.range(0, 2 * Math.PI);
  const shear = profile.distortionPx * random.range(0.5, 1);
  return {
    rotationDegrees,
    dx,
    dy,
    masterCentre: MASTER_CENTRE,
    impressionCentre: { x: width / 2, y: height / 2 },
    shearX: shear * Math.cos(shearDirection),
    shearY: shear * Math.sin(shearDirection),
    twist: (profile.distortionPx / 250) * random.normal(),
    contact,
  };
}

/** Smooth random field in [0, 1]: value noise on a `cell`-pixel lattice, bilinearly interpolated. */
function valueNoise(random: Random, width: number, height: number, cell: number): Float32Array {
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const lattice = new Float32Array(gw * gh);
  for (let i = 0; i < lattice.length; i++) lattice[i] = random.next();
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = y / cell;
    const y0 = Math.floor(gy);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = x / cell;
      const x0 = Math.floor(gx);
      const fx = gx - x0;
      const p = y0 * gw + x0;
      const top = lattice[p]! + (lattice[p + 1]! - lattice[p]!) * fx;
      const bottom = lattice[p + gw]! + (lattice[p + gw + 1]! - lattice[p + gw]!) * fx;
      out[y * width + x] = top + (bottom - top) * fy;
    }
  }
  return out;
}

function sampleField(master: ImpressionSource, x: number, y: number): number {
  const { width, height, field } = master;
  if (x < 0 || y < 0 || x >= width - 1 || y >= height - 1) return -1;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const p = y0 * width + x0;
  const top = field[p]! + (field[p + 1]! - field[p]!) * fx;
  const bottom = field[p + width]! + (field[p + width + 1]! - field[p + width]!) * fx;
  return top + (bottom - top) * fy;
}

export function renderImpression(master: ImpressionSource, options: ImpressionOptions): FingerprintImpression {
  const { width, height } = IMPRESSION_SIZES[options.size];
  const profile = QUALITY_PROFILES[options.quality];
  const random = seededRandom('ridge-impression', master.finger.citizenKey, master.finger.position, options.index, options.quality, options.size);
  const transform = place(profile, random, width, height);
  const { contact } = transform;
  const ridgeThreshold = profile.ridgeThreshold + profile.ridgeThresholdSd * random.normal();
  const background = profile.background + 6 * random.normal();
  const contrast = profile.contrast * random.range(0.9, 1.1);
  const blotches = valueNoise(random, width, height, profile.blotchCellPx);
  const grain = valueNoise(random, width, height, 3);
  const haze = valueNoise(random, width, height, 40);

  const ink = new Float32Array(width * height);
  const toMaster = inverseMapping(transform);
  const m = { x: 0, y: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = contactRadius(contact, x, y);
      if (r >= 1) continue;
      toMaster(x, y, m);
      const onFinger = Math.min(1, silhouetteMargin(m.x, m.y) / 4);
      if (onFinger <= 0) continue;
      const i = y * width + x;
      // Pressure falls off towards the contact edge: ridges there print thinner and fainter.
      const edge = r > 0.7 ? (r - 0.7) / 0.3 : 0;
      const threshold = ridgeThreshold + 0.5 * edge + profile.grainDepth * (grain[i]! - 0.5);
      const v = sampleField(master, m.x, m.y);
      let depth = (v - threshold) / profile.ridgeSoftness + 0.5;
      depth = depth < 0 ? 0 : depth > 1 ? 1 : depth;
      // Dry skin leaves gaps along the ridges where it does not touch.
      if (blotches[i]! < profile.dryness) depth *= Math.max(0, (blotches[i]! - profile.dryness + 0.08) / 0.08);
      ink[i] = depth * onFinger * (1 - edge * edge) * (1 - profile.hazeDepth * haze[i]!);
    }
  }
  if (profile.smudge > 0) smudge(ink, width, height, profile.smudge);

  const pixels = new Uint8Array(width * height);
  const noise = normalTable(random);
  let n = random.int(noise.length);
  for (let i = 0; i < pixels.length; i++) {
    n = (n + 7919) % noise.length;
    const value = background - 10 * haze[i]! - contrast * ink[i]! + profile.noiseSd * noise[n]!;
    pixels[i] = value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
  }

  return {
    width,
    height,
    resolution: SENSOR_RESOLUTION_PPCM,
    pixels,
    minutiae: mapMinutiae(master, transform, width, height),
    transform,
    contact,
    quality: options.quality,
  };
}

/** A table of standard normals, cycled through with a prime stride: sensor noise needs no fresh Box–Muller per pixel. */
function normalTable(random: Random): Float32Array {
  const table = new Float32Array(4099);
  for (let i = 0; i < table.length; i++) table[i] = random.normal();
  return table;
}

/** Wet skin or hard pressure: ink spreads into the valleys. A 3 × 3 blend towards the neighbourhood maximum. */
function smudge(ink: Float32Array, width: number, height: number, amount: number): void {
  const source = ink.slice();
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      let max = 0;
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const v = source[i + dy * width + dx]!;
          sum += v;
          if (v > max) max = v;
        }
      }
      ink[i] = (1 - amount) * (sum / 9) + amount * max;
    }
  }
}

function mapMinutiae(master: ImpressionSource, transform: ImpressionTransform, width: number, height: number): Minutia[] {
  const out: Minutia[] = [];
  for (const m of master.minutiae) {
    const q = masterToImpression(transform, m.x, m.y);
    if (q.x < IMAGE_MARGIN_PX || q.y < IMAGE_MARGIN_PX || q.x >= width - IMAGE_MARGIN_PX || q.y >= height - IMAGE_MARGIN_PX) continue;
    if (contactRadius(transform.contact, q.x, q.y) > CONTACT_LIMIT) continue;
    // The direction is mapped through the distortion too: follow a point a few pixels along it.
    const a = angleToRadians(m.angle);
    const ahead = masterToImpression(transform, m.x + 4 * Math.cos(a), m.y - 4 * Math.sin(a));
    const angle = radiansToAngle(Math.atan2(-(ahead.y - q.y), ahead.x - q.x));
    out.push({ x: Math.round(q.x), y: Math.round(q.y), angle, type: m.type });
  }
  return out.sort((a, b) => a.y - b.y || a.x - b.x);
}
