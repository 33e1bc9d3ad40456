/**
 * `node test/bench/run.ts renderer` (after `npm run build:web`): the
 * renderer's figures, printed with their units. Not a test: nothing here
 * passes or fails on the machine's speed.
 *
 *  - JavaScript shipped: what the welcome screen loads before it is
 *    interactive (index.html's module script and modulepreloads with their
 *    static imports, test/support/page-javascript.ts), then every lazily loaded chunk
 *    apart, raw and gzipped (level 9, what a server would send). The dev
 *    panel's chunk is marked: only kiosks with simulated devices load it.
 *  - Tap to the next screen's first paint, over whole simulated enrollments
 *    (ChileAtiende and Civil Digital, then ChileAtiende with spoken guidance
 *    on) in real Chromium against the browser host, `npm start`'s path with
 *    its embedded central. Measured in the page: the `click` event's
 *    timeStamp (the tap's activation, on the up-event) to the first frame
 *    that holds the next screen. A MutationObserver sees the new screen's
 *    <h1> arrive (every screen is a fresh subtree with one h1); a
 *    requestAnimationFrame callback then runs just before that frame is
 *    painted, and a message posted from it runs just after, so the time
 *    taken is when the frame was handed to the compositor. Device steps (a
 *    card presented, a finger placed, through window.kiosk.dev) are timed
 *    the same way from the command, as a separate figure: they include the
 *    simulated reader and the call to central.
 *  - The largest main-thread task during those flows: PerformanceObserver
 *    'longtask' entries (the API reports tasks of 50 ms or more, so "none"
 *    means every task was shorter).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { launchChromium } from '../support/chromium.ts';
import { REPO_ROOT, startKiosk } from '../support/kiosk-process.ts';
import { kib, pageJavaScript, sum } from '../support/page-javascript.ts';

const ENROLLMENTS = Number(process.env.BENCH_RUNS ?? 5);
const es = CATALOGUES['es-CL'];

interface Sample {
  readonly kind: 'tap' | 'device';
  readonly label: string;
  readonly ms: number;
  readonly title: string;
}

declare global {
  interface Window {
    __bench?: { expect: { kind: Sample['kind']; label: string; at: number } | null; samples: Sample[]; longTasks: Array<{ start: number; duration: number }> };
  }
}

/**
 * Installed before the renderer runs (addInitScript). Only taps the driver
 * announced are timed; a tap that changes no screen would otherwise time the
 * next screen change from the wrong start.
 */
function instrument(): void {
  const bench: NonNullable<Window['__bench']> = { expect: null, samples: [], longTasks: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener(
    'click',
    (event) => {
      if (bench.expect?.kind === 'tap' && bench.expect.at < 0) bench.expect = { ...bench.expect, at: event.timeStamp };
    },
    true,
  );
  let lastHeading: Element | null = null;
  const watch = () => {
    const heading = document.querySelector('main h1');
    if (heading === null || heading === lastHeading) return;
    lastHeading = heading;
    const expected = bench.expect;
    if (expected === null || expected.at < 0) return;
    bench.expect = null;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () =>
        bench.samples.push({ kind: expected.kind, label: expected.label, ms: performance.now() - expected.at, title: heading.textContent ?? '' });
      channel.port2.postMessage(null);
    });
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
}

const sampleCount = (page: Page) => page.evaluate(() => window.__bench!.samples.length);
const waitForSample = (page: Page, count: number) => page.waitForFunction((n) => window.__bench!.samples.length > n, count, { timeout: 60_000 });

/** `exact`: false for a button whose name goes on past its title (a method button names its destination too). */
async function tap(page: Page, name: string, label = name, exact = true): Promise<void> {
  const before = await sampleCount(page);
  await page.evaluate((l) => (window.__bench!.expect = { kind: 'tap', label: l, at: -1 }), label);
  await page.getByRole('button', { name, exact }).tap();
  await waitForSample(page, before);
}

async function waitForHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor({ timeout: 60_000 });
}

async function enroll(page: Page, mode: 'chileatiende' | 'civil-digital', run: string, index: number, speech: boolean): Promise<void> {
  await page.getByRole('button', { name: es.attract.start }).waitFor();
  // Spoken guidance is reset for every citizen, so it is turned on again on the welcome screen.
  if (speech) await page.getByRole('button', { name: es.accessibility.spokenGuidance }).tap();
  await tap(page, es.attract.start, 'start');
  await tap(page, es.session.continue, 'welcome → consent');
  await tap(page, es.consent.accept, 'consent → card');
  await page.evaluate(async (r) => {
    window.__bench!.expect = { kind: 'device', label: 'card presented', at: performance.now() };
    await window.kiosk!.dev!.insertCard({ run: r, format: 'both' });
  }, run);
  await waitForHeading(page, es.finger.title);
  await page.evaluate(async (r) => {
    const snapshot = await window.kiosk!.session.snapshot();
    const finger = snapshot.ok ? snapshot.value.finger?.name : undefined;
    window.__bench!.expect = { kind: 'device', label: 'finger placed', at: performance.now() };
    await window.kiosk!.dev!.placeFinger({ run: r, ...(finger === undefined ? {} : { finger }) });
  }, run);
  if (mode === 'civil-digital') {
    await waitForHeading(page, es.codePrinted.title);
  } else {
    await waitForHeading(page, es.email.title);
    const email = `persona.sintetica.${index}@example.cl`;
    await page.getByLabel(es.email.label, { exact: true }).fill(email);
    await page.getByLabel(es.email.confirmationLabel, { exact: true }).fill(email);
    await tap(page, es.session.continue, 'email → phone');
    await page.getByLabel(es.phone.label, { exact: true }).fill(`1234${String(index).padStart(4, '0')}`);
    await tap(page, es.session.continue, 'phone → password');
    await tap(page, es.password.byEmail, 'password → review', false);
    await tap(page, es.review.confirm, 'review → activating');
    await page.getByRole('heading', { level: 1, name: es.activated.titleNamed.split('{{')[0]!.trim() }).waitFor({ timeout: 60_000 });
  }
  await tap(page, es.session.finish, 'finish → welcome');
  await page.evaluate(() => window.kiosk!.dev!.liftFinger());
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const summary = (values: readonly number[]) =>
  values.length === 0
    ? 'no samples'
    : `median ${fmt(quantile(values, 0.5))}, p95 ${fmt(quantile(values, 0.95))}, max ${fmt(Math.max(...values))} (${values.length} samples)`;

async function flow(mode: 'chileatiende' | 'civil-digital', speech: boolean) {
  const kiosk = await startKiosk({ KIOSK_MODE: mode });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: es.attract.start }).waitFor({ timeout: 60_000 });
    if (speech) await page.getByRole('button', { name: es.accessibility.spokenGuidance }).waitFor({ timeout: 10_000 });
    const flowStart = await page.evaluate(() => performance.now());
    const citizens = await page.evaluate(async (limit) => {
      const result = await window.kiosk!.dev!.citizens({ scenario: 'ok', limit });
      return result.ok ? result.value.citizens.map((c) => c.run) : [];
    }, ENROLLMENTS);
    if (citizens.length < ENROLLMENTS) throw new Error(`only ${citizens.length} synthetic citizens to enroll`);
    for (let i = 0; i < ENROLLMENTS; i++) await enroll(page, mode, citizens[i]!, i, speech);
    const { samples, longTasks } = await page.evaluate(() => ({ samples: window.__bench!.samples, longTasks: window.__bench!.longTasks }));
    return { samples, longTasks: longTasks.filter((task) => task.start >= flowStart), startupTasks: longTasks.filter((task) => task.start < flowStart) };
  } finally {
    await browser.close();
    await kiosk.stop();
  }
}

function largestTask(tasks: ReadonlyArray<{ duration: number }>): string {
  if (tasks.length === 0) return 'no task of 50 ms or more';
  return `${fmt(Math.max(...tasks.map((task) => task.duration)))} (${tasks.length} long task(s) of 50 ms or more)`;
}

// --- JavaScript shipped ---------------------------------------------------
const shipped = pageJavaScript(join(REPO_ROOT, 'out/renderer'));
const line = (chunk: { name: string; raw: number; gzip: number }) => `${chunk.name}: ${kib(chunk.raw)} raw, ${kib(chunk.gzip)} gzipped`;
process.stdout.write(`renderer JavaScript shipped (out/renderer, gzip -9)\n`);
process.stdout.write(`  the welcome screen, before it is interactive (entry and its static imports):\n`);
for (const chunk of shipped.firstLoad) process.stdout.write(`    ${line(chunk)}\n`);
process.stdout.write(`    total: ${kib(sum(shipped.firstLoad, 'raw'))} raw, ${kib(sum(shipped.firstLoad, 'gzip'))} gzipped\n`);
process.stdout.write(`  loaded lazily (prefetched after the first paint, or when needed):\n`);
for (const chunk of shipped.lazy) process.stdout.write(`    ${line(chunk)}${chunk.name.includes('DevPanel') ? '  (simulated devices only)' : ''}\n`);
const citizen = [...shipped.firstLoad, ...shipped.lazy.filter((chunk) => !chunk.name.includes('DevPanel'))];
process.stdout.write(
  `  everything a production kiosk may load (without the dev panel): ${kib(sum(citizen, 'raw'))} raw, ${kib(sum(citizen, 'gzip'))} gzipped\n`,
);

// --- Tap to next screen, long tasks ----------------------------------------
const runs = [
  { name: 'ChileAtiende', mode: 'chileatiende', speech: false },
  { name: 'Civil Digital', mode: 'civil-digital', speech: false },
  { name: 'ChileAtiende, spoken guidance on', mode: 'chileatiende', speech: true },
] as const;
process.stdout.write(`\ntap to the next screen's first paint (headless Chromium, 1080×1920 touch viewport, ${ENROLLMENTS} enrollments per flow)\n`);
for (const run of runs) {
  const { samples, longTasks, startupTasks } = await flow(run.mode, run.speech);
  const taps = samples.filter((s) => s.kind === 'tap').map((s) => s.ms);
  const devices = samples.filter((s) => s.kind === 'device');
  process.stdout.write(`  ${run.name}:\n`);
  process.stdout.write(`    taps: ${summary(taps)}\n`);
  const byLabel = new Map<string, number[]>();
  for (const s of samples.filter((x) => x.kind === 'tap')) byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), s.ms]);
  for (const [label, values] of byLabel) process.stdout.write(`      ${label}: median ${fmt(quantile(values, 0.5))}\n`);
  for (const label of ['card presented', 'finger placed']) {
    process.stdout.write(`    device → next screen, ${label}: ${summary(devices.filter((s) => s.label === label).map((s) => s.ms))}\n`);
  }
  process.stdout.write(`    largest main-thread task during the flow: ${largestTask(longTasks)}\n`);
  process.stdout.write(`    (loading the page, before the flow: ${largestTask(startupTasks)})\n`);
}
