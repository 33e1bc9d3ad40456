import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.KIOSK_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, kept off the closed network (see the README's test section). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
