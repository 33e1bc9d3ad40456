import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { CONTENT_TYPES } from '../../../common/content-types.ts';

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * The renderer build, read once at start-up into a table keyed by URL path.
 * Only files that were in the build directory can ever be served, so there is
 * no path to traverse; a rebuilt renderer needs a restarted host.
 */
export function loadStaticFiles(rootDir: string, extra: Readonly<Record<string, StaticFile>> = {}): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const contentType = CONTENT_TYPES[extname(entry.name).toLowerCase()];
        if (!contentType || entry.name.endsWith('.map')) continue;
        files.set(`/${relative(rootDir, full).split(sep).join('/')}`, { body: readFileSync(full), contentType });
      }
    }
  };
  walk(rootDir);
  for (const [path, file] of Object.entries(extra)) files.set(path, file);
  return files;
}

export const BRIDGE_PATH = '/__kiosk/bridge.js';

/**
 * Puts the bridge script ahead of the renderer's module script, so
 * window.kiosk exists before the app runs (classic scripts execute before
 * deferred module scripts). It is a same-origin file: the CSP stays strict.
 */
export function injectBridge(indexHtml: string, dev: boolean): string {
  const tag = `<script src=".${BRIDGE_PATH}" data-kiosk-dev="${dev ? '1' : '0'}"></script>`;
  const at = indexHtml.search(/<script\b/i);
  if (at >= 0) return `${indexHtml.slice(0, at)}${tag}\n    ${indexHtml.slice(at)}`;
  const head = indexHtml.search(/<\/head>/i);
  if (head < 0) throw new Error('renderer index.html has neither a script nor a </head>');
  return `${indexHtml.slice(0, head)}${tag}\n${indexHtml.slice(head)}`;
}
