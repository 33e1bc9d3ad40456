/**
 * One voice: the kiosk says "tú" on screen and on the
 * receipt, names the zone of the times it prints, offers one way out where
 * two buttons did the same thing, ends a failure with "Volver al inicio" and
 * never translates "ClaveÚnica" or "Gobierno de Chile". Civil Digital on
 * simulated devices and the embedded central, driven by touch in Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { finish, insertCard, liftFinger, placeFinger, returnToWelcome, syntheticCitizens, toCardStep, type SyntheticCitizen } from '../support/citizen-flow.ts';
import { type KioskScreen, type Look, LANGUAGES_UNDER_TEST, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { eventually, receiptTranscripts } from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ustedForm } from '../support/spanish-register.ts';

const FLOW_TIMEOUT_MS = 120_000;
const looks: Look[] = LANGUAGES_UNDER_TEST.map((language) => ({ language, theme: 'normal' }));

let kiosk: RunningKiosk;
let browser: Browser;
let screen: KioskScreen;
let canEnroll: SyntheticCitizen[];
let expiredCards: SyntheticCitizen[];

beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_MODE: 'civil-digital' });
  ({ browser, screen } = await openKioskScreen(kiosk));
  canEnroll = await syntheticCitizens(screen, 'ok', 2);
  expiredCards = await syntheticCitizens(screen, 'card_expired', 1);
});

afterEach(async () => {
  await returnToWelcome(screen);
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

/** The labels of the buttons in <main> and the bar below it, as a screen reader lists them. */
async function buttonNames(): Promise<string[]> {
  return screen.page.getByRole('button').evaluateAll((buttons) => buttons.map((b) => (b.textContent ?? '').trim()));
}

describe('wording', () => {
  it.each(looks)('keeps “Gobierno de Chile” and “ClaveÚnica” as names in $language, marked as Spanish for a screen reader', async (look) => {
    await screen.chooseLook(look);
    const government = screen.page.getByRole('banner').getByText('Gobierno de Chile', { exact: true });
    await government.waitFor({ timeout: WAIT_MS });
    expect(await government.getAttribute('lang')).toBe('es');
    expect(await screen.page.getByRole('heading', { level: 1 }).innerText()).toBe('ClaveÚnica');
    expect(await screen.page.locator('body').innerText()).not.toMatch(/Government of Chile|Gouvènman Chili/);
  });

  it.each(looks)('offers one way out of the consent in $language: its own decline, no Cancel beside it', async (look) => {
    await toCardStepUntilConsent(look);
    const names = await buttonNames();
    expect(names).toContain(screen.t('consent.decline'));
    expect(names).not.toContain(screen.t('session.cancel'));
    await screen.tapButton('consent.decline');
    await screen.expectWelcomeAfterSession();
  });

  it(
    'ends a failure with “Volver al inicio”, not a ✓ “Terminar”',
    async () => {
      await toCardStep(screen, looks[0]!);
      await insertCard(screen, expiredCards.shift()!.run);
      await screen.expectScreen('failureTitle.card_expired');
      const names = await buttonNames();
      expect(names).toContain('Volver al inicio');
      expect(names).not.toContain(screen.t('session.finish'));
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'prints the receipt in “tú”, with the expiry’s zone by name',
    async () => {
      const citizen = canEnroll.shift()!;
      await toCardStep(screen, looks[0]!);
      const printedBefore = receiptTranscripts(kiosk).length;
      await insertCard(screen, citizen.run);
      await screen.expectScreen('finger.title');
      await placeFinger(screen, citizen.run);
      await screen.expectScreen('codePrinted.title');
      await liftFinger(screen);
      const receipt = await eventually(() => receiptTranscripts(kiosk).slice(printedBefore).at(-1), 'the receipt transcript');
      expect(receipt).toContain('Crea tu contraseña');
      expect(receipt).toContain('(hora de Chile continental)');
      expect(ustedForm(receipt)).toBeNull();
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});

/** Welcome → session welcome → consent, in a look. */
async function toCardStepUntilConsent(look: Look): Promise<void> {
  await screen.chooseLook(look);
  await screen.tapButton('attract.start');
  await screen.expectScreen('sessionWelcome.title');
  await screen.tapButton('session.continue');
  await screen.expectScreen('consent.title');
}
