/**
 * `node test/bench/card-parse.bench.ts`: card parsing throughput over the
 * synthetic population. Each figure is the
 * median of 5 rounds; every round parses each card of the population (MRZ
 * with CRLF line ends, QR URL) as often as fits in ~300 ms. Not a test:
 * nothing here passes or fails on the machine's speed.
 */
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import type { CardParseResult } from '../../drivers/card-reader/card-read.ts';
import { parseCedulaQr } from '../../drivers/card-reader/cedula-qr.ts';
import { crossCheck } from '../../drivers/card-reader/cross-check.ts';
import { parseMrz } from '../../drivers/card-reader/mrz.ts';
import { generatePopulation, renderMrz, renderQrUrl } from '../../synthetic/citizens/index.ts';

const ROUNDS = 5;
const ROUND_MS = 300;

const population = generatePopulation();
const options = { today: population.referenceDate };
const cards = population.citizens.filter((c) => !c.flags.cardExpired);
const mrzTexts = cards.map((c) => renderMrz(c).join('\r\n'));
const qrTexts = cards.map(renderQrUrl);

/** Parses per second: median over ROUNDS of (cards parsed / elapsed seconds). */
function throughput(texts: readonly string[], parse: (text: string) => CardParseResult): number {
  const rates: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    let parsed = 0;
    const started = performance.now();
    while (performance.now() - started < ROUND_MS) {
      for (const text of texts) {
        if (!parse(text).ok) throw new Error('a synthetic card failed to parse; the benchmark would measure the error path');
        parsed++;
      }
    }
    // Round -1 warms the JIT up and is not counted.
    if (round >= 0) rates.push(parsed / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

const pairs = cards.map((_, i) => i);
const rows: Array<[string, string, number]> = [
  ['MRZ (TD1, 3 × 30, CRLF)', 'parses', throughput(mrzTexts, (text) => parseMrz(text, options))],
  ['QR URL', 'parses', throughput(qrTexts, (text) => parseCedulaQr(text, options))],
  [
    'MRZ + QR + crossCheck',
    'cards',
    throughput(pairs.map(String), (i) => {
      const mrz = parseMrz(mrzTexts[Number(i)]!, options);
      const qr = parseCedulaQr(qrTexts[Number(i)]!, options);
      return mrz.ok && qr.ok ? crossCheck(mrz.value, qr.value) : mrz;
    }),
  ],
];

console.log(`card parsing, ${cards.length} synthetic cards, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
for (const [what, unit, rate] of rows) {
  const perSecond = `${Math.round(rate).toLocaleString('en-US')} ${unit}/s`;
  console.log(`  ${what.padEnd(24)} ${perSecond.padStart(16)}   ${(1e6 / rate).toFixed(1).padStart(5)} µs per ${unit.replace(/s$/, '')}`);
}
