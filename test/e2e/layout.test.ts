/**
 * Every control within reach on the 1080×1920 portrait screen: a step's actions sit in an action area that is always on screen
 * above the control bar, whatever the length of the content and at either
 * text size; long content scrolls on its own, under a "more below" cue that
 * goes away at the end. Checked where it used to fail: the consent's
 * actions lay behind the control bar, and so did Terminar on the
 * code-on-screen step. Also the control bar itself: every group's buttons
 * on one baseline in every language.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { finish, insertCard, liftFinger, placeFinger, returnToWelcome, syntheticCitizens, type SyntheticCitizen } from '../support/citizen-flow.ts';
import { type KioskScreen, LANGUAGES_UNDER_TEST, LARGE_TEXT_LOOKS, type Look, lookName, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const FLOW_TIMEOUT_MS = 120_000;
const NORMAL: Look = { language: 'es-CL', theme: 'normal', textSize: 'normal' };
const LARGE: Look = { language: 'es-CL', theme: 'normal', textSize: 'large' };

let kiosk: RunningKiosk;
let browser: Browser;
let screen: KioskScreen;
const audit = new ScreenAudit('layout');
let canEnroll: SyntheticCitizen[];

beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_MODE: 'civil-digital' });
  ({ browser, screen } = await openKioskScreen(kiosk));
  canEnroll = await syntheticCitizens(screen, 'ok', 1 + LARGE_TEXT_LOOKS.length);
});

afterEach(async () => {
  await returnToWelcome(screen);
});

afterAll(async () => {
  audit.writeCoverage(kiosk?.output());
  await browser?.close();
  await kiosk?.stop();
});

/** A finger could touch it as the screen stands: its centre on screen, and nothing on top of it there. Nothing is scrolled. */
function touchableAsItStands(control: Locator): Promise<string> {
  return control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) return `centre (${Math.round(x)}, ${Math.round(y)}) off screen`;
    const hit = document.elementFromPoint(x, y);
    if (hit !== null && (hit === element || element.contains(hit))) return 'touchable';
    return `centre (${Math.round(x)}, ${Math.round(y)}) covered by <${hit?.tagName.toLowerCase()} class="${hit?.className}">`;
  });
}

async function expectEveryButtonOfMainTouchable(): Promise<void> {
  const buttons = await screen.page.getByRole('main').getByRole('button').all();
  for (const button of buttons) {
    if (!(await button.isVisible())) continue;
    expect(await touchableAsItStands(button), `${await button.innerText()} (${lookName(screen.look)})`).toBe('touchable');
  }
}

/** The screen's own scrolling content (components/ScrollRegion.tsx). */
const scrollRegion = () => screen.page.locator('main [data-scroll-region]');

async function toConsent(look: Look): Promise<void> {
  await screen.chooseLook(look);
  await screen.tapButton('attract.start');
  await screen.expectScreen('sessionWelcome.title');
  await screen.tapButton('session.continue');
  await screen.expectScreen('consent.title');
}

describe.each([NORMAL, LARGE])('the consent at 1080×1920 ($language, $theme, text size $textSize)', (look) => {
  it(
    'shows Rechazar and Acepto (and every other action) on screen and touchable without scrolling; the text scrolls under a cue',
    async () => {
      await toConsent(look);
      expect(await touchableAsItStands(screen.button('consent.decline'))).toBe('touchable');
      expect(await touchableAsItStands(screen.button('consent.accept'))).toBe('touchable');
      await expectEveryButtonOfMainTouchable();
      await audit.check(screen, 'layout', 'consent');

      // The notice is longer than the room left at double size: the cue says so, and scrolls it a page at a time.
      const overflows = await scrollRegion().evaluate((region) => region.scrollHeight > region.clientHeight + 2);
      if (look.textSize === 'large') expect(overflows).toBe(true);
      const cue = screen.button('scrollCue.more');
      if (overflows) {
        await cue.waitFor({ state: 'visible', timeout: WAIT_MS });
        expect(await touchableAsItStands(cue)).toBe('touchable');
        // Without motion each tap scrolls at once, so the test waits on the position, not on an animation.
        await screen.page.emulateMedia({ reducedMotion: 'reduce' });
        const left = () =>
          scrollRegion().evaluate((region) => ({ top: region.scrollTop, below: region.scrollHeight - region.scrollTop - region.clientHeight }));
        for (let taps = 0; taps < 30 && (await left()).below > 2; taps++) {
          const { top } = await left();
          await cue.tap();
          await expect.poll(async () => (await left()).top, { timeout: WAIT_MS }).toBeGreaterThan(top);
        }
        expect((await left()).below).toBeLessThanOrEqual(2);
        await cue.waitFor({ state: 'hidden', timeout: WAIT_MS });
        await screen.page.emulateMedia({ reducedMotion: null });
      } else {
        expect(await cue.count()).toBe(0);
      }
      // Scrolled to the end, the actions are where they were.
      await expectEveryButtonOfMainTouchable();
      await screen.tapButton('consent.accept');
      await screen.expectScreen('card.title');
    },
    FLOW_TIMEOUT_MS,
  );
});

describe.each([NORMAL, ...LARGE_TEXT_LOOKS])('the code on screen (printer out of paper), in $language, $theme, text size $textSize', (look) => {
  it(
    'shows Terminar on screen and touchable without scrolling',
    async () => {
      const citizen = canEnroll.shift()!;
      await screen.devOk('printerFault', { fault: 'paperOut', on: true });
      try {
        await toConsent(look);
        await screen.tapButton('consent.accept');
        await screen.expectScreen('card.title');
        await insertCard(screen, citizen.run);
        await screen.expectScreen('finger.title');
        await placeFinger(screen, citizen.run);
        await screen.expectScreen('codeOnScreen.title');
        expect(await touchableAsItStands(screen.button('session.finish'))).toBe('touchable');
        await expectEveryButtonOfMainTouchable();
        await audit.check(screen, 'layout', 'code-on-screen');
        await liftFinger(screen);
        await finish(screen);
      } finally {
        await screen.devOk('printerFault', { fault: 'paperOut', on: false });
      }
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('the control bar at normal text size', () => {
  it.each(LANGUAGES_UNDER_TEST)('in %s, Help sits on its line with the buttons beside it, not below them', async (language) => {
    await screen.chooseLook({ language, theme: 'normal' });
    const boxes = await screen
      .controls()
      .locator('.control-row > button, .help-button')
      .evaluateAll((buttons) =>
        buttons.map((button) => {
          const box = button.getBoundingClientRect();
          return { name: (button as HTMLElement).innerText, top: Math.round(box.top), bottom: Math.round(box.bottom) };
        }),
      );
    const help = boxes.find(({ name }) => name.includes(screen.t('help.open')));
    expect(help).toBeDefined();
    // The buttons Help shares a line with (when the bar wraps, it may have one of its own).
    const beside = boxes.filter((box) => box !== help && box.top < help!.bottom && box.bottom > help!.top);
    for (const box of beside) expect(help!.bottom, JSON.stringify(boxes)).toBe(box.bottom);
  });
});
