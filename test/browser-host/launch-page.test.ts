import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressInLaunchPage, createLaunchPage, launchAddress, launchPageHtml } from '../../electron/browser-host/server/launch-page.ts';

describe('the launch page', () => {
  it('is a file only its owner can read, in a directory only its owner can enter', () => {
    const page = createLaunchPage(mkdtempSync(join(tmpdir(), 'launch-page-test-')));
    try {
      page.write(launchAddress('http://127.0.0.1:5174/', 'first-token'));
      expect(statSync(page.path).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(page.path)).mode & 0o777).toBe(0o700);
      expect(fileURLToPath(page.url)).toBe(page.path);
    } finally {
      page.remove();
    }
  });

  it('holds the newest address after each write, and nothing else in its directory', () => {
    const page = createLaunchPage(mkdtempSync(join(tmpdir(), 'launch-page-test-')));
    try {
      for (const token of ['one', 'two', 'three']) {
        page.write(launchAddress('http://127.0.0.1:5174/', token));
        expect(addressInLaunchPage(readFileSync(page.path, 'utf8'))).toBe(`http://127.0.0.1:5174/__kiosk/launch?token=${token}`);
        expect(statSync(page.path).mode & 0o777).toBe(0o600);
      }
      expect(readdirSync(dirname(page.path))).toEqual(['launch.html']);
    } finally {
      page.remove();
    }
  });

  it('forwards by a refresh to exactly the address it was given, whatever characters the address holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (token) => {
        const address = launchAddress('http://127.0.0.1:5174/', token);
        const html = launchPageHtml(address);
        expect(addressInLaunchPage(html)).toBe(address);
        expect(html.match(/<meta http-equiv="refresh"/g)).toHaveLength(1);
      }),
    );
  });
});
