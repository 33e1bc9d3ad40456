/**
 * `npm run bench -- fingerprint-image [--fingers N]` (or `node
 * test/bench/fingerprint-image.bench.ts --fingers N`): accuracy of the
 * fingerprint path central runs, end to end through IMAGES: synthetic ridge
 * images (synthetic/fingers/ridge-image) → the production extractor
 * (biometrics/fingerprint) → the sandbox matcher (synthetic/fingers/matcher.ts).
 * Not a test: it prints figures. Progress goes to stderr.
 *
 * (a) Minutiae recovery against ground truth: a ground-truth minutia is found
 *     when an extracted one lies within 10 px and 22.5° of it (one-to-one,
 *     nearest first). From the master print image itself (ground truth at
 *     least 8 px inside the finger), and from enrollment impressions (ground
 *     truth mapped through the impression transform by the renderer,
 *     placement.ts masterToImpression, kept where the skin touched). Goal ≥ 90 %.
 * (b) FRR at FAR ≤ 0.01 %, N fingers × 4 kiosk impressions ('good', 256 × 288),
 *     each image extracted once: genuine = the 6 impression pairs of each
 *     finger; impostor ≥ 100,000 pairs of impressions of different fingers
 *     (an even stride through every such pair). Also the operational case:
 *     each kiosk impression against the finger's registry template (an
 *     'enrollment' impression, 400 × 500, as storage/seed.ts enrols), impostors
 *     against other fingers' registry templates. An image the extractor
 *     refuses is a genuine reject (counted in FRR, and shown as FTE).
 *     Where genuine pairs fail, the same pair is compared on the renderer's
 *     ground-truth minutiae: failing there too points at the matcher (too
 *     little overlap, distortion), passing there points at extraction.
 * (c) Extraction time per 256 × 288 image on one core: wall and CPU
 *     (process.cpuUsage), median and p95.
 * (d) EER of both score sets.
 *
 * --fingers N (or BENCH_FINGERS; default 1,000): all ten fingers of N / 10
 * synthetic citizens. --recovery-fingers (default 100) bounds (a). Costs about
 * 0.4 s per finger on one free core (a master print, seven renders and
 * extractions) plus about a minute for the 206,000 comparisons.
 *
 * Last run, default 1,000 fingers (482 s on a shared 2-core machine):
 * (a) 91.3 % of 5,845 master-print minutiae, 91.6 % of 5,093 in enrollment
 * impressions; (b) FRR at FAR ≤ 0.01 % 0 / 6,000 impression pairs and
 * 0 / 4,000 against the registry (accept above 12.8 and 11.3); at
 * IMAGE_MATCH_THRESHOLD 24, FAR 0 / 105,158 and 0 / 100,000, FRR 0, 'fair'
 * 0 / 1,000, 'poor' 1.7 %; at MATCH_THRESHOLD 10, FAR 0.08 % and 0.04 %;
 * (c) 256 × 288 extraction CPU median 20.5 ms, p95 25.5 ms (wall 22.8 / 66.6 ms);
 * (d) EER 0 (genuine minimum 33.5, impostor maximum 15.2).
 */
import { performance } from 'node:perf_hooks';
import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';
import { angleDistance, isoAngleToRadians } from '../../biometrics/fingerprint/minutia.ts';
import { compareTemplates, IMAGE_MATCH_THRESHOLD, MATCH_THRESHOLD, type MatcherTemplate, prepareTemplate } from '../../synthetic/fingers/matcher.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import type { Minutia } from '../../synthetic/fingers/minutia.ts';
import { type FingerprintImpression, type MasterPrint, masterPrint, renderImpression } from '../../synthetic/fingers/ridge-image/index.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const text = at >= 0 ? process.argv[at + 1] : process.env[`BENCH_${name.toUpperCase()}`];
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 2) throw new RangeError(`--${name} must be an integer ≥ 2`);
  return value;
}

const FINGERS = option('fingers', 1000);
/** Recovery is measured on a subset: masters are large and the figure settles after a few dozen fingers. */
const RECOVERY_FINGERS = Math.min(FINGERS, option('recovery-fingers', 100));
const IMPRESSIONS = 4;
const IMPOSTOR_TARGET = 100_000;
const FAR_TARGET = 1e-4;
const DISTANCE_PX = 10;
const ANGLE = Math.PI / 8;
/** As storage/seed.ts enrols the registry. */
const ENROLMENT_INDEX = 1_000_000;

const fingerKey = (f: number) => ({ key: `bench-image-${Math.floor(f / 10)}`, position: (1 + (f % 10)) as FingerPosition });
const progress = (text: string) => process.stderr.write(`${text}\n`);
const percent = (n: number, d: number) => (d > 0 ? `${((100 * n) / d).toFixed(2)} %` : '–');
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const quantile = (values: readonly number[], q: number) => sorted(values)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;

/** Ground-truth minutiae found by the extraction (10 px, 22.5°, one-to-one, nearest first). */
function recovered(truth: readonly Minutia[], extracted: readonly Minutia[]): number {
  const pairs: { t: number; e: number; d: number }[] = [];
  truth.forEach((t, ti) =>
    extracted.forEach((e, ei) => {
      const d = Math.hypot(t.x - e.x, t.y - e.y);
      if (d <= DISTANCE_PX) pairs.push({ t: ti, e: ei, d });
    }),
  );
  pairs.sort((a, b) => a.d - b.d);
  const usedT = new Set<number>();
  const usedE = new Set<number>();
  for (const { t, e } of pairs) {
    if (usedT.has(t) || usedE.has(e)) continue;
    if (angleDistance(isoAngleToRadians(truth[t]!.angle), isoAngleToRadians(extracted[e]!.angle)) > ANGLE) continue;
    usedT.add(t);
    usedE.add(e);
  }
  return usedT.size;
}

interface Extracted {
  readonly template: MatcherTemplate | undefined;
  readonly truth: MatcherTemplate;
  readonly wallMs: number;
  readonly cpuMs: number;
}

function extract(impression: FingerprintImpression): Extracted {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = extractMinutiae({ width: impression.width, height: impression.height, pixels: impression.pixels, resolutionPpi: 500 });
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return {
    template: out.ok ? prepareTemplate(out.value.minutiae) : undefined,
    truth: prepareTemplate(impression.minutiae),
    wallMs,
    cpuMs: (c.user + c.system) / 1000,
  };
}

const recovery = { master: { truth: 0, found: 0, refused: 0 }, enrolment: { truth: 0, found: 0, refused: 0 } };
const started = performance.now();

function measureRecovery(master: MasterPrint, enrolment: FingerprintImpression): void {
  const inside = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < master.width && y < master.height && master.mask[Math.round(y) * master.width + Math.round(x)] === 1;
  const truth = master.minutiae.filter((m) => [-8, 0, 8].every((dx) => [-8, 0, 8].every((dy) => inside(m.x + dx, m.y + dy))));
  const fromMaster = extractMinutiae({ width: master.width, height: master.height, pixels: master.pixels, resolutionPpi: 500 }, { minimumQuality: 0 });
  recovery.master.truth += truth.length;
  if (fromMaster.ok) recovery.master.found += recovered(truth, fromMaster.value.minutiae);
  else recovery.master.refused++;
  const fromEnrolment = extractMinutiae(
    { width: enrolment.width, height: enrolment.height, pixels: enrolment.pixels, resolutionPpi: 500 },
    { minimumQuality: 0 },
  );
  recovery.enrolment.truth += enrolment.minutiae.length;
  if (fromEnrolment.ok) recovery.enrolment.found += recovered(enrolment.minutiae, fromEnrolment.value.minutiae);
  else recovery.enrolment.refused++;
}

const kiosk: Extracted[][] = [];
const registry: (MatcherTemplate | undefined)[] = [];
/** One 'fair' and one 'poor' kiosk impression per finger, against the registry only: how the FRR moves as captures degrade. */
const degraded: { fair: (MatcherTemplate | undefined)[]; poor: (MatcherTemplate | undefined)[] } = { fair: [], poor: [] };
const wall: number[] = [];
const cpu: number[] = [];
for (let f = 0; f < FINGERS; f++) {
  const { key, position } = fingerKey(f);
  const master = masterPrint(key, position);
  const row: Extracted[] = [];
  for (let i = 0; i < IMPRESSIONS; i++) {
    const extracted = extract(renderImpression(master, { index: i, quality: 'good', size: '256x288' }));
    wall.push(extracted.wallMs);
    cpu.push(extracted.cpuMs);
    row.push(extracted);
  }
  kiosk.push(row);
  const enrolment = renderImpression(master, { index: ENROLMENT_INDEX, quality: 'enrollment', size: '400x500' });
  registry.push(extract(enrolment).template);
  if (f < RECOVERY_FINGERS) measureRecovery(master, enrolment);
  degraded.fair.push(extract(renderImpression(master, { index: IMPRESSIONS, quality: 'fair', size: '256x288' })).template);
  degraded.poor.push(extract(renderImpression(master, { index: IMPRESSIONS + 1, quality: 'poor', size: '256x288' })).template);
  if ((f + 1) % 50 === 0) progress(`extraction: ${f + 1}/${FINGERS} fingers, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

process.stdout.write(
  `(a) minutiae recovered within ${DISTANCE_PX} px and 22.5°, first ${RECOVERY_FINGERS} fingers:\n` +
    `    master prints (384 × 464):          ${percent(recovery.master.found, recovery.master.truth)} of ${recovery.master.truth} (refused ${recovery.master.refused})\n` +
    `    enrollment impressions (400 × 500): ${percent(recovery.enrolment.found, recovery.enrolment.truth)} of ${recovery.enrolment.truth} (refused ${recovery.enrolment.refused})\n`,
);
process.stdout.write(
  `(c) extraction of a 256 × 288 image (${wall.length} images): wall median ${quantile(wall, 0.5).toFixed(1)} ms, p95 ${quantile(wall, 0.95).toFixed(1)} ms; ` +
    `CPU median ${quantile(cpu, 0.5).toFixed(1)} ms, p95 ${quantile(cpu, 0.95).toFixed(1)} ms\n`,
);

const score = (a: MatcherTemplate | undefined, b: MatcherTemplate | undefined) => (a && b ? compareTemplates(a, b).score : -1);

interface Scores {
  readonly genuine: number[];
  readonly impostor: number[];
  /** Genuine pairs' scores on ground-truth minutiae, index-aligned with `genuine`. */
  readonly genuineTruth: number[];
}

const pairs: Scores = { genuine: [], impostor: [], genuineTruth: [] };
const enrolled: Scores = { genuine: [], impostor: [], genuineTruth: [] };
for (let f = 0; f < FINGERS; f++) {
  const row = kiosk[f]!;
  for (let i = 0; i < IMPRESSIONS; i++) {
    for (let j = i + 1; j < IMPRESSIONS; j++) {
      pairs.genuine.push(score(row[i]!.template, row[j]!.template));
      pairs.genuineTruth.push(compareTemplates(row[i]!.truth, row[j]!.truth).score);
    }
    enrolled.genuine.push(score(row[i]!.template, registry[f]));
    enrolled.genuineTruth.push(NaN);
  }
}
// Every pair of impressions of different fingers, visited with an even stride to get about IMPOSTOR_TARGET of them.
const impostorPairs = ((FINGERS * (FINGERS - 1)) / 2) * IMPRESSIONS * IMPRESSIONS;
const stride = Math.max(1, Math.floor(impostorPairs / (IMPOSTOR_TARGET * 1.05)));
let visited = 0;
for (let f = 0; f < FINGERS; f++) {
  for (let g = f + 1; g < FINGERS; g++) {
    for (let a = 0; a < IMPRESSIONS; a++) {
      for (let b = 0; b < IMPRESSIONS; b++) {
        if (visited++ % stride !== 0) continue;
        pairs.impostor.push(score(kiosk[f]![a]!.template, kiosk[g]![b]!.template));
      }
    }
  }
  if ((f + 1) % 100 === 0) progress(`impostor pairs: ${f + 1}/${FINGERS} fingers, ${pairs.impostor.length} comparisons`);
}
const perProbe = Math.max(1, Math.ceil(IMPOSTOR_TARGET / (FINGERS * IMPRESSIONS)));
for (let f = 0; f < FINGERS; f++) {
  for (let i = 0; i < IMPRESSIONS; i++) {
    for (let k = 1; k <= Math.min(perProbe, FINGERS - 1); k++) enrolled.impostor.push(score(kiosk[f]![i]!.template, registry[(f + k) % FINGERS]));
  }
}

/** FRR at the lowest threshold whose FAR ≤ target; a refused image (score −1) is a reject at any threshold. */
function operatingPoint(s: Scores) {
  const impostor = sorted(s.impostor).reverse();
  const allowed = Math.floor(FAR_TARGET * impostor.length);
  // Accept when score > threshold: the (allowed + 1)-th highest impostor score is still rejected.
  const threshold = impostor[allowed] ?? 0;
  const rejected = s.genuine.filter((g) => g <= threshold).length;
  return { threshold, rejected, maxImpostor: impostor[0] ?? 0, p9999: impostor[Math.floor(1e-4 * impostor.length)] ?? 0 };
}

const ratesAt = (s: Scores, threshold: number) =>
  `FAR ${percent(s.impostor.filter((v) => v >= threshold).length, s.impostor.length)} (${s.impostor.filter((v) => v >= threshold).length}), ` +
  `FRR ${percent(s.genuine.filter((g) => g < threshold).length, s.genuine.length)} (${s.genuine.filter((g) => g < threshold).length})`;

/** The threshold where FAR and FRR cross, by one sweep over both sorted score lists. */
function equalErrorRate(s: Scores): { eer: number; at: number } {
  const genuine = sorted(s.genuine);
  const impostor = sorted(s.impostor);
  let g = 0; // genuine scores below t (rejected)
  let i = 0; // impostor scores below t
  let best = { eer: 1, at: 0, gap: Infinity };
  for (const t of sorted([...new Set([...genuine, ...impostor])])) {
    while (g < genuine.length && genuine[g]! < t) g++;
    while (i < impostor.length && impostor[i]! < t) i++;
    const frr = g / genuine.length;
    const far = (impostor.length - i) / impostor.length;
    if (Math.abs(far - frr) < best.gap) best = { eer: (far + frr) / 2, at: t, gap: Math.abs(far - frr) };
  }
  return best;
}

function report(title: string, s: Scores): void {
  const op = operatingPoint(s);
  const fte = s.genuine.filter((g) => g < 0).length;
  const { eer, at } = equalErrorRate(s);
  process.stdout.write(
    `${title}: ${s.genuine.length} genuine, ${s.impostor.length} impostor comparisons\n` +
      `    (b) FRR at FAR ≤ 0.01 %: ${percent(op.rejected, s.genuine.length)} (${op.rejected}/${s.genuine.length}; accept above ${op.threshold.toFixed(2)}; failure to extract ${fte})\n` +
      `        at IMAGE_MATCH_THRESHOLD ${IMAGE_MATCH_THRESHOLD}: ${ratesAt(s, IMAGE_MATCH_THRESHOLD)}; at MATCH_THRESHOLD ${MATCH_THRESHOLD}: ${ratesAt(s, MATCH_THRESHOLD)}\n` +
      `        impostor scores 99.99th percentile ${op.p9999.toFixed(2)}, maximum ${op.maxImpostor.toFixed(2)}; ` +
      `genuine minimum ${quantile(s.genuine, 0).toFixed(1)}, 1st percentile ${quantile(s.genuine, 0.01).toFixed(1)}, median ${quantile(s.genuine, 0.5).toFixed(1)}\n` +
      `    (d) EER ${percent(eer * 1e4, 1e4)} at score ${at.toFixed(2)}\n`,
  );
  const failed = s.genuine.flatMap((g, k) => (g < IMAGE_MATCH_THRESHOLD ? [k] : []));
  const truthFailed = failed.filter((k) => !((s.genuineTruth[k] ?? NaN) >= IMAGE_MATCH_THRESHOLD)).length;
  if (failed.length > 0 && !Number.isNaN(s.genuineTruth[0])) {
    process.stdout.write(
      `        of ${failed.length} genuine rejects at ${IMAGE_MATCH_THRESHOLD}, ${truthFailed} also fail on ground-truth minutiae (matcher / overlap), ${failed.length - truthFailed} pass on them (extraction)\n`,
    );
  }
}

report(`kiosk impression pairs ('good', 256 × 288), ${FINGERS} fingers × ${IMPRESSIONS}`, pairs);
report(`kiosk impression vs registry template ('enrollment', 400 × 500)`, enrolled);
for (const quality of ['fair', 'poor'] as const) {
  const genuine = degraded[quality].map((t, f) => score(t, registry[f]));
  const refused = genuine.filter((g) => g < 0).length;
  process.stdout.write(
    `'${quality}' kiosk impression vs registry template, ${FINGERS} genuine: FRR at ${IMAGE_MATCH_THRESHOLD} ${percent(genuine.filter((g) => g < IMAGE_MATCH_THRESHOLD).length, FINGERS)} ` +
      `(failure to extract ${refused}), at ${MATCH_THRESHOLD} ${percent(genuine.filter((g) => g < MATCH_THRESHOLD).length, FINGERS)}; median score ${quantile(genuine, 0.5).toFixed(1)}\n`,
  );
}
process.stdout.write(`total ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
