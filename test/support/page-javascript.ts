/**
 * What JavaScript a built page loads before it can be interactive, read from
 * the build itself: the module scripts and modulepreloads of its index.html
 * and, recursively, each chunk's static imports (`import … from "./x.js"`);
 * a dynamic `import()` is not followed. Every other .js of the build is a
 * lazily loaded chunk. Sizes raw and gzipped at level 9 (what a server would
 * send). Shared by the start-up and renderer benchmarks and test/build/renderer-bundle.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ChunkSize {
  /** Path inside the build directory, e.g. assets/index-abc.js. */
  readonly name: string;
  readonly raw: number;
  readonly gzip: number;
}

export interface PageJavaScript {
  /** The entry chunks and their static imports, in the order found. */
  readonly firstLoad: readonly ChunkSize[];
  /** Every other .js file of the build. */
  readonly lazy: readonly ChunkSize[];
}

function size(dir: string, name: string): ChunkSize {
  const body = readFileSync(join(dir, name));
  return { name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

function allJs(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap((entry) => {
    const name = under === '' ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) return allJs(dir, name);
    return entry.name.endsWith('.js') ? [name] : [];
  });
}

/** Static import specifiers of a minified ES module: `import{…}from"./x.js"`, `import"./x.js"`, `export{…}from"./x.js"`. */
function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+\.js)["']/g)) found.push(match[1]!);
  return found;
}

export function pageJavaScript(buildDir: string): PageJavaScript {
  const html = readFileSync(join(buildDir, 'index.html'), 'utf8');
  const roots = [
    ...[...html.matchAll(/<script\b[^>]*type="module"[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]!),
  ];
  const seen = new Set<string>();
  const queue = roots.map((src) => relative(buildDir, resolve(buildDir, src)));
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const code = readFileSync(join(buildDir, name), 'utf8');
    for (const specifier of staticImports(code)) queue.push(relative(buildDir, resolve(buildDir, dirname(name), specifier)));
  }
  const firstLoad = [...seen].map((name) => size(buildDir, name));
  const lazy = allJs(buildDir)
    .filter((name) => !seen.has(name))
    .sort()
    .map((name) => size(buildDir, name));
  return { firstLoad, lazy };
}

export const sum = (chunks: readonly ChunkSize[], key: 'raw' | 'gzip') => chunks.reduce((total, chunk) => total + chunk[key], 0);
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
