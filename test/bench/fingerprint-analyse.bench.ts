/**
 * `node test/bench/run.ts fingerprint-analyse`: CPU time of one minutiae
 * extraction (analyseFingerprint plus the quality assessment, what
 * extractMinutiae and assessFingerprintQuality each cost) over a population
 * of synthetic ridge impressions: BENCH_FINGERS citizens' fingers (default
 * 30) in all seven capture conditions, 256 × 288 at 500 ppi, measured
 * BENCH_ROUNDS times (default 2). Not a test: it prints figures.
 *
 * Thread CPU time (process.threadCpuUsage) is this thread's work only, so it
 * holds up while other processes load the machine; process CPU time adds
 * V8's helper threads (concurrent marking, compilation). Wall time is not
 * printed: on a shared machine it measures the neighbours.
 */
import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';
import type { FingerprintImage } from '../../biometrics/fingerprint/image.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import { FINGERPRINT_QUALITIES, fingerImage } from '../../synthetic/fingers/ridge-image/index.ts';

const FINGERS = Number(process.env.BENCH_FINGERS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARM_UP = 30;

const images: FingerprintImage[] = [];
for (let f = 0; f < FINGERS; f++) {
  for (const quality of FINGERPRINT_QUALITIES) {
    const impression = fingerImage(`bench-analyse-${f}`, (1 + (f % 10)) as FingerPosition, f % 3, quality, '256x288');
    images.push({ width: impression.width, height: impression.height, pixels: impression.pixels });
  }
}

const run = (image: FingerprintImage): void => {
  const out = extractMinutiae(image, { minimumQuality: 0 });
  if (!out.ok && out.error.code !== 'fingerprint.not_a_finger') throw out.error;
};

for (let i = 0; i < WARM_UP; i++) run(images[i % images.length]!);

const thread: number[] = [];
const processCpu: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const image of images) {
    const p0 = process.cpuUsage();
    const t0 = process.threadCpuUsage();
    run(image);
    const t = process.threadCpuUsage(t0);
    const p = process.cpuUsage(p0);
    thread.push((t.user + t.system) / 1000);
    processCpu.push((p.user + p.system) / 1000);
  }
}

const quantile = (values: readonly number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
const line = (label: string, values: readonly number[]): string =>
  `${label}: median ${quantile(values, 0.5).toFixed(2)} ms, p95 ${quantile(values, 0.95).toFixed(2)} ms, mean ${mean(values).toFixed(2)} ms`;
const memory = process.memoryUsage();
process.stdout.write(
  [
    `extraction of ${images.length} impressions (256 × 288, ${FINGERS} fingers × ${FINGERPRINT_QUALITIES.length} conditions) × ${ROUNDS} rounds = ${thread.length} extractions`,
    line('  thread CPU per extraction', thread),
    line('  process CPU per extraction', processCpu),
    `  after: heap used ${(memory.heapUsed / 2 ** 20).toFixed(1)} MiB, array buffers ${(memory.arrayBuffers / 2 ** 20).toFixed(1)} MiB, RSS ${(memory.rss / 2 ** 20).toFixed(1)} MiB`,
    '',
  ].join('\n'),
);
