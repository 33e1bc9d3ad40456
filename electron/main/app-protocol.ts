import nodePath from 'node:path';
import type { Privileges } from 'electron';
import { CONTENT_TYPES } from '../../common/content-types.ts';
import { isAppUrl } from './url-guard.ts';

/**
 * Decides which file of the built renderer an app:// request maps to (the
 * custom-protocol pattern of reference §1.2, item 18: never file://). Pure:
 * it never touches the disk; the protocol handler in index.ts reads the file.
 */
/**
 * Privileges of the app:// scheme, registered before `ready`. `standard` gives
 * it a real origin (app://kiosk), so 'self' in the CSP and relative URLs work;
 * `secure` makes it a secure context. `corsEnabled` stays off on purpose: the
 * page's module scripts are same-origin, and without it no other origin can
 * read app:// responses (electron/electron#52912). `bypassCSP` stays off so the
 * CSP header below always applies.
 */
export const APP_SCHEME_PRIVILEGES: Privileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
};

export type AppRefusalReason = 'foreign-origin' | 'malformed-escape' | 'forbidden-path' | 'traversal' | 'not-found';

export type AppRequestResolution =
  | { readonly ok: true; readonly filePath: string; readonly contentType: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: AppRefusalReason };

const refuse = (status: 400 | 403 | 404, reason: AppRefusalReason): AppRequestResolution => ({ ok: false, status, reason });

// NUL and other control characters, backslashes (a separator on Windows) and
// colons (drive letters, NTFS streams) have no business in a renderer asset path.
function hasForbiddenCharacter(text: string): boolean {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || ch === '\\' || ch === ':') return true;
  }
  return false;
}

/**
 * `pathImpl` is injectable so the tests can run the Windows rules on Linux.
 */
export function resolveAppRequest(url: string, rendererRoot: string, pathImpl: typeof nodePath = nodePath): AppRequestResolution {
  if (!isAppUrl(url)) return refuse(403, 'foreign-origin');
  const { pathname } = new URL(url);

  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return refuse(400, 'malformed-escape');
  }
  if (hasForbiddenCharacter(pathname) || hasForbiddenCharacter(decoded)) return refuse(403, 'forbidden-path');

  // The URL parser already removed literal `..` segments; these come from
  // escapes such as `..%2f` that only become separators once decoded.
  const segments = decoded === '/' ? ['index.html'] : decoded.replace(/^\//, '').split('/');
  if (segments.some((s) => s === '..' || s === '.')) return refuse(403, 'traversal');
  // Dot-files (.vite/manifest.json …) are build metadata, not app content.
  if (segments.some((s) => s.startsWith('.'))) return refuse(403, 'forbidden-path');
  if (segments.some((s) => s === '')) return refuse(404, 'not-found');

  const contentType = CONTENT_TYPES[pathImpl.extname(segments[segments.length - 1] ?? '').toLowerCase()];
  if (contentType === undefined) return refuse(404, 'not-found');

  const root = pathImpl.resolve(rendererRoot);
  const filePath = pathImpl.resolve(root, ...segments);
  // Belt and braces: whatever slipped past the checks above, never leave the root.
  const relative = pathImpl.relative(root, filePath);
  if (relative === '' || relative.startsWith('..') || pathImpl.isAbsolute(relative)) return refuse(403, 'traversal');
  return { ok: true, filePath, contentType };
}

/**
 * Headers of every app:// response, refusals included: the CSP must cover
 * whatever the renderer could ever load, and nosniff stops a file served with
 * the wrong type from being run as script.
 */
export function appResponseHeaders(contentSecurityPolicy: string, contentType?: string): Record<string, string> {
  return {
    ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}
