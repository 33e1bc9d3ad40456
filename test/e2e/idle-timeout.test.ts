/**
 * The idle timeout, on a kiosk started with the shortest one the
 * configuration accepts (KIOSK_IDLE_TIMEOUT_S=15). The warning shows in the
 * last 30 s, so here it is up from the first screen of a session: the
 * session is driven through window.kiosk (as the screens would send it)
 * rather than by taps, which the modal warning rightly blocks.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent, SessionStep } from '../../electron/contract/session.ts';
import { insertCard, liftFinger, placeFinger, returnToWelcome, syntheticCitizens } from '../support/citizen-flow.ts';
import { type KioskScreen, LANGUAGES_UNDER_TEST, openKioskScreen, THEMES, WAIT_MS } from '../support/kiosk-screen.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { PROPER_NAMES } from '../../renderer/i18n/proper-names.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const IDLE_TIMEOUT_S = 15;

let kiosk: RunningKiosk;
let browser: Browser;
let screen: KioskScreen;
const audit = new ScreenAudit('idle-timeout');

beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_MODE: 'chileatiende', KIOSK_IDLE_TIMEOUT_S: String(IDLE_TIMEOUT_S) });
  ({ browser, screen } = await openKioskScreen(kiosk));
});

afterEach(async () => {
  await returnToWelcome(screen);
});

afterAll(async () => {
  audit.writeCoverage(kiosk?.output());
  await browser?.close();
  await kiosk?.stop();
});

function send(event: SessionEvent): Promise<void> {
  return screen.page.evaluate(async (e) => {
    const result = await window.kiosk!.session.send(e);
    if (!result.ok) throw new Error(`${e.type}: ${result.error.code}`);
  }, event);
}

async function waitForStep(step: SessionStep): Promise<void> {
  await expect.poll(async () => (await screen.snapshot()).step, { timeout: WAIT_MS }).toBe(step);
}

function warning() {
  return screen.page.getByRole('alertdialog', { name: screen.t('idleWarning.title'), exact: true });
}

describe(`a kiosk with KIOSK_IDLE_TIMEOUT_S=${IDLE_TIMEOUT_S}`, () => {
  it('wipes an idle session; the welcome screen then shows nothing of the citizen', async () => {
    const [citizen] = await syntheticCitizens(screen, 'ok', 1);
    await screen.tapButton('attract.start');
    await warning().waitFor({ timeout: WAIT_MS });
    await send({ type: 'continue' });
    await send({ type: 'consent.accept' });
    await waitForStep('card');
    await insertCard(screen, citizen!.run);
    await waitForStep('finger');
    await placeFinger(screen, citizen!.run);
    await waitForStep('email');
    await liftFinger(screen);
    await send({ type: 'email.submit', email: 'inactivo@example.cl', confirmation: 'inactivo@example.cl' });
    await send({ type: 'phone.submit', phone: '+56955512345' });
    await send({ type: 'password.generate', channel: 'email' });
    await screen.expectScreen('review.title');

    // The review screen names the citizen (first name, masked RUN), under the warning.
    const { citizen: shown } = await screen.snapshot();
    expect(shown).not.toBeNull();
    const named = new RegExp(`\\b${shown!.firstName}\\b`);
    expect(await screen.page.locator('body').innerText()).toMatch(named);
    expect(await screen.page.locator('body').innerText()).toContain(shown!.runMasked);
    await expect.poll(async () => warning().isVisible(), { timeout: WAIT_MS }).toBe(true);

    // Nobody touches the screen: the service wipes the session at the deadline.
    await screen.heading(PROPER_NAMES.product).waitFor({ timeout: IDLE_TIMEOUT_S * 1000 + WAIT_MS });
    await screen.expectWelcomeAfterSession();
    const after = await screen.snapshot();
    expect(after).toMatchObject({ step: 'idle', citizen: null, contact: null, sessionId: null, language: 'es-CL' });
    const text = await screen.page.locator('body').innerText();
    expect(text).not.toMatch(named);
    expect(text).not.toContain(shown!.runMasked);
    expect(text).not.toContain('inactivo');
    expect(await warning().count()).toBe(0);
    expect(await screen.page.evaluate(() => document.documentElement.lang)).toBe('es-CL');
  }, 90_000);

  it.each(THEMES)(
    'warns in every language (%s theme); "Continue" postpones the wipe, "End now" ends the session',
    async (theme) => {
      await screen.chooseLook({ language: 'es-CL', theme });
      await screen.tapButton('attract.start');
      for (const language of LANGUAGES_UNDER_TEST) {
        if (language !== screen.language) {
          await send({ type: 'language.select', language });
          screen.language = language;
        }
        await warning().waitFor({ timeout: WAIT_MS });
        await audit.check(screen, 'idle-warning', 'idle-warning');
      }
      const before = Date.parse((await screen.snapshot()).idleDeadline!);
      await warning()
        .getByRole('button', { name: screen.t('idleWarning.continue'), exact: true })
        .tap();
      await expect.poll(async () => Date.parse((await screen.snapshot()).idleDeadline!), { timeout: WAIT_MS }).toBeGreaterThan(before);
      await warning()
        .getByRole('button', { name: screen.t('idleWarning.end'), exact: true })
        .tap();
      await screen.expectWelcomeAfterSession();
      expect((await screen.snapshot()).step).toBe('idle');
    },
    90_000,
  );
});
