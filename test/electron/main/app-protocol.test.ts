import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appResponseHeaders, resolveAppRequest } from '../../../electron/main/app-protocol.ts';

const ROOT = '/opt/kiosk/out/renderer';
const resolve = (pathAndQuery: string) => resolveAppRequest(`app://kiosk${pathAndQuery}`, ROOT);

describe('resolveAppRequest: what app://kiosk/ serves', () => {
  it.each([
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['/index.html?lang=es#/welcome', 'index.html', 'text/html; charset=utf-8'],
    ['/assets/index-Hf3.js', 'assets/index-Hf3.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-S5.css', 'assets/index-S5.css', 'text/css; charset=utf-8'],
    ['/assets/roboto-latin-400.woff2', 'assets/roboto-latin-400.woff2', 'font/woff2'],
    ['/assets/roboto.woff', 'assets/roboto.woff', 'font/woff'],
    ['/favicon.svg', 'favicon.svg', 'image/svg+xml'],
    ['/logo.png', 'logo.png', 'image/png'],
    ['/favicon.ico', 'favicon.ico', 'image/x-icon'],
    ['/locales/es.json', 'locales/es.json', 'application/json; charset=utf-8'],
    ['/robots.txt', 'robots.txt', 'text/plain; charset=utf-8'],
    ['/assets/a%20b.js', 'assets/a b.js', 'text/javascript; charset=utf-8'],
  ])('%s → %s', (url, file, contentType) => {
    expect(resolve(url)).toEqual({ ok: true, filePath: path.join(ROOT, file), contentType });
  });

  it('keeps a URL whose dot segments the URL parser already folded inside the root', () => {
    expect(resolve('/%2e%2e/%2e%2e/etc/passwd.txt')).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'etc/passwd.txt'),
      contentType: 'text/plain; charset=utf-8',
    });
  });

  it.each([
    ['an encoded slash after ..', '/..%2f..%2fetc%2fpasswd.txt', 403, 'traversal'],
    ['an encoded slash inside assets', '/assets/..%2F..%2F..%2Fetc/shadow.txt', 403, 'traversal'],
    ['a backslash', '/assets/..\\..\\win.ini.txt', 403, 'forbidden-path'],
    ['an encoded backslash', '/assets/..%5c..%5cwin.txt', 403, 'forbidden-path'],
    ['a NUL byte', '/index.html%00.js', 403, 'forbidden-path'],
    ['a control character', '/index%0a.html', 403, 'forbidden-path'],
    ['a drive letter', '/C:/Windows/win.ini.txt', 403, 'forbidden-path'],
    ['an encoded colon', '/C%3a/Windows/system.txt', 403, 'forbidden-path'],
    ['a dot-file', '/.vite/manifest.json', 403, 'forbidden-path'],
    ['a malformed escape', '/%E0%A4%A.js', 400, 'malformed-escape'],
    ['a lone percent', '/100%.js', 400, 'malformed-escape'],
    ['an unknown file type', '/assets/payload.exe', 404, 'not-found'],
    ['a source map', '/assets/index.js.map', 404, 'not-found'],
    ['a directory', '/assets/', 404, 'not-found'],
    ['an empty segment', '/assets//index.js', 404, 'not-found'],
    ['no extension', '/LICENSE', 404, 'not-found'],
  ])('refuses %s (%s)', (_label, url, status, reason) => {
    expect(resolve(url)).toEqual({ ok: false, status, reason });
  });

  it.each(['app://kiosk.evil/index.html', 'app://evil@kiosk/index.html', 'https://kiosk/index.html', 'file:///etc/passwd', 'nonsense'])(
    'refuses the foreign URL %s',
    (url) => {
      expect(resolveAppRequest(url, ROOT)).toEqual({ ok: false, status: 403, reason: 'foreign-origin' });
    },
  );
});

// Pieces an attacker would combine: dots in every spelling, separators, drive letters, NUL.
const hostileSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E%2e',
    '.%2e',
    '%2e.',
    '..%2f',
    '..%2F..',
    '%2f',
    '%5c',
    '\\',
    '..\\',
    '%00',
    '%252e%252e',
    'C:',
    '%3a',
    '~',
    'assets',
    'index.html',
    'a.js',
    'x.css',
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const hostilePath = fc
  .array(hostileSegment, { maxLength: 8 })
  .chain((parts) =>
    fc
      .array(fc.constantFrom('/', '', '%2f'), { minLength: parts.length, maxLength: parts.length })
      .map((seps) => parts.map((p, i) => `${seps[i]}${p}`).join('')),
  );

describe('resolveAppRequest never escapes the renderer root (property)', () => {
  for (const [name, impl, root] of [
    ['POSIX', path.posix, '/opt/kiosk/out/renderer'],
    ['Windows', path.win32, 'C:\\Program Files\\Kiosco\\resources\\app.asar\\out\\renderer'],
  ] as const) {
    it(`on ${name} paths`, () => {
      fc.assert(
        fc.property(hostilePath, (p) => {
          const result = resolveAppRequest(`app://kiosk/${p}`, root, impl);
          if (result.ok) expect(result.filePath.startsWith(root + impl.sep)).toBe(true);
        }),
        { numRuns: 3000 },
      );
    });
  }
});

describe('app:// scheme and response headers', () => {
  it('registers a standard, secure scheme that cannot bypass the CSP or be read cross-origin', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, corsEnabled: false });
  });

  it('puts the CSP and nosniff on every response, refusals included', () => {
    expect(appResponseHeaders("default-src 'self'", 'text/html; charset=utf-8')).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'self'",
      'X-Content-Type-Options': 'nosniff',
    });
    const refusal = appResponseHeaders("default-src 'self'");
    expect(refusal['Content-Security-Policy']).toBe("default-src 'self'");
    expect(refusal).not.toHaveProperty('Content-Type');
  });
});
