/**
 * `npm run bench`: figures for the foundation, printed with their units.
 *  - time from starting the browser host (`npm start`'s path, renderer already
 *    built) to the welcome screen being interactive in Chromium, median of N
 *    runs, next to a bare Vite + React page served the same way;
 *  - the JavaScript the welcome screen loads before it is interactive: the
 *    built index.html's module script and modulepreloads with their static
 *    imports (test/support/page-javascript.ts), gzipped; the lazily loaded chunks
 *    apart, each marked with whether Chromium fetched it during the runs
 *    (prefetched after the first paint) or not (loaded when needed).
 * Not a test: nothing here passes or fails on the machine's speed.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { REPO_ROOT, startKiosk } from '../support/kiosk-process.ts';
import { kib, pageJavaScript, sum } from '../support/page-javascript.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface PageUnderTest {
  readonly buttonName: string;
  readonly env: NodeJS.ProcessEnv;
  readonly samples: number[];
  /** Path of every .js the page fetched, at any time of its runs (assets/… for the renderer's chunks). */
  readonly fetchedJs: Set<string>;
}

async function timeOnce(browser: Browser, target: PageUnderTest): Promise<void> {
  const t0 = performance.now();
  const kiosk = await startKiosk(target.env);
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname.replace(/^\//, '');
    if (path.endsWith('.js')) target.fetchedJs.add(path);
  });
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: target.buttonName }).waitFor({ state: 'visible' });
  // Interactive: the button is enabled and the page has answered a round trip to the main thread.
  await page.waitForFunction((name) => [...document.querySelectorAll('button')].some((b) => b.textContent?.includes(name) && !b.disabled), target.buttonName);
  target.samples.push(performance.now() - t0);
  // Not timed: lets the chunks prefetched after the first paint arrive, so the listing below can tell them apart.
  await page.waitForLoadState('networkidle');
  await context.close();
  await kiosk.stop();
}

/** The pages' runs alternate (kiosk, bare page, kiosk, …), so a machine whose load changes during the benchmark bends both alike. */
async function timeToInteractive(targets: readonly PageUnderTest[]): Promise<void> {
  const browser = await launchChromium();
  try {
    for (let i = 0; i < RUNS; i++) for (const target of targets) await timeOnce(browser, target);
  } finally {
    await browser.close();
  }
}

const helloDir = mkdtempSync(join(tmpdir(), 'bench-hello-'));
await build({
  root: join(REPO_ROOT, 'test/bench/hello'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: helloDir, emptyOutDir: true },
});

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
// One data directory per page across its runs: the first run seeds the embedded central's database
// (a kiosk's first start), the others start warm, as a kiosk does every morning.
const dataDir = (name: string) => mkdtempSync(join(tmpdir(), `bench-${name}-`));
const kiosk: PageUnderTest = { buttonName: 'Comenzar', env: { KIOSK_DATA_DIR: dataDir('kiosk') }, samples: [], fetchedJs: new Set() };
const hello: PageUnderTest = {
  buttonName: 'Hello',
  env: { KIOSK_RENDERER_DIR: helloDir, KIOSK_DATA_DIR: dataDir('hello') },
  samples: [],
  fetchedJs: new Set(),
};
await timeToInteractive([kiosk, hello]);
const kioskRuns = kiosk.samples;
const helloRuns = hello.samples;
process.stdout.write(
  `start-up to interactive welcome screen (browser host with embedded central + Chromium, ${RUNS} runs of each page, alternating, first one cold)\n`,
);
process.stdout.write(`  kiosk welcome screen: median ${fmt(median(kioskRuns))}  (runs: ${kioskRuns.map(fmt).join(', ')})\n`);
process.stdout.write(`  bare Vite + React:    median ${fmt(median(helloRuns))}  (runs: ${helloRuns.map(fmt).join(', ')})\n`);
process.stdout.write(`  ratio kiosk / bare page: ${(median(kioskRuns) / median(helloRuns)).toFixed(2)}\n`);

const renderer = pageJavaScript(join(REPO_ROOT, 'out/renderer'));
const helloJs = pageJavaScript(helloDir);
const bridge = readFileSync(join(REPO_ROOT, 'out/bridge/bridge.js'));
const line = (chunk: { name: string; raw: number; gzip: number }) => `${chunk.name}: ${kib(chunk.raw)} raw, ${kib(chunk.gzip)} gzipped`;
process.stdout.write(
  "JavaScript the welcome screen loads before it is interactive (index.html's module script and modulepreloads with their static imports, gzip -9)\n",
);
for (const chunk of renderer.firstLoad) process.stdout.write(`    ${line(chunk)}\n`);
process.stdout.write(
  `  kiosk welcome screen: ${renderer.firstLoad.length} file(s), ${kib(sum(renderer.firstLoad, 'raw'))} raw, ${kib(sum(renderer.firstLoad, 'gzip'))} gzipped\n`,
);
process.stdout.write(`  bare Vite + React baseline: ${kib(sum(helloJs.firstLoad, 'raw'))} raw, ${kib(sum(helloJs.firstLoad, 'gzip'))} gzipped\n`);
process.stdout.write(
  `  browser-host bridge (both pages; not in the Electron build, whose preload does the same): ${kib(bridge.length)} raw, ${kib(gzipSync(bridge, { level: 9 }).length)} gzipped\n`,
);
process.stdout.write(
  `lazily loaded chunks (${kib(sum(renderer.lazy, 'gzip'))} gzipped in all): "prefetched" = Chromium fetched it during the runs, after the first paint; "when needed" = not fetched\n`,
);
for (const chunk of renderer.lazy) process.stdout.write(`    ${line(chunk)}  (${kiosk.fetchedJs.has(chunk.name) ? 'prefetched' : 'when needed'})\n`);
