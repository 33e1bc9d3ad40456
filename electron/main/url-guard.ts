/**
 * URL and input decisions of the lockdown (reference §1.2 "Navigation",
 * "IPC sender validation"; §1.4 "Input"). Pure: no Electron import.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(url: string | null | undefined): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for app://kiosk/… with nothing else in the authority. Parsed and
 * compared field by field, never with startsWith: `app://kiosk.evil/`,
 * `app://kiosk@evil/` and `app://evil@kiosk/` all share the prefix.
 * Chromium canonicalises the host of a standard scheme to lower case before
 * Electron reports it, so a mixed-case host is refused rather than folded.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The scheme of a URL for a log line: never the rest, which may carry data. */
export function schemeOf(url: string): string {
  return parse(url)?.protocol ?? '(invalid)';
}

/**
 * will-navigate / will-frame-navigate / will-redirect. The kiosk is a single
 * page and main loads it itself (loadURL emits none of these events), so the
 * only navigation it could ever want is a fragment change inside the page.
 * Chromium does not report those, so in practice every navigation is denied;
 * Actual Budget blocks both events outright for the same reason.
 */
export function shouldAllowNavigation(targetUrl: string, currentUrl: string): boolean {
  if (!isAppUrl(targetUrl) || !isAppUrl(currentUrl)) return false;
  const target = new URL(targetUrl);
  const current = new URL(currentUrl);
  // Same URL without a fragment is a reload, which would wipe the citizen's screen.
  return target.hash !== '' && target.pathname === current.pathname && target.search === current.search;
}

/**
 * IPC sender validation (Electron security checklist, item 17): only the top
 * frame of our own page may call window.kiosk. `frameUrl` is null when the
 * frame has gone away (navigated or destroyed) since it sent the message.
 */
export function isTrustedSender(frameUrl: string | null | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(frameUrl);
}

export interface KeyInput {
  readonly key: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}

/** Keys whose only purpose in a browser is to act on the browser, not the page. */
const BROWSER_KEYS = new Set(['ContextMenu', 'Help', 'Print', 'Find', 'Open', 'Save', 'Close', 'New', 'Props', 'Select']);
const BROWSER_KEY_PREFIXES = ['Browser', 'Launch', 'Zoom'];

/**
 * before-input-event: deny by default every combination that Chromium or the
 * window manager may treat as an accelerator (reload F5 / Ctrl+R, devtools
 * F12 / Ctrl+Shift+I, zoom Ctrl+±/0, print, find, Ctrl+W/Q/N/O/S, Alt+F4,
 * Alt+Left "back" …), rather than listing them: the list changes between
 * Chromium versions. Blocking Ctrl also blocks the clipboard shortcuts, which
 * is wanted: a clipboard that outlives a session could carry one citizen's
 * data to the next. Plain keys, Shift, arrows, Enter, Tab, Backspace and
 * Escape pass, so a technician's keyboard and a tactile keypad still work.
 * OS-level combinations (Ctrl+Alt+Del, Alt+Tab) never reach the page: those
 * are the compositor's job (cage / Shell Launcher, reference §1.4).
 */
export function isBlockedInput(input: KeyInput): boolean {
  const { key } = input;
  if (/^F\d{1,2}$/.test(key)) return true;
  if (BROWSER_KEYS.has(key) || BROWSER_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))) return true;
  if (input.meta) return true;
  // AltGr arrives as Ctrl+Alt on Windows; it types '@', '#', '€' … on Spanish
  // keyboards, and Chromium binds no accelerator to Ctrl+Alt+<character>.
  if (input.control && input.alt) return [...key].length !== 1;
  return input.control || input.alt;
}
