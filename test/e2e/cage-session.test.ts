/**
 * The kiosk as a kiosk image shows it: the browser host on simulated devices,
 * Chromium in kiosk mode as cage's Wayland client on wlroots' headless
 * backend, and grim reading back what the compositor shows. Every wait is on
 * an event (the socket appearing, DevTools' port file, the welcome's button)
 * bounded by a hang guard.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PACKAGES } from '../../scripts/system-packages.ts';
import { type CageSession, HEADLESS_OUTPUT, onPath, startCageSession } from '../support/cage-session.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { eventually } from '../support/kiosk-outside.ts';

const tools = ['cage', 'grim'];
const missing = tools.filter((tool) => !onPath(tool));
// Skipped only where `npm test` would have installed them: a tool left out of the list fails here instead.
const listed = tools.every((tool) => SYSTEM_PACKAGES.test.some((p) => p.name === tool));

/** How many pixels differ from the most common colour: a blank (one-colour) output has none. */
function pixelsOffBackground(png: PNG): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const rgb = png.data.readUInt32BE(i) >>> 8;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return png.width * png.height - background;
}

describe.skipIf(missing.length > 0 && listed)('the kiosk session under cage (headless wlroots) with Chromium in kiosk mode', () => {
  let kiosk: RunningKiosk;
  let session: CageSession;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // info: the host logs each renderer that connects over its WebSocket.
    kiosk = await startKiosk({ KIOSK_LOG_LEVEL: 'info' });
    session = await startCageSession(kiosk.url);
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${session.devtoolsPort}`);
    const context = browser.contexts()[0]!;
    page = context.pages()[0] ?? (await context.waitForEvent('page'));
    await page.getByRole('button', { name: 'Comenzar' }).waitFor({ state: 'visible', timeout: 60_000 });
    // Two animation frames: the welcome has been painted and handed to the compositor, not only laid out.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (session) expect(await session.stop()).toEqual([]);
    await kiosk?.stop();
  });

  it('connects the renderer to the host, which sees its session', async () => {
    await eventually(() => (/"event":"ws\.connected"/.test(kiosk.output()) ? true : undefined), 'the host logging the renderer’s connection');
    const snapshot = await page.evaluate(async () => window.kiosk!.session.snapshot());
    expect(snapshot).toMatchObject({ ok: true, value: { step: 'idle', sessionId: null } });
  });

  it('fills the whole output: kiosk mode, no browser chrome, no decorations', async () => {
    const viewport = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
    expect(viewport).toEqual(HEADLESS_OUTPUT);
  });

  it('shows the welcome on the output grim reads back, at the headless output’s size', async () => {
    const png = PNG.sync.read(await session.screenshot());
    expect({ width: png.width, height: png.height }).toEqual(HEADLESS_OUTPUT);
    // The welcome's text, button and artwork: far more than a stray cursor or a one-colour frame.
    expect(pixelsOffBackground(png)).toBeGreaterThan(png.width * png.height * 0.005);
  });
});
