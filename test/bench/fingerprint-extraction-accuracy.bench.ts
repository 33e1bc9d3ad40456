/**
 * `node test/bench/fingerprint-extraction-accuracy.bench.ts`: how well the
 * production extractor (biometrics/fingerprint/extraction) recovers the
 * ground-truth minutiae of synthetic ridge images
 * (synthetic/fingers/ridge-image). Not a test: it prints figures.
 *
 * A ground-truth minutia is found when an extracted one lies within 10 px and
 * 22.5° of it (one-to-one, nearest first). Extracted minutiae count as false
 * when they match none, counting only those inside the region where the
 * renderer states ground truth (8 px inside the image, contact radius ≤ 0.9).
 * "Flipped" counts position matches whose angle is off by 180° ± 22.5°: a
 * direction-convention disagreement rather than a miss.
 *
 * RIDGE_IMAGE_MODULE overrides where the renderer is loaded from (it is
 * another module's work; until it is merged, point this at a checkout of it).
 * BENCH_FINGERS (default 40) sets the number of fingers per quality.
 *
 * Last run (ridge branch 594cf67, 40 fingers per quality, 256 × 288): found
 * 82.5–85.9 % of ground-truth minutiae (enrollment 84.5, good 84.5, fair 85.9,
 * poor 85.9, dry 82.5, wet 84.5, partial 85.8); 5.4–6.6 % of extracted
 * minutiae false; about 3 % of position matches flipped by 180°, nearly all
 * bifurcations where the impression's topology differs from the master's.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';
import { angleDistance, isoAngleToRadians } from '../../biometrics/fingerprint/minutia.ts';

interface TruthMinutia {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  readonly type: string;
}
interface Impression {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  readonly minutiae: readonly TruthMinutia[];
  readonly contact: { readonly x: number; readonly y: number; readonly rx: number; readonly ry: number };
}
interface RidgeImageModule {
  fingerImage(citizenKey: string, position: number, impressionIndex: number, quality: string, size: string): Impression;
  FINGERPRINT_QUALITIES: readonly string[];
}

const modulePath = process.env.RIDGE_IMAGE_MODULE ?? join(import.meta.dirname, '../../synthetic/fingers/ridge-image/index.ts');
const ridge = (await import(pathToFileURL(modulePath).href)) as RidgeImageModule;
const FINGERS = Number(process.env.BENCH_FINGERS ?? 40);
const DISTANCE_PX = 10;
const ANGLE = Math.PI / 8;

for (const quality of ridge.FINGERPRINT_QUALITIES) {
  let truth = 0;
  let found = 0;
  let extractedInRegion = 0;
  let falseOnes = 0;
  let flipped = 0;
  let sameType = 0;
  let refused = 0;
  const scores: number[] = [];
  const guidance = new Map<string, number>();
  for (let f = 0; f < FINGERS; f++) {
    const impression = ridge.fingerImage(`eval-${f}`, 1 + (f % 10), f % 3, quality, '256x288');
    const out = extractMinutiae({ width: impression.width, height: impression.height, pixels: impression.pixels }, { minimumQuality: 0 });
    truth += impression.minutiae.length;
    if (!out.ok) {
      refused++;
      continue;
    }
    scores.push(out.value.quality);
    const reason = out.value.guidance.reason === 'off_centre' ? `off_centre:${out.value.guidance.side}` : out.value.guidance.reason;
    guidance.set(reason, (guidance.get(reason) ?? 0) + 1);
    const inRegion = out.value.minutiae.filter(
      (m) =>
        m.x >= 8 &&
        m.y >= 8 &&
        m.x < impression.width - 8 &&
        m.y < impression.height - 8 &&
        Math.hypot((m.x - impression.contact.x) / impression.contact.rx, (m.y - impression.contact.y) / impression.contact.ry) <= 0.9,
    );
    extractedInRegion += inRegion.length;
    const pairs: { t: number; e: number; d: number }[] = [];
    impression.minutiae.forEach((t, ti) =>
      inRegion.forEach((e, ei) => {
        const d = Math.hypot(t.x - e.x, t.y - e.y);
        if (d <= DISTANCE_PX) pairs.push({ t: ti, e: ei, d });
      }),
    );
    pairs.sort((a, b) => a.d - b.d);
    const usedT = new Set<number>();
    const usedE = new Set<number>();
    for (const { t, e } of pairs) {
      if (usedT.has(t) || usedE.has(e)) continue;
      const gt = impression.minutiae[t]!;
      const ex = inRegion[e]!;
      const delta = angleDistance(isoAngleToRadians(gt.angle), isoAngleToRadians(ex.angle));
      if (delta <= ANGLE) {
        usedT.add(t);
        usedE.add(e);
        if (gt.type === ex.type) sameType++;
      } else if (Math.PI - delta <= ANGLE) flipped++;
    }
    found += usedT.size;
    falseOnes += inRegion.length - usedE.size;
  }
  scores.sort((a, b) => a - b);
  const pct = (n: number, d: number) => (d > 0 ? ((100 * n) / d).toFixed(1) : '–');
  process.stdout.write(
    `${quality.padEnd(10)} ground truth ${String(truth).padStart(5)}, found ${pct(found, truth).padStart(5)} %, ` +
      `false ${pct(falseOnes, extractedInRegion).padStart(5)} % of ${extractedInRegion} extracted, flipped ${flipped}, same type ${pct(sameType, found)} %, ` +
      `refused ${refused}/${FINGERS}, quality median ${scores[scores.length >> 1] ?? '–'}; guidance ${[...guidance].map(([r, n]) => `${r} ${n}`).join(', ')}\n`,
  );
}
