/**
 * The images the extraction golden covers, and the digests it compares. The
 * golden pins the extractor's output bit for bit so that a change made for
 * speed cannot change a result unnoticed: synthetic ridge impressions of six
 * citizens' fingers in every capture condition (poor, dry, wet and partial
 * included), two at the larger sensor size, one transposed, one cropped to
 * odd sides, analytic prints and pictures that are not fingers.
 */
import { createHash } from 'node:crypto';
import type { FingerPosition } from '../../../../../common/fingers.ts';
import { analyseFingerprint } from '../../../../../biometrics/fingerprint/extraction/analyse.ts';
import type { FingerprintImage } from '../../../../../biometrics/fingerprint/image.ts';
import { assessAnalysis } from '../../../../../biometrics/fingerprint/quality.ts';
import { FINGERPRINT_QUALITIES, fingerImage } from '../../../../../synthetic/fingers/ridge-image/index.ts';
import { gradient, photoLike, uniform, whiteNoise } from '../../support/non-fingers.ts';
import { type Pattern, parallel, render, rings } from '../../support/render.ts';

export interface GoldenCase {
  readonly name: string;
  readonly image: () => FingerprintImage;
}

export interface GoldenDigest {
  /** The input pixels: when this differs, the image source changed, not the extractor. */
  readonly input: string;
  /** Minutiae, candidates with the rule that removed each, quality features, score, guidance, statistics. */
  readonly result: string;
  /** Every intermediate array the analysis returns (orientation, masks, periods, enhanced image, skeleton). */
  readonly intermediates: string;
}

const CITIZENS: readonly { key: string; position: FingerPosition }[] = [
  { key: 'golden-citizen-1', position: 1 },
  { key: 'golden-citizen-2', position: 2 },
  { key: 'golden-citizen-3', position: 6 },
  { key: 'golden-citizen-4', position: 7 },
  { key: 'golden-citizen-5', position: 4 },
  { key: 'golden-citizen-6', position: 10 },
];

const dislocations: Pattern = {
  phase: (x, y) => parallel(0.5, 9).phase(x, y) + Math.atan2(y - 90, x - 100) - Math.atan2(y - 160, x - 150) + Math.atan2(y - 220, x - 110),
};

const fromImpression = (i: { width: number; height: number; pixels: Uint8Array }): FingerprintImage => ({
  width: i.width,
  height: i.height,
  pixels: i.pixels,
});

function transpose(image: FingerprintImage): FingerprintImage {
  const pixels = new Uint8Array(image.pixels.length);
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) pixels[x * image.height + y] = image.pixels[y * image.width + x]!;
  return { width: image.height, height: image.width, pixels };
}

function crop(image: FingerprintImage, left: number, top: number, width: number, height: number): FingerprintImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) pixels.set(image.pixels.subarray((top + y) * image.width + left, (top + y) * image.width + left + width), y * width);
  return { width, height, pixels };
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  ...CITIZENS.flatMap(({ key, position }, c) =>
    FINGERPRINT_QUALITIES.map((quality, q): GoldenCase => ({
      name: `${key} finger ${position} ${quality} #${(c + q) % 3}`,
      image: () => fromImpression(fingerImage(key, position, (c + q) % 3, quality, '256x288')),
    })),
  ),
  { name: 'golden-citizen-1 finger 1 good 400x500', image: () => fromImpression(fingerImage('golden-citizen-1', 1, 1, 'good', '400x500')) },
  { name: 'golden-citizen-4 finger 7 poor 400x500', image: () => fromImpression(fingerImage('golden-citizen-4', 7, 2, 'poor', '400x500')) },
  {
    // The same number of pixels as 256 × 288 in the other shape: buffers reused per image size must not mix the two.
    name: 'golden-citizen-2 finger 2 good, transposed to 288x256',
    image: () => transpose(fromImpression(fingerImage('golden-citizen-2', 2, 0, 'good', '256x288'))),
  },
  {
    // Sides that are not multiples of the 4-pixel cell or the 8-pixel block: the filters' edge paths.
    name: 'golden-citizen-3 finger 6 fair, cropped to 251x283',
    image: () => crop(fromImpression(fingerImage('golden-citizen-3', 6, 1, 'fair', '256x288')), 3, 2, 251, 283),
  },
  { name: 'analytic dislocations', image: () => render(dislocations, { noise: 12, seed: 3 }) },
  { name: 'analytic whorl', image: () => render(rings(128, 150, 9), { noise: 8, seed: 5 }) },
  { name: 'analytic thin dry ridges', image: () => render(parallel(1.1, 10), { noise: 6, seed: 7, ridgeShare: 0.35 }) },
  { name: 'blank sensor', image: () => uniform(250) },
  { name: 'white noise', image: () => whiteNoise(11) },
  { name: 'gradient', image: () => gradient(0.7) },
  { name: 'photo-like', image: () => photoLike(13) },
];

const sha256 = (parts: readonly (string | ArrayBufferView)[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (typeof part === 'string') hash.update(part);
    else hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    hash.update('\u0000');
  }
  return hash.digest('hex');
};

export function goldenDigest(image: FingerprintImage): GoldenDigest {
  const input = sha256([`${image.width}x${image.height}`, image.pixels]);
  const analysed = analyseFingerprint(image);
  if (!analysed.ok) {
    const refusal = JSON.stringify({ code: analysed.error.code, guidance: analysed.error.guidance });
    return { input, result: sha256([refusal]), intermediates: sha256([]) };
  }
  const a = analysed.value;
  const assessment = assessAnalysis(a);
  // JSON.stringify writes each double as its shortest round-trip form, so equal text is equal bits.
  const result = JSON.stringify({
    minutiae: a.minutiae,
    candidates: a.candidates,
    rejected: a.rejected,
    medianPeriod: a.medianPeriod,
    foregroundFraction: a.foregroundFraction,
    statistics: a.statistics,
    features: assessment.features,
    score: assessment.score,
    guidance: assessment.guidance,
  });
  const o = a.orientation;
  const intermediates = sha256([
    `${o.cols}x${o.rows}`,
    o.theta,
    o.coherence,
    o.energy,
    o.cos2,
    o.sin2,
    a.blocks,
    a.candidateBlocks,
    a.measuredPeriod,
    a.period,
    a.clarity,
    a.foreground,
    a.enhanced,
    a.skeleton,
  ]);
  return { input, result: sha256([result]), intermediates };
}
