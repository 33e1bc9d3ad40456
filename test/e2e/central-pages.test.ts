/**
 * Central's HTML pages in Chromium: their one Content-Security-Policy allows
 * the inline stylesheet (by hash) and nothing else, and forbids framing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { centralApiRoutes } from '../../central/api/routes.ts';
import { createCentralDomain } from '../../central/domain/index.ts';
import { startCentralServer, type CentralServer } from '../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../central/storage/index.ts';
import { cheapHasher, removeTempDirs, seededDatabasePath } from '../central/domain/support.ts';
import { temporaryDataDir } from '../central/server/https-client.ts';
import { launchChromium } from '../support/chromium.ts';

let server: CentralServer;
let db: CentralDatabase;
let browser: Browser;

beforeAll(async () => {
  db = openCentralDatabase(seededDatabasePath());
  const domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(3), hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: centralApiRoutes({ domain, devMailbox: true }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  db?.close();
  removeTempDirs();
});

describe('central pages in Chromium', () => {
  it.each(['/activar', '/dev/mailbox.html'])('%s is styled under its CSP with no violation, and refuses to be framed', async (path) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${server.url}${path}`);
      // The stylesheet sets body{max-width:40rem}: 640 px when it applied.
      expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('640px');
      expect(violations).toEqual([]);

      // Framed by a page without a CSP of its own, Chromium refuses to show it: frame-ancestors 'none'.
      const outer = await context.newPage();
      const refusals: string[] = [];
      outer.on('console', (message) => refusals.push(message.text()));
      await outer.setContent(`<iframe src="${server.url}${path}"></iframe>`, { waitUntil: 'load' });
      await expect.poll(() => refusals.some((text) => text.includes("frame-ancestors 'none'"))).toBe(true);
      expect(
        outer
          .frames()
          .find((f) => f !== outer.mainFrame())
          ?.url(),
      ).toBe('chrome-error://chromewebdata/');
    } finally {
      await context.close();
    }
  });
});
