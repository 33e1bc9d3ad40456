/**
 * `npm run bench`: figures for the foundation, printed with their units.
 *  - time from starting the browser host (`npm start`'s path, renderer already
 *    built) to the welcome screen being interactive in Chromium, median of N
 *    runs, next to a bare Vite + React page served the same way;
 *  - renderer JavaScript shipped for the welcome screen, gzipped.
 * Not a test: nothing here passes or fails on the machine's speed.
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { launchChromium } from '../support/chromium.ts';
import { REPO_ROOT, startKiosk } from '../support/kiosk-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeToInteractive(buttonName: string, env: NodeJS.ProcessEnv): Promise<number[]> {
  const browser = await launchChromium();
  const samples: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const kiosk = await startKiosk(env);
      const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
      const page = await context.newPage();
      await page.goto(kiosk.url);
      await page.getByRole('button', { name: buttonName }).waitFor({ state: 'visible' });
      // Interactive: the button is enabled and the page has answered a round trip to the main thread.
      await page.waitForFunction((name) => [...document.querySelectorAll('button')].some((b) => b.textContent?.includes(name) && !b.disabled), buttonName);
      samples.push(performance.now() - t0);
      await context.close();
      await kiosk.stop();
    }
  } finally {
    await browser.close();
  }
  return samples;
}

function gzippedJs(dir: string): { files: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        const body = readFileSync(p);
        files++;
        raw += body.length;
        gzip += gzipSync(body).length;
      }
    }
  };
  walk(dir);
  return { files, raw, gzip };
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
const kioskRuns = await timeToInteractive('Comenzar', { KIOSK_DATA_DIR: dataDir('kiosk') });
const helloRuns = await timeToInteractive('Hello', { KIOSK_RENDERER_DIR: helloDir, KIOSK_DATA_DIR: dataDir('hello') });
process.stdout.write(`start-up to interactive welcome screen (browser host with embedded central + Chromium, ${RUNS} runs, first one cold)\n`);
process.stdout.write(`  kiosk welcome screen: median ${fmt(median(kioskRuns))}  (runs: ${kioskRuns.map(fmt).join(', ')})\n`);
process.stdout.write(`  bare Vite + React:    median ${fmt(median(helloRuns))}  (runs: ${helloRuns.map(fmt).join(', ')})\n`);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const renderer = gzippedJs(join(REPO_ROOT, 'out/renderer'));
const bridge = gzippedJs(join(REPO_ROOT, 'out/bridge'));
const hello = gzippedJs(helloDir);
process.stdout.write('renderer JavaScript shipped for the welcome screen\n');
process.stdout.write(`  renderer: ${renderer.files} file(s), ${kb(renderer.raw)} raw, ${kb(renderer.gzip)} gzipped\n`);
process.stdout.write(`  browser-host bridge (not in the Electron build): ${kb(bridge.raw)} raw, ${kb(bridge.gzip)} gzipped\n`);
process.stdout.write(`  bare Vite + React baseline: ${kb(hello.raw)} raw, ${kb(hello.gzip)} gzipped\n`);
