import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * How the browser host hands its launch token to a browser without putting it
 * on a command line (/proc/<pid>/cmdline is readable by every local user): a
 * small HTML file, mode 0600 in a directory of mode 0700, that forwards to the
 * host's launch address. Chromium is started on the file's path, which holds
 * no secret; whoever can read the file is the user who started the kiosk. The
 * host calls `write` again with a fresh token each time one is spent, so the
 * file always opens the kiosk once more, and a token seen anywhere else (a
 * history entry, a terminal scroll-back) is already dead.
 */
export const LAUNCH_PATH = '/__kiosk/launch';
const LAUNCH_FILE = 'launch.html';

/** The address the launch page forwards to: the host's launch path with one single-use token. */
export function launchAddress(hostUrl: string, token: string): string {
  const url = new URL(LAUNCH_PATH, hostUrl);
  url.searchParams.set('token', token);
  return url.href;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The launch page itself: a refresh (no script needed), and a link for a browser that does not follow it. */
export function launchPageHtml(address: string): string {
  const href = escapeHtml(address);
  return [
    '<!doctype html>',
    '<html lang="es-CL"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>Kiosco ClaveÚnica</title></head>',
    `<body><p><a href="${href}">Kiosco ClaveÚnica</a></p></body></html>`,
    '',
  ].join('\n');
}

/** The address in a launch page, as a test or a script reads it back; null if the text is not one. */
export function addressInLaunchPage(html: string): string | null {
  const match = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(html);
  return match ? match[1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))) : null;
}

export interface LaunchPage {
  /** The file's path: what Chromium and the "Kiosk UI:" line get. */
  readonly path: string;
  readonly url: string;
  write(address: string): void;
  remove(): void;
}

/**
 * A launch page in a fresh private directory under `parent` (mkdtemp makes it
 * 0700). Each write goes to a new 0600 file renamed over the old one, so a
 * reader never sees half a page.
 */
export function createLaunchPage(parent: string = tmpdir()): LaunchPage {
  const dir = mkdtempSync(join(parent, 'kiosk-launch-'));
  const path = join(dir, LAUNCH_FILE);
  let generation = 0;
  return {
    path,
    url: pathToFileURL(path).href,
    write(address) {
      generation += 1;
      const next = join(dir, `.${LAUNCH_FILE}.${generation}`);
      writeFileSync(next, launchPageHtml(address), { mode: 0o600, flag: 'wx' });
      renameSync(next, path);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
