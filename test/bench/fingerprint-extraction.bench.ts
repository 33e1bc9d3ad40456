/**
 * `node test/bench/fingerprint-extraction.bench.ts`: time to extract minutiae
 * (and score quality, which comes with it) from one 256 × 288, 500 ppi image
 * on one core. Goal: median ≤ 40 ms. Not a test: it prints figures.
 *
 * Wall time counts the time the process waits for a core on a busy machine;
 * CPU time (process.cpuUsage, this thread plus V8's helpers) does not, so both
 * are printed. The image is an analytic print (straight ridges with three
 * dislocations and sensor noise), so the figure does not depend on another
 * module's renderer.
 */
import { performance } from 'node:perf_hooks';
import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';
import { type Pattern, parallel, render } from '../biometrics/fingerprint/support/render.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM_UP = 20;

const print: Pattern = {
  phase: (x, y) => parallel(0.5, 9).phase(x, y) + Math.atan2(y - 90, x - 100) - Math.atan2(y - 160, x - 150) + Math.atan2(y - 220, x - 110),
};
const images = [0, 1, 2, 3].map((seed) => render(print, { noise: 12, seed }));

const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < WARM_UP + RUNS; i++) {
  const image = images[i % images.length]!;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = extractMinutiae(image);
  const t1 = performance.now();
  const c = process.cpuUsage(c0);
  if (!out.ok) throw out.error;
  if (i >= WARM_UP) {
    wall.push(t1 - t0);
    cpu.push((c.user + c.system) / 1000);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)]!;
process.stdout.write(
  `extraction of a 256 × 288 image, ${RUNS} runs: wall median ${median(wall).toFixed(1)} ms (p90 ${p90(wall).toFixed(1)} ms), CPU median ${median(cpu).toFixed(1)} ms (p90 ${p90(cpu).toFixed(1)} ms)\n`,
);
