import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('npm start (browser host) in real Chromium', () => {
  let kiosk: RunningKiosk;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    kiosk = await startKiosk();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    page = await context.newPage();
    await page.goto(kiosk.url);
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
  });

  it('starts the central sandbox embedded on loopback and announces it', () => {
    expect(kiosk.output()).toMatch(/^Central API: https:\/\/127\.0\.0\.1:\d+ \(embedded sandbox\)$/m);
  });

  it('strips the token from the address bar once the page has it', () => {
    expect(new URL(page.url()).search).toBe('');
  });

  it('opens in another browser from the launch page of the "Kiosk UI:" line, a file only this user can read', async () => {
    expect(kiosk.output()).toContain(`Kiosk UI: ${pathToFileURL(kiosk.launchPage).href}`);
    expect(statSync(kiosk.launchPage).mode & 0o777).toBe(0o600);
    const other = await browser.newContext();
    try {
      const tab = await other.newPage();
      await tab.goto(pathToFileURL(kiosk.launchPage).href);
      // The page forwards to the host, which sets the session cookie and refreshes to / (same origin, so the cookie goes along).
      await expect.poll(() => tab.getByRole('button', { name: 'Comenzar' }).isVisible(), { timeout: 20_000 }).toBe(true);
      expect(new URL(tab.url()).pathname).toBe('/');
    } finally {
      await other.close();
    }
  });

  it('takes each launch token once: a second browser with the same address is refused', async () => {
    const address = kiosk.url;
    const first = await browser.newContext();
    const second = await browser.newContext();
    try {
      expect((await (await first.newPage()).goto(address))?.status()).toBe(200);
      const refused = await (await second.newPage()).goto(address);
      expect(refused?.status()).toBe(401);
      expect(await refused?.text()).not.toContain('<script');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('renders the welcome screen in Spanish', async () => {
    await expect.poll(() => page.getByRole('button', { name: 'Comenzar' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es-CL');
    expect(await page.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('has no axe-core violations at WCAG 2.2 AA in Spanish', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('switches to English and to Kreyòl ayisyen', async () => {
    const spanishHeading = await page.getByRole('heading', { level: 1 }).innerText();
    const spanishBody = await page.locator('main').innerText();

    await page.getByRole('button', { name: 'English' }).tap();
    await expect.poll(() => page.getByRole('button', { name: 'Start' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const englishBody = await page.locator('main').innerText();
    expect(englishBody).not.toEqual(spanishBody);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Kreyòl ayisyen' }).tap();
    await expect.poll(() => page.getByRole('button', { name: 'Kòmanse' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ht');
    expect(await page.locator('main').innerText()).not.toEqual(englishBody);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Español' }).tap();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(spanishHeading);
  });

  it('exposes the same window.kiosk surface as the Electron preload, and no Node', async () => {
    const surface = await page.evaluate(() => ({
      keys: Object.keys(window.kiosk!).sort(),
      session: Object.keys(window.kiosk!.session).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(surface).toEqual({
      keys: ['app', 'dev', 'devices', 'service', 'session', 'speech', 'technician'],
      session: ['cancel', 'onSnapshot', 'send', 'snapshot', 'start'],
      require: 'undefined',
      process: 'undefined',
    });
  });

  it('starts a session in the chosen language and cancels it back to the welcome screen', async () => {
    await page.getByRole('button', { name: 'English' }).tap();
    await page.getByRole('button', { name: 'Start' }).tap();
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
    expect(await page.evaluate(async () => (await window.kiosk!.session.snapshot()).ok)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).tap();
    // Cancelling wipes the session and returns the kiosk to Spanish.
    await expect.poll(() => page.getByRole('button', { name: 'Comenzar' }).isVisible()).toBe(true);
  });

  it('fetches the session’s screens and their texts after the welcome is painted, before any tap', async () => {
    const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    await expect.poll(async () => (await fetched()).filter((path) => /\/(step-screens|es-CL-session|en|ht)-[\w-]+\.js$/.test(path)).length).toBe(4);
  });

  it('shows a busy screen, never a blank one, when a tap reaches a screen whose chunk has not arrived', async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The session's screens are held back, as on a slow or cold kiosk.
    await context.route(/\/assets\/step-screens-[\w-]+\.js$/, async (route) => {
      await released;
      await route.continue();
    });
    try {
      const tab = await context.newPage();
      await tab.goto(kiosk.url);
      await tab.getByRole('button', { name: 'Comenzar' }).tap();
      await tab.getByRole('status').filter({ hasText: 'Un momento, por favor…' }).waitFor();
      // The one main landmark a screen reader finds (React keeps the welcome in the page, hidden, until the new screen comes).
      expect(await tab.getByRole('main').getAttribute('aria-busy')).toBe('true');
      release();
      await tab.getByRole('button', { name: 'Cancelar' }).tap();
      await expect.poll(() => tab.getByRole('button', { name: 'Comenzar' }).isVisible()).toBe(true);
    } finally {
      release();
      await context.close();
    }
  });

  it('shows "temporarily unavailable" while the service is down, then recovers', async () => {
    // The restart takes well under a second, so record what the page showed rather than racing it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { alertsSeen: string[] }).alertsSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[role="alert"]')) if (el.textContent) seen.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const accepted = await page.evaluate(async () => (await window.kiosk!.dev!.crashService()).ok);
    expect(accepted).toBe(true);
    await expect.poll(() => page.evaluate(() => (window as unknown as { alertsSeen: string[] }).alertsSeen.length), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: 'Comenzar' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.evaluate(async () => window.kiosk!.service.status())).toEqual({ ok: true, value: { state: 'available', restarts: 1 } });
  });

  it('reports the simulated devices to the page, and lets a developer drive them', async () => {
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const status = await window.kiosk!.devices.status();
            return status.ok ? Object.values(status.value.roles).map((r) => `${r.driver}:${r.state}`) : [];
          }),
        { timeout: 20_000 },
      )
      .toEqual(['simulated:ready', 'simulated:ready', 'simulated:ready']);
    const changes = await page.evaluate(async () => {
      const seen: string[] = [];
      window.kiosk!.devices.onStatus((report) => seen.push(report.roles.printer.state));
      await window.kiosk!.dev!.printerFault({ fault: 'coverOpen', on: true });
      await window.kiosk!.dev!.printerFault({ fault: 'coverOpen', on: false });
      await new Promise((resolve) => setTimeout(resolve, 200));
      return seen;
    });
    expect(changes).toEqual(['needs-attention', 'ready']);
    const citizens = await page.evaluate(async () => window.kiosk!.dev!.citizens({ scenario: 'under_age', limit: 2 }));
    expect(citizens.ok && citizens.value.citizens.map((c) => c.scenario)).toEqual(['under_age', 'under_age']);
  });

  it('stops cleanly on SIGINT', async () => {
    expect(await kiosk.stop('SIGINT')).toBe(0);
    // The crash rehearsed above is logged as an error event; nothing else may be: no uncaught exception or stack.
    expect(kiosk.output()).not.toMatch(/unhandled|uncaught|TypeError|ReferenceError|\n\s+at /i);
    expect(kiosk.output()).toContain('Kiosk stopped.');
  });
});
