/** Pictures that are not fingerprints, for the extractor to refuse. */
import type { FingerprintImage } from '../../../../biometrics/fingerprint/image.ts';
import { mulberry32 } from './render.ts';

export function uniform(value: number, width = 256, height = 288): FingerprintImage {
  return { width, height, pixels: new Uint8Array(width * height).fill(value) };
}

export function whiteNoise(seed: number, width = 256, height = 288): FingerprintImage {
  const random = mulberry32(seed);
  return { width, height, pixels: Uint8Array.from({ length: width * height }, () => Math.floor(random() * 256)) };
}

export function gradient(angle: number, width = 256, height = 288): FingerprintImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      pixels[y * width + x] = Math.round(
        128 + 100 * (((x - width / 2) * Math.cos(angle) + (y - height / 2) * Math.sin(angle)) / Math.hypot(width, height)) * 2,
      );
  return { width, height, pixels };
}

/** Smooth blobs of light and shade with a little grain: what a camera sees of a face or a wall. */
export function photoLike(seed: number, width = 256, height = 288): FingerprintImage {
  const random = mulberry32(seed);
  const blobs = Array.from({ length: 14 }, () => ({ x: random() * width, y: random() * height, s: 8 + random() * 40, a: (random() - 0.5) * 220 }));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 128;
      for (const b of blobs) v += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.s * b.s));
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(v + 4 * (random() - 0.5))));
    }
  }
  return { width, height, pixels };
}
