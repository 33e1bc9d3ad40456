import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isTrustedSender, schemeOf, shouldAllowNavigation } from '../../../electron/main/url-guard.ts';

describe('isAppUrl (parsed and compared exactly, never startsWith)', () => {
  it.each(['app://kiosk/', 'app://kiosk/index.html', 'app://kiosk/assets/index-abc.js?v=1', 'app://kiosk/index.html#/welcome'])('accepts %s', (url) =>
    expect(isAppUrl(url)).toBe(true),
  );

  it.each([
    ['a look-alike host', 'app://kiosk.evil/'],
    ['a longer host', 'app://kiosk-evil/'],
    ['a trailing dot', 'app://kiosk./'],
    ['credentials pointing elsewhere', 'app://kiosk@evil/'],
    ['credentials in front of the host', 'app://evil@kiosk/'],
    ['a user and password', 'app://user:pass@kiosk/'],
    ['a port', 'app://kiosk:8080/'],
    ['another scheme, same host', 'https://kiosk/'],
    ['file://', 'file:///opt/kiosk/out/renderer/index.html'],
    ['javascript:', 'javascript:alert(1)//app://kiosk/'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['the host only as path', 'app:///kiosk/index.html'],
    ['no slashes', 'app:kiosk/index.html'],
    ['an upper-case host (Chromium lower-cases real ones)', 'app://KIOSK/'],
    ['the app URL inside a query', 'https://evil.example/?next=app://kiosk/'],
    ['a prefix trick', 'app://kiosk%2eevil/'],
    ['garbage', 'not a url'],
    ['empty', ''],
  ])('refuses %s (%s)', (_label, url) => expect(isAppUrl(url)).toBe(false));

  it('refuses a missing URL', () => {
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('shouldAllowNavigation (the kiosk is one page; main loads it itself)', () => {
  it('allows only a fragment change inside the same app page', () => {
    expect(shouldAllowNavigation('app://kiosk/index.html#/consent', APP_ENTRY_URL)).toBe(true);
  });

  it.each([
    ['an external site', 'https://example.org/'],
    ['another app page', 'app://kiosk/other.html'],
    ['the same page again (a reload)', APP_ENTRY_URL],
    ['the same page with a query', 'app://kiosk/index.html?x=1#a'],
    ['a look-alike origin', 'app://kiosk.evil/index.html#a'],
    ['file://', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
  ])('denies %s', (_label, url) => expect(shouldAllowNavigation(url, APP_ENTRY_URL)).toBe(false));

  it('denies everything once the window is not on the app page', () => {
    expect(shouldAllowNavigation('app://kiosk/index.html#a', 'https://example.org/')).toBe(false);
  });
});

describe('isTrustedSender (IPC sender validation)', () => {
  it('trusts only the top frame of the app page', () => {
    expect(isTrustedSender(APP_ENTRY_URL, true)).toBe(true);
    expect(isTrustedSender(APP_ENTRY_URL, false)).toBe(false);
    expect(isTrustedSender('https://example.org/', true)).toBe(false);
    expect(isTrustedSender('app://kiosk.evil/', true)).toBe(false);
    expect(isTrustedSender(null, true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });
});

describe('schemeOf (what a log line may say about a URL)', () => {
  it('keeps only the scheme', () => {
    expect(schemeOf('https://evil.example/?run=12345678-5')).toBe('https:');
    expect(schemeOf('nonsense')).toBe('(invalid)');
  });
});
