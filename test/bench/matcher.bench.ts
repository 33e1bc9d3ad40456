/**
 * `node test/bench/matcher.bench.ts`: false-accept and false-reject rates of
 * the synthetic minutiae matcher (synthetic/fingers/matcher.ts) at its
 * threshold, and its speed. Not a test: it prints figures.
 *
 * Population: 500 synthetic citizens × 2 fingers = 1,000 fingers. Each finger
 * is enrolled once (an impression of quality 60–100) and presented once more
 * (another placement, quality 60–100: "good"); a second presentation at
 * quality 20–59 ("fair/poor") gives the FRR outside the good band.
 *  - genuine: each presentation against its own enrolment (1,000 per band);
 *  - impostor: each good presentation against the enrolments of 101 other
 *    fingers (101,000), including other fingers of the same citizen.
 *
 * BENCH_FINGERS (default 1000) and BENCH_IMPOSTORS_PER_PROBE (default 101)
 * scale it down for a quick look.
 *
 * Last run (threshold 10): FAR 0 / 101,000 (95 % upper bound 0.003 %);
 * FRR 0.1 % (1/1000) at quality 60–100 and 10.3 % at 20–59; impostor scores
 * 99.99th percentile 4.35, maximum 6.02; about 280–360 µs per comparison on
 * one core; about 30–40 s in all.
 */
import { performance } from 'node:perf_hooks';
import { captureImpression, type Impression } from '../../synthetic/fingers/capture.ts';
import { generateFinger } from '../../synthetic/fingers/finger-generator.ts';
import { compareTemplates, MATCH_THRESHOLD, type MatcherTemplate, prepareTemplate } from '../../synthetic/fingers/matcher.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import { seededRandom } from '../../synthetic/fingers/random.ts';

const FINGERS = Number(process.env.BENCH_FINGERS ?? 1000);
const IMPOSTORS_PER_PROBE = Number(process.env.BENCH_IMPOSTORS_PER_PROBE ?? 101);
const POSITIONS: readonly FingerPosition[] = [2, 7]; // right index, left index: the fingers a kiosk asks for

const random = seededRandom('matcher-bench');
const quality = (min: number, max: number) => Math.round(random.range(min, max + 1 - 1e-9));
const impression = (k: number, seed: string, q: number): Impression =>
  captureImpression(generateFinger(`bench-citizen-${Math.floor(k / POSITIONS.length)}`, POSITIONS[k % POSITIONS.length]!), { quality: q, seed });

const t0 = performance.now();
const enrolled: MatcherTemplate[] = [];
const good: MatcherTemplate[] = [];
const poor: MatcherTemplate[] = [];
for (let k = 0; k < FINGERS; k++) {
  enrolled.push(prepareTemplate(impression(k, 'enrol', quality(60, 100)).minutiae));
  good.push(prepareTemplate(impression(k, 'verify-good', quality(60, 100)).minutiae));
  poor.push(prepareTemplate(impression(k, 'verify-poor', quality(20, 59)).minutiae));
}
const prepareMs = performance.now() - t0;

function scores(pairs: Iterable<[MatcherTemplate, MatcherTemplate]>): { scores: Float64Array; ms: number } {
  const out: number[] = [];
  const start = performance.now();
  for (const [probe, candidate] of pairs) out.push(compareTemplates(probe, candidate).score);
  return { scores: Float64Array.from(out), ms: performance.now() - start };
}

function* genuinePairs(probes: readonly MatcherTemplate[]): Generator<[MatcherTemplate, MatcherTemplate]> {
  for (let k = 0; k < FINGERS; k++) yield [probes[k]!, enrolled[k]!];
}
function* impostorPairs(): Generator<[MatcherTemplate, MatcherTemplate]> {
  // A fixed stride through the other fingers: every probe meets different enrolments, never its own.
  const stride = Math.max(1, Math.floor((FINGERS - 1) / IMPOSTORS_PER_PROBE));
  for (let k = 0; k < FINGERS; k++) for (let n = 1; n <= IMPOSTORS_PER_PROBE; n++) yield [good[k]!, enrolled[(k + n * stride) % FINGERS]!];
}

const genuineGood = scores(genuinePairs(good));
const genuinePoor = scores(genuinePairs(poor));
const impostor = scores(impostorPairs());

const rate = (count: number, total: number) => `${((100 * count) / total).toFixed(count === 0 ? 0 : 3)} % (${count}/${total})`;
const below = (s: Float64Array, t: number) => s.reduce((n, v) => n + (v < t ? 1 : 0), 0);
const atOrAbove = (s: Float64Array, t: number) => s.length - below(s, t);
const quantile = (s: Float64Array, q: number) => [...s].sort((a, b) => a - b)[Math.min(s.length - 1, Math.floor(q * s.length))]!;
const comparisons = genuineGood.scores.length + genuinePoor.scores.length + impostor.scores.length;
const compareMs = genuineGood.ms + genuinePoor.ms + impostor.ms;
const out = (line: string) => process.stdout.write(`${line}\n`);

out(
  `synthetic minutiae matcher: ${FINGERS} fingers, ${genuineGood.scores.length} + ${genuinePoor.scores.length} genuine and ${impostor.scores.length} impostor comparisons`,
);
out(`  threshold (MATCH_THRESHOLD): ${MATCH_THRESHOLD}`);
out(
  `  FAR: ${rate(atOrAbove(impostor.scores, MATCH_THRESHOLD), impostor.scores.length)}; 95 % upper bound ${((100 * Math.max(3, atOrAbove(impostor.scores, MATCH_THRESHOLD) + 3)) / impostor.scores.length).toFixed(4)} % (rule of three)`,
);
out(`  FRR, good quality (60–100): ${rate(below(genuineGood.scores, MATCH_THRESHOLD), genuineGood.scores.length)}`);
out(`  FRR, fair/poor quality (20–59): ${rate(below(genuinePoor.scores, MATCH_THRESHOLD), genuinePoor.scores.length)}`);
out(
  `  impostor scores: median ${quantile(impostor.scores, 0.5).toFixed(2)}, 99.99th percentile ${quantile(impostor.scores, 0.9999).toFixed(2)}, max ${Math.max(...impostor.scores).toFixed(2)}`,
);
out(
  `  genuine scores (good): 1st percentile ${quantile(genuineGood.scores, 0.01).toFixed(2)}, 2nd ${quantile(genuineGood.scores, 0.02).toFixed(2)}, median ${quantile(genuineGood.scores, 0.5).toFixed(2)}`,
);
out('  threshold sweep (FAR / FRR good / FRR fair-poor):');
for (const t of [4, 6, 8, 10, 12, 15, 20, 25]) {
  const far = atOrAbove(impostor.scores, t) / impostor.scores.length;
  const frrGood = below(genuineGood.scores, t) / genuineGood.scores.length;
  const frrPoor = below(genuinePoor.scores, t) / genuinePoor.scores.length;
  out(`    ${String(t).padStart(3)}: ${(100 * far).toFixed(4)} % / ${(100 * frrGood).toFixed(2)} % / ${(100 * frrPoor).toFixed(2)} %`);
}
out(`  time per comparison: ${((1000 * compareMs) / comparisons).toFixed(1)} µs (mean of ${comparisons}, one core)`);
out(`  time per template preparation: ${((1000 * prepareMs) / (3 * FINGERS)).toFixed(1)} µs (including generation and capture)`);
