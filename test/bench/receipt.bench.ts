/**
 * `node test/bench/receipt.bench.ts`: the receipt figures.
 *  - receipt layout + ESC/POS encode time, in µs, median over many runs
 *    (each language, and the technician's test page);
 *  - bytes sent per receipt (the job; the driver adds 9 bytes of status
 *    requests before it and 9 after);
 *  - for scale, what the simulated printer spends decoding and drawing one.
 * Not a test: nothing here passes or fails on the machine's speed.
 */
import { performance } from 'node:perf_hooks';
import { encodeReceipt } from '../../drivers/printer/escpos.ts';
import { decodeEscPos } from '../../drivers/printer/escpos-decoder.ts';
import { renderJob } from '../../drivers/printer/receipt-image.ts';
import { activationReceipt, testReceipt, type ReceiptLayout } from '../../drivers/printer/receipt-layout.ts';
// Synthetic data only: the printer tests' sample receipt.
import { SAMPLE } from '../drivers/printer/fixtures.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const out = (line: string) => process.stdout.write(`${line}\n`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and 95th percentile of `run`, in µs, after a warm-up of the JIT. */
function time(run: () => unknown, runs = RUNS): { median: number; p95: number } {
  for (let k = 0; k < 50; k++) run();
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    run();
    samples.push((performance.now() - start) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { median: median(samples), p95: samples[Math.floor(samples.length * 0.95)]! };
}

const cases: [string, () => ReceiptLayout][] = [
  ['activation receipt, es-CL', () => activationReceipt({ ...SAMPLE, language: 'es-CL' })],
  ['activation receipt, en', () => activationReceipt({ ...SAMPLE, language: 'en' })],
  ['activation receipt, ht', () => activationReceipt({ ...SAMPLE, language: 'ht' })],
  ['technician test receipt', () => testReceipt({ kioskId: SAMPLE.kioskId, printedAt: SAMPLE.printedAt })],
];

out(`Receipt layout + ESC/POS encode (${RUNS} runs each, one core, Node ${process.versions.node})`);
for (const [name, layout] of cases) {
  const bytes = encodeReceipt(layout()).length;
  const layoutOnly = time(layout);
  const both = time(() => encodeReceipt(layout()));
  out(`  ${name}: ${bytes} bytes per receipt`);
  out(`    layout:           median ${layoutOnly.median.toFixed(1)} µs, p95 ${layoutOnly.p95.toFixed(1)} µs`);
  out(`    layout + encode:  median ${both.median.toFixed(1)} µs, p95 ${both.p95.toFixed(1)} µs`);
}

const job = encodeReceipt(activationReceipt({ ...SAMPLE, language: 'es-CL' }));
const decoded = decodeEscPos(job).jobs[0]!;
const decode = time(() => decodeEscPos(job), 500);
const render = time(() => renderJob(decoded), 50);
out('Simulated printer, per es-CL receipt (for scale)');
out(`  decode:        median ${decode.median.toFixed(1)} µs`);
out(`  draw PNG:      median ${(render.median / 1000).toFixed(2)} ms (${renderJob(decoded).length} bytes of PNG)`);
out(`  on the wire at 9,600 baud 8N1: ${((job.length + 18) / 960).toFixed(2)} s; at 115,200: ${(((job.length + 18) / 11_520) * 1000).toFixed(0)} ms`);
