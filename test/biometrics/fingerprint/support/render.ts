/**
 * Analytic test prints: sinusoidal ridge fields whose orientation, period and
 * minutiae are known exactly, inside an elliptical "finger" on a white sensor.
 */
import type { FingerprintImage } from '../../../../biometrics/fingerprint/image.ts';

export interface Pattern {
  /** Ridge phase in radians at (x, y); ridges (dark) where the phase is a multiple of 2π. */
  phase(x: number, y: number): number;
}

export interface RenderOptions {
  readonly width?: number;
  readonly height?: number;
  /** Finger ellipse centre and half-axes; the default fills most of the image. */
  readonly finger?: { readonly cx: number; readonly cy: number; readonly rx: number; readonly ry: number };
  /** Grey level between ridge and valley, and half the ridge/valley difference. */
  readonly mean?: number;
  readonly amplitude?: number;
  /** Gaussian noise standard deviation in grey levels. */
  readonly noise?: number;
  readonly seed?: number;
  /** Share of each ridge period that prints dark (0.5 a sinusoid); thin dry ridges print less, wet ones more. */
  readonly ridgeShare?: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function render(pattern: Pattern, options: RenderOptions = {}): FingerprintImage {
  const width = options.width ?? 256;
  const height = options.height ?? 288;
  const finger = options.finger ?? { cx: width / 2, cy: height / 2, rx: width * 0.45, ry: height * 0.46 };
  const mean = options.mean ?? 128;
  const amplitude = options.amplitude ?? 90;
  const normal = gaussian(mulberry32(options.seed ?? 1));
  const noise = options.noise ?? 2;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot((x - finger.cx) / finger.rx, (y - finger.cy) / finger.ry);
      // Contact fades over the last few pixels of the ellipse, as skin leaves the platen.
      const contact = Math.min(1, Math.max(0, (1 - r) * 12));
      const wave = Math.cos(pattern.phase(x, y));
      const profile = options.ridgeShare === undefined ? wave : Math.max(-1, Math.min(1, 4 * (wave - Math.cos(Math.PI * options.ridgeShare))));
      const ridge = mean - amplitude * profile;
      const value = 250 + (ridge - 250) * contact + noise * normal();
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return { width, height, pixels };
}

/** Straight ridges at `orientation` (image radians, clockwise as seen), `period` px apart. */
export function parallel(orientation: number, period: number, options: { dislocation?: { x: number; y: number } } = {}): Pattern {
  const nx = -Math.sin(orientation);
  const ny = Math.cos(orientation);
  const d = options.dislocation;
  return {
    phase: (x, y) => {
      let phase = (2 * Math.PI * (x * nx + y * ny)) / period;
      // A phase vortex adds one ridge on one side: left of the vortex, looking along `orientation`, there is one ridge fewer.
      if (d !== undefined) phase += Math.atan2((x - d.x) * nx + (y - d.y) * ny, (x - d.x) * Math.cos(orientation) + (y - d.y) * Math.sin(orientation));
      return phase;
    },
  };
}

export function rings(cx: number, cy: number, period: number): Pattern {
  return { phase: (x, y) => (2 * Math.PI * Math.hypot(x - cx, y - cy)) / period };
}

/** Three passes of a (2r+1) box: close to a Gaussian of σ ≈ r. */
export function blur(image: FingerprintImage, radius: number): FingerprintImage {
  const { width, height } = image;
  let current = Float32Array.from(image.pixels);
  for (let pass = 0; pass < 3; pass++) {
    for (const horizontal of [true, false]) {
      const next = new Float32Array(current.length);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let sum = 0;
          let n = 0;
          for (let k = -radius; k <= radius; k++) {
            const xx = horizontal ? x + k : x;
            const yy = horizontal ? y : y + k;
            if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
            sum += current[yy * width + xx]!;
            n++;
          }
          next[y * width + x] = sum / n;
        }
      }
      current = next;
    }
  }
  return { width, height, pixels: Uint8Array.from(current, (v) => Math.round(v)) };
}

export function addNoise(image: FingerprintImage, sigma: number, seed: number): FingerprintImage {
  const normal = gaussian(mulberry32(seed));
  return { ...image, pixels: Uint8Array.from(image.pixels, (v) => Math.max(0, Math.min(255, Math.round(v + sigma * normal())))) };
}
