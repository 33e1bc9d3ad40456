import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { waitUntilServiceAnswers } from './kiosk-screen.ts';

/**
 * The helper every e2e file relies on before its first command. A page stands in
 * for the kiosk: its window.kiosk.app.info answers service.unavailable (as the
 * host does while the service process starts) a set number of times, then ok.
 */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

function serviceReadyAfter(unavailableAnswers: number): Promise<void> {
  return page.evaluate((n) => {
    const w = window as unknown as { kiosk: unknown; infoCalls: number };
    w.infoCalls = 0;
    w.kiosk = {
      app: {
        info: async () =>
          ++w.infoCalls <= n
            ? { ok: false, error: { code: 'service.unavailable', messageKey: 'errors.serviceUnavailable', retryable: true } }
            : { ok: true, value: {} },
      },
    };
  }, unavailableAnswers);
}

const infoCalls = () => page.evaluate(() => (window as unknown as { infoCalls: number }).infoCalls);

describe('waitUntilServiceAnswers', () => {
  it('keeps asking while the host answers service.unavailable, and returns once the service answers', async () => {
    await serviceReadyAfter(3);
    await waitUntilServiceAnswers(page);
    expect(await infoCalls()).toBe(4);
    // The page's next command reaches the service.
    expect(await page.evaluate(async () => (await (window as unknown as { kiosk: { app: { info(): Promise<{ ok: boolean }> } } }).kiosk.app.info()).ok)).toBe(
      true,
    );
  });

  it('gives up with an error naming the cause when the service never answers', async () => {
    await serviceReadyAfter(Number.MAX_SAFE_INTEGER);
    await expect(waitUntilServiceAnswers(page, 1_000)).rejects.toThrow(/service\.unavailable/);
  });
});
