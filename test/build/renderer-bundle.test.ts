/**
 * The renderer as built (vite.renderer.config.ts, what both hosts serve): the
 * welcome screen's JavaScript (index.html's module script and modulepreloads
 * with their static imports) stays within 100 KiB gzipped, and the texts a
 * first screen does not show are in chunks loaded later. Built here into a
 * temporary directory, so the test sees the code as it is, not a stale out/.
 * Sizes are the build's, not the machine's: nothing here depends on speed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { REPO_ROOT } from '../support/kiosk-process.ts';
import { pageJavaScript, type PageJavaScript, sum } from '../support/page-javascript.ts';

/** Issue 18: the welcome screen ships at most this much gzipped JavaScript (a bare Vite + React page: 66 KiB). */
const WELCOME_BUDGET_BYTES = 100 * 1024;

/** Texts only a later chunk should hold, each with a name for the failure message. */
const LATER_TEXTS: Record<string, string> = {
  'English (en)': CATALOGUES.en.consent.intro,
  'Kreyòl (ht)': CATALOGUES.ht.consent.intro,
  'Spanish session texts (es-CL-session)': CATALOGUES['es-CL'].consent.intro,
  'technician mode (es-CL)': CATALOGUES['es-CL'].technician.pin.notSetUpHow,
};

let outDir: string;
let page: PageJavaScript;
const code = (names: readonly { name: string }[]) => names.map(({ name }) => readFileSync(join(outDir, name), 'utf8'));

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-build-'));
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    // NODE_ENV=production as `npm run build:web` has it: vitest sets 'test', and Vite would then bundle React's development build.
    { cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } },
  );
  page = pageJavaScript(outDir);
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built renderer', () => {
  it(`loads at most ${WELCOME_BUDGET_BYTES / 1024} KiB of gzipped JavaScript for the welcome screen`, () => {
    expect(page.firstLoad.length).toBeGreaterThan(0);
    expect(sum(page.firstLoad, 'gzip')).toBeLessThanOrEqual(WELCOME_BUDGET_BYTES);
  });

  it('says "Comenzar" from its first chunk', () => {
    expect(code(page.firstLoad).some((chunk) => chunk.includes(CATALOGUES['es-CL'].attract.start))).toBe(true);
  });

  it.each(Object.entries(LATER_TEXTS))('leaves the %s texts to a chunk loaded later', (_name, text) => {
    expect(code(page.firstLoad).some((chunk) => chunk.includes(text))).toBe(false);
    // The same text is in the build, lazily: the check above is not passing for a text that is nowhere.
    expect(code(page.lazy).some((chunk) => chunk.includes(text))).toBe(true);
  });
});
