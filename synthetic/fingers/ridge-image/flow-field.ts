/**
 * The geometry a master print is grown on: the canvas, the fingertip
 * silhouette, and per pixel the ridge orientation (the finger generator's
 * Sherlock & Monro model) and ridge frequency.
 *
 * The master canvas is larger than the R30x window: a fingertip is about
 * 17 × 23 mm, the 256 × 288 window 12.8 × 14.4 mm. The generator's 256 × 288
 * frame sits in the middle of the canvas, so its cores and deltas keep their
 * place relative to the window a capture centres on.
 */
import { type Finger, ridgeOrientation } from '../finger-generator.ts';
import { RIDGE_SPACING_PX, SENSOR_HEIGHT, SENSOR_WIDTH } from '../minutia.ts';
import { seededRandom } from '../random.ts';

export const MASTER_WIDTH = 384;
export const MASTER_HEIGHT = 464;
/** Where the generator's frame (0, 0) falls on the master canvas. */
export const FRAME_OFFSET = { x: (MASTER_WIDTH - SENSOR_WIDTH) / 2, y: (MASTER_HEIGHT - SENSOR_HEIGHT) / 2 } as const;

/** Ridge periods, px at 500 ppi: adult fingers range over about 0.4–0.55 mm. */
export const PERIOD_RANGE = { min: 8, max: 11 } as const;
/**
 * The period map stays inside this narrower band: where the flow fans out,
 * grown ridges stretch up to a pixel beyond the local period before a new
 * ridge is inserted (a bifurcation or ending), as on real fingers.
 */
const NOMINAL_PERIOD = { min: 8.5, max: 10.2 } as const;

/**
 * A rounded fingertip: an ellipse above its widest line, near-parallel sides
 * below it running off the bottom of the canvas (the rest of the phalanx).
 * Returns the signed distance-like margin in px: > 0 inside.
 */
export function silhouetteMargin(x: number, y: number): number {
  const cx = MASTER_WIDTH / 2;
  const widest = MASTER_HEIGHT * 0.52;
  const a = MASTER_WIDTH * 0.44;
  const b = widest - 18;
  const dx = Math.abs(x - cx);
  if (y < widest) {
    const r = Math.hypot(dx / a, (y - widest) / b);
    return (1 - r) * Math.min(a, b);
  }
  const halfWidth = a * (1 - 0.08 * ((y - widest) / (MASTER_HEIGHT - widest)));
  return Math.min(halfWidth - dx, MASTER_HEIGHT - 6 - y);
}

export interface FlowField {
  /** Field px per master px. */
  readonly scale: number;
  readonly width: number;
  readonly height: number;
  /** Ridge orientation, radians in [0, π), counter-clockwise as seen on the image. */
  readonly orientation: Float32Array;
  /** Ridge period, px of this field (master px × scale). */
  readonly period: Float32Array;
  /** 1 on the finger, 0 off it. */
  readonly mask: Uint8Array;
}

/** Orientation in the master frame from the generator's model, in [0, π). */
export function masterOrientation(finger: Pick<Finger, 'singularities' | 'core'>, x: number, y: number): number {
  const theta = ridgeOrientation(finger, x - FRAME_OFFSET.x, y - FRAME_OFFSET.y) % Math.PI;
  return theta < 0 ? theta + Math.PI : theta;
}

/**
 * The field sampled every 1/scale master pixels: growth runs coarse first
 * (scale ½, a quarter of the pixels and of the kernel taps), then at full size.
 */
export function buildFlowField(finger: Finger, scale = 1): FlowField {
  const width = Math.round(MASTER_WIDTH * scale);
  const height = Math.round(MASTER_HEIGHT * scale);
  const random = seededRandom('ridge-period', finger.citizenKey, finger.position);
  // Ridges are a little finer towards the tip than towards the crease; on top of that, a slow random undulation.
  const base = RIDGE_SPACING_PX + random.range(-0.4, 0.3);
  const waves = Array.from({ length: 3 }, () => ({
    kx: random.range(-1, 1) * ((2 * Math.PI) / 300),
    ky: random.range(-1, 1) * ((2 * Math.PI) / 300),
    phase: random.range(0, 2 * Math.PI),
    amplitude: random.range(0.12, 0.3),
  }));
  const orientation = new Float32Array(width * height);
  const period = new Float32Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const my = (y + 0.5) / scale - 0.5;
    const slope = 0.6 * ((my - MASTER_HEIGHT / 2) / MASTER_HEIGHT);
    for (let x = 0; x < width; x++) {
      const mx = (x + 0.5) / scale - 0.5;
      const i = y * width + x;
      if (silhouetteMargin(mx, my) <= 0) continue;
      mask[i] = 1;
      orientation[i] = masterOrientation(finger, mx, my);
      let p = base + slope;
      for (const w of waves) p += w.amplitude * Math.sin(w.kx * mx + w.ky * my + w.phase);
      period[i] = scale * Math.min(NOMINAL_PERIOD.max, Math.max(NOMINAL_PERIOD.min, p));
    }
  }
  return { scale, width, height, orientation, period, mask };
}

/**
 * The full-size field from a coarser one: the silhouette exactly, orientation
 * and period from the nearest coarse sample (both vary slowly next to the
 * kernel bank's 5° and 0.5 px steps), which saves most of the trigonometry.
 */
export function refineFlowField(coarse: FlowField): FlowField {
  const width = MASTER_WIDTH;
  const height = MASTER_HEIGHT;
  const orientation = new Float32Array(width * height);
  const period = new Float32Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const cy = Math.min(coarse.height - 1, Math.floor(y * coarse.scale));
    for (let x = 0; x < width; x++) {
      if (silhouetteMargin(x, y) <= 0) continue;
      const i = y * width + x;
      const c = cy * coarse.width + Math.min(coarse.width - 1, Math.floor(x * coarse.scale));
      mask[i] = 1;
      orientation[i] = coarse.orientation[c]!;
      period[i] = coarse.period[c]! / coarse.scale;
    }
  }
  return { scale: 1, width, height, orientation, period, mask };
}
