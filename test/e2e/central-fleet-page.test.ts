/**
 * The operator's fleet page in Chromium over real HTTPS with a real operator
 * client certificate: accessible (axe-core, WCAG 2.2 AA), no CSP violation
 * (the inline script runs by its hash), the table refreshes itself from the
 * JSON every 30 s on the page's clock, pauses when asked, and renders a
 * refreshed table exactly as the server renders it. Another kiosk's
 * certificate gets the 403 page.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centralApiRoutes } from '../../central/api/routes.ts';
import { createCentralDomain } from '../../central/domain/index.ts';
import { kioskTlsOptions, type KioskCredentials } from '../../central/pki/kiosk-enrollment.ts';
import { startCentralServer, type CentralServer } from '../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../central/storage/index.ts';
import { heartbeatBody } from '../central/api/heartbeat-fixture.ts';
import { cheapHasher, removeTempDirs, tempDir } from '../central/domain/support.ts';
import { httpsCall, registerKiosk, temporaryDataDir } from '../central/server/https-client.ts';
import { launchChromium } from '../support/chromium.ts';
import { WCAG_22_AA } from '../support/screen-audit.ts';

let server: CentralServer;
let db: CentralDatabase;
let browser: Browser;
let admin: KioskCredentials;
const kiosks: KioskCredentials[] = [];

beforeAll(async () => {
  db = openCentralDatabase(join(tempDir(), 'central.db'));
  const domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(5), hasher: cheapHasher });
  server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, directiveSigner: pki.directive }),
  });
  admin = await registerKiosk(server, 'admin-ops-01');
  for (const id of ['kiosk-fl-01', 'kiosk-fl-02', 'kiosk-fl-03']) kiosks.push(await registerKiosk(server, id));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  db?.close();
  removeTempDirs();
});

async function heartbeat(credentials: KioskCredentials, printerDown = false): Promise<void> {
  const now = Date.now();
  const body = heartbeatBody(now);
  const printer = printerDown
    ? { state: 'not-connected' as const, lastError: 'usb.gone', since: new Date(now - 10 * 60_000).toISOString() }
    : body.devices.printer;
  const result = await httpsCall(server, {
    method: 'POST',
    path: '/v1/heartbeats',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ ...body, devices: { ...body.devices, printer } }),
    tls: kioskTlsOptions(credentials),
  });
  expect(result.status).toBe(200);
}

function contextFor(credentials: KioskCredentials): Promise<BrowserContext> {
  return browser.newContext({
    ignoreHTTPSErrors: true,
    clientCertificates: [{ origin: server.url, cert: Buffer.from(credentials.certificatePem), key: Buffer.from(credentials.privateKeyPem) }],
  });
}

const tableText = (page: Page) => page.locator('#flota').innerText();

describe('GET /admin/kiosks', () => {
  it('shows the fleet accessibly, refreshes it every 30 s from the JSON, and pauses on request', async () => {
    await heartbeat(kiosks[0]!, true);
    const context = await contextFor(admin);
    try {
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused/i.test(message.text())) violations.push(message.text());
      });
      let fetches = 0;
      page.on('request', (request) => {
        if (request.url().endsWith('/admin/kiosks.json')) fetches += 1;
      });
      // axe-core waits on timers of its own: audit a page on the real clock, then drive the refresh on a paused one.
      const audited = await context.newPage();
      expect((await audited.goto(`${server.url}/admin/kiosks`))?.status()).toBe(200);
      expect(await audited.getAttribute('html', 'lang')).toBe('es-CL');
      expect(await audited.getByRole('table', { name: '1 tótem' }).isVisible()).toBe(true);
      const row = audited.getByRole('row', { name: /kiosk-fl-01/ });
      expect(await row.getByRole('listitem').innerText()).toMatch(/^Dispositivo caído: impresora, desde \d{4}-/);
      expect(await audited.getByRole('columnheader', { name: 'Impresora' }).count()).toBe(1);
      const axe = await new AxeBuilder({ page: audited }).withTags(WCAG_22_AA).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      await audited.close();

      await page.clock.install();
      await page.clock.pauseAt(Date.now() + 60_000);
      expect((await page.goto(`${server.url}/admin/kiosks`))?.status()).toBe(200);
      expect(fetches).toBe(0);

      // Another kiosk reports; the page's next 30 s tick brings it in.
      await heartbeat(kiosks[1]!);
      await page.clock.runFor(30_000);
      await expect.poll(() => page.getByRole('table', { name: '2 tótems' }).isVisible()).toBe(true);
      expect(fetches).toBe(1);
      const refreshed = await tableText(page);

      // Paused: ticks fetch nothing; resuming fetches once at once.
      const pause = page.getByRole('button', { name: 'Pausar actualización' });
      await pause.click();
      expect(await page.getByRole('button', { name: 'Reanudar actualización' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByRole('status').innerText()).toBe('Actualización en pausa.');
      await heartbeat(kiosks[2]!);
      await page.clock.runFor(90_000);
      await page.getByRole('button', { name: 'Reanudar actualización' }).click();
      await expect.poll(() => page.getByRole('table', { name: '3 tótems' }).isVisible()).toBe(true);
      expect(fetches).toBe(2);
      expect(violations).toEqual([]);

      // The script's rows are the server's rows: the first two kiosks read the same either way.
      const reloaded = await context.newPage();
      await reloaded.goto(`${server.url}/admin/kiosks`);
      const serverRows = (await tableText(reloaded)).split('\n').filter((line) => !line.includes('kiosk-fl-03'));
      const scriptRows = refreshed.split('\n');
      expect(serverRows.length).toBeGreaterThan(0);
      expect(scriptRows.filter((line) => line.trim() !== '')).toEqual(serverRows.filter((line) => line.trim() !== ''));
    } finally {
      await context.close();
    }
  });

  it('answers a kiosk’s certificate with the 403 page', async () => {
    const context = await contextFor(kiosks[0]!);
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/admin/kiosks`);
      expect(response?.status()).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Acceso solo para operadores');
    } finally {
      await context.close();
    }
  });
});
