/**
 * The built kiosk service (out/main/service.js, what `npm run build` makes
 * and the packaged app runs) carries no synthetic people on its static
 * path: synthetic/ and the simulators load only through import() on a
 * simulated kiosk (ARCHITECTURE.md, import rules). Built here with the
 * project's own electron-vite config into a temporary directory, so the test
 * sees the code as it is, not a stale out/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILEAN_GIVEN_NAMES, CHILEAN_SURNAMES } from '../../synthetic/citizens/names.ts';
import { REPO_ROOT } from '../support/kiosk-process.ts';

/** Names no other module of ours spells: the synthetic population's pools, as their module declares them. */
const SYNTHETIC_MARKERS = [JSON.stringify(CHILEAN_GIVEN_NAMES.F[0]), JSON.stringify(CHILEAN_SURNAMES.at(-1)), 'Millaray'];

/** Relative modules a chunk imports statically (`import … from "./x.js"`, `export … from`, bare `import "./x.js"`); import("…") is left out. */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)) found.add(match[1]!);
  return [...found];
}

/** Every file the entry loads before it runs: the entry and its static imports, transitively. */
function staticClosure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const code = readFileSync(file, 'utf8');
    files.set(file, code);
    for (const specifier of staticImports(code)) visit(resolve(dirname(file), specifier));
  };
  visit(entry);
  return files;
}

let outDir: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'kiosk-build-'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built kiosk service', () => {
  it('tells static imports from dynamic ones', () => {
    expect(staticImports('import { a } from "./a.js";\nimport "./b.js";\nexport { c } from "../c.js";\nconst d = import("./d.js");')).toEqual([
      './a.js',
      './b.js',
      '../c.js',
    ]);
  });

  it('loads no synthetic citizen on its static path', () => {
    const closure = staticClosure(join(outDir, 'main/service.js'));
    const carrying = [...closure]
      .filter(([, code]) => SYNTHETIC_MARKERS.some((marker) => code.includes(marker)))
      .map(([file]) => file.slice(outDir.length + 1));
    expect(carrying).toEqual([]);
  });

  it('still has the synthetic population for simulated kiosks, in a chunk loaded by import()', () => {
    // Proves the markers are what the bundle would contain: were they renamed or minified away, the test above would pass for nothing.
    // Every chunk some import() reaches, through any number of them: the entry loads the service itself by import() once it
    // has announced `ready` (process-entry.ts), and the service loads the simulators the same way.
    const dynamic = new Set<string>();
    const visit = (file: string) => {
      for (const [path, code] of staticClosure(file)) {
        for (const m of code.matchAll(/import\(["'](\.{1,2}\/[^"']+)["']\)/g)) {
          const target = resolve(dirname(path), m[1]!);
          if (!dynamic.has(target)) {
            dynamic.add(target);
            visit(target);
          }
        }
      }
    };
    visit(join(outDir, 'main/service.js'));
    const reachable = [...dynamic].flatMap((file) => [...staticClosure(file).values()]);
    expect(reachable.some((code) => SYNTHETIC_MARKERS.every((marker) => code.includes(marker)))).toBe(true);
  });
});
