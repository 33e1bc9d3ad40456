import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { unreachableControls } from './reachability.ts';

/**
 * The check ScreenAudit runs on every screen, against small pages that
 * stand in for a kiosk screen: a fixed control bar, a main that is (or is
 * not) a scrolling region, a modal dialog.
 */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 400, height: 600 } });
});

afterAll(async () => {
  await browser?.close();
});

const FOOTER = '<footer style="position:fixed;left:0;right:0;bottom:0;height:100px;background:#eee"><button>Language</button></footer>';

async function show(body: string): Promise<void> {
  await page.setContent(`<!doctype html><html><body style="margin:0">${body}</body></html>`);
}

describe('unreachableControls', () => {
  it('passes a screen whose controls are all in view and uncovered', async () => {
    await show(`<main><button>Accept</button> <a href="#x">Read</a></main>${FOOTER}`);
    expect(await unreachableControls(page)).toEqual([]);
  });

  it('names a button that lies behind the fixed control bar', async () => {
    await show(`<main><div style="height:540px"></div><button>Accept</button></main>${FOOTER}`);
    expect(await unreachableControls(page)).toEqual([
      expect.stringMatching(/^button "Accept": centre \(\d+, \d+\) is covered by footer .* in the control bar$/),
    ]);
  });

  it('names a button below the viewport when what holds it is not the scrolling content', async () => {
    await show('<main style="height:600px;overflow:auto"><div style="height:1000px"></div><button>Finish</button></main>');
    expect(await unreachableControls(page)).toEqual([expect.stringMatching(/^button "Finish": centre \(\d+, \d+\) outside the 400×600 viewport$/)]);
  });

  it('scrolls a control of the scrolling content into view, as a citizen would, and puts the scroll back', async () => {
    await show(`<main><div data-scroll-region style="height:500px;overflow:auto"><div style="height:1000px"></div><button>Edit</button></div></main>${FOOTER}`);
    expect(await unreachableControls(page)).toEqual([]);
    expect(await page.evaluate(() => document.querySelector('[data-scroll-region]')!.scrollTop)).toBe(0);
  });

  it('reports a control the scrolling content cannot bring out from under the control bar', async () => {
    await show(`<main><div data-scroll-region style="height:600px;overflow:auto"><div style="height:1000px"></div><button>Edit</button></div></main>${FOOTER}`);
    expect(await unreachableControls(page)).toEqual([expect.stringMatching(/^button "Edit": .* covered by .* \(scrolled into view\)$/)]);
  });

  it('leaves out disabled, hidden and visually hidden controls', async () => {
    await show(
      `<main><div style="height:540px"></div><button disabled>Wait</button><button hidden>Gone</button>` +
        `<input aria-label="Code" style="position:absolute;width:1px;height:1px;padding:0;border:0;clip-path:inset(50%)"></main>${FOOTER}`,
    );
    expect(await unreachableControls(page)).toEqual([]);
  });

  it('checks only the open modal dialog, which covers the screen by design', async () => {
    await show(`<main><button>Accept</button></main>${FOOTER}<dialog><button aria-label="Close help">×</button></dialog>`);
    await page.evaluate(() => document.querySelector('dialog')!.showModal());
    expect(await unreachableControls(page)).toEqual([]);
    await page.evaluate(() => {
      const close = document.querySelector('dialog button') as HTMLElement;
      close.style.cssText = 'position:fixed;top:2000px';
    });
    expect(await unreachableControls(page)).toEqual([expect.stringMatching(/^button "Close help": .* outside the 400×600 viewport$/)]);
  });
});
