import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Shell tests against the real Electron binary (electron-kiosk.md §3.2, §3.4):
 * they need node_modules/electron/dist, which the development environment
 * cannot download. Probe the files; never require('electron'), which would
 * start the download and throw.
 */
const REPO_ROOT = join(import.meta.dirname, '../../..');
const ELECTRON_DIR = join(REPO_ROOT, 'node_modules/electron');
const hasElectron = existsSync(join(ELECTRON_DIR, 'dist')) && existsSync(join(ELECTRON_DIR, 'path.txt'));
const TITLE = hasElectron ? 'Electron shell' : 'Electron shell — SKIPPED: no Electron binary in node_modules/electron/dist';
const APP_ENTRY_URL = 'app://kiosk/index.html';
// Say so in the run's output too: the default reporter shows a skipped file only as a count.
if (!hasElectron) console.warn(`${TITLE} (the browser-host end-to-end tests cover the renderer meanwhile)`);

type KioskWindow = Window & { kiosk?: Record<string, unknown> & { service: { status(): Promise<unknown> } } };

describe.skipIf(!hasElectron)(TITLE, () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    for (const built of ['out/main/index.js', 'out/main/service.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      if (!existsSync(join(REPO_ROOT, built))) throw new Error(`${built} is missing: run \`npx electron-vite build\` first`);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-shell-'));
    app = await _electron.launch({
      executablePath: join(ELECTRON_DIR, 'dist', readFileSync(join(ELECTRON_DIR, 'path.txt'), 'utf8').trim()),
      // The OS sandbox cannot start as root (containers); anywhere else it stays on (§3.3).
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), REPO_ROOT],
      cwd: REPO_ROOT,
      env: { ...process.env, KIOSK_DEV: '0', KIOSK_DATA_DIR: dataDir },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the kiosk page from app://kiosk/', () => {
    expect(page.url()).toBe(APP_ENTRY_URL);
  });

  it('blocks navigation to another site, by script and by link', async () => {
    await page.evaluate(() => {
      window.location.href = 'https://example.org/';
    });
    await page.waitForTimeout(1000);
    expect(page.url()).toBe(APP_ENTRY_URL);
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = 'https://example.org/';
      document.body.append(link);
      link.click();
    });
    await page.waitForTimeout(1000);
    expect(page.url()).toBe(APP_ENTRY_URL);
  });

  it('denies window.open', async () => {
    await expect(page.evaluate(() => window.open('https://example.org/') === null)).resolves.toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('exposes window.kiosk with the contract’s keys and no Node', async () => {
    const surface = await page.evaluate(() => ({
      kioskKeys: Object.keys((window as KioskWindow).kiosk ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(surface).toEqual({ kioskKeys: ['app', 'devices', 'service', 'session'], require: 'undefined', process: 'undefined' });
  });

  it('answers service.status over IPC', async () => {
    const status = await page.evaluate(() => (window as KioskWindow).kiosk?.service.status());
    expect(status).toMatchObject({ ok: true });
  });

  it('runs the page under the CSP: eval is refused', async () => {
    await expect(page.evaluate(() => `${(0, eval)('1 + 1')}`)).rejects.toThrow();
  });
});
