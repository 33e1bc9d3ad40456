import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Runs the real `electron-vite build` (into a temporary folder, so a running
 * kiosk's out/ is left alone) and checks the properties the shell relies on
 * but cannot check at run time here, with no Electron binary (§2.1).
 */
const REPO_ROOT = join(import.meta.dirname, '../../..');
let outDir: string;
const read = (file: string) => readFileSync(join(outDir, file), 'utf8');
/** Bare module specifiers a bundle loads at run time. */
const bareImports = (code: string) => [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g)].map((m) => m[1] ?? '');

describe('electron-vite build (electron.vite.config.ts)', () => {
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'kiosk-electron-build-'));
    const build = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  }, 150_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('bundles the sandboxed preload into one CommonJS file that requires only electron', () => {
    const preload = read('preload/index.cjs');
    expect(bareImports(preload)).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('builds main and the service as separate entries; only main loads electron', () => {
    expect(bareImports(read('main/index.js'))).toContain('electron');
    expect(bareImports(read('main/service.js'))).not.toContain('electron');
    // electron-updater is the one package main loads at run time (a dependency the package ships,
    // imported only on a kiosk configured to update); everything else is bundled.
    for (const specifier of bareImports(read('main/index.js'))) {
      expect(['electron', 'electron-updater'].includes(specifier) || specifier.startsWith('node:'), specifier).toBe(true);
    }
  });

  it('emits a renderer page with no inline script, inline style or data: URI (the CSP forbids them)', () => {
    const html = read('renderer/index.html').replace(/<!--[\s\S]*?-->/g, '');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|["'(]data:/);
    expect(html).toMatch(/src="\.\/assets\//);
  });

  it('ships the same minified renderer as the browser host build', () => {
    const browserHost = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'vite.renderer.config.ts',
        '--outDir',
        join(outDir, 'web'),
        '--logLevel',
        'error',
      ],
      // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle.
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production' } },
    );
    expect(browserHost.status, browserHost.stderr).toBe(0);
    const scripts = (dir: string) =>
      readdirSync(join(outDir, dir, 'assets'))
        .filter((name) => name.endsWith('.js'))
        .sort();
    // Content-hashed names: equal names mean equal files.
    expect(scripts('renderer')).toEqual(scripts('web'));
    // Minified: long lines. (Not a line count: template literals keep their newlines, e.g. the code zod generates.)
    for (const name of scripts('renderer')) {
      const text = read(`renderer/assets/${name}`);
      expect(text.length / text.split('\n').length, name).toBeGreaterThan(400);
    }
  });
});
