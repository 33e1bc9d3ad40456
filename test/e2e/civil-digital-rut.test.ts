/**
 * Issue 14 item 7, Civil Digital by RUT: on the card step the citizen taps
 * "Ingresar mi RUT", types the RUT on a keypad with K, is told at once when
 * the check digit does not match (Continue stays disabled), fixes it, gives
 * the finger, and central (RUN + finger, no card) lets the kiosk print the
 * code. ChileAtiende stays card and finger: its card step offers no RUT.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCheckDigit } from '../../common/run.ts';
import { finish, liftFinger, placeFinger, returnToWelcome, syntheticCitizens, toCardStep } from '../support/citizen-flow.ts';
import { type KioskScreen, type Look, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { ACTIVATION_CODE, eventually, receiptTranscripts } from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const LOOK: Look = { language: 'es-CL', theme: 'normal' };
const FLOW_TIMEOUT_MS = 120_000;

/** Taps the RUT keypad's keys for `typed` (digits and K), by their accessible names. */
async function typeRut(screen: KioskScreen, typed: string): Promise<void> {
  const keypad = screen.page.getByRole('group', { name: screen.t('keyboard.label'), exact: true });
  for (const key of typed) await keypad.getByRole('button', { name: key, exact: true }).tap({ timeout: WAIT_MS });
}

async function backspace(screen: KioskScreen): Promise<void> {
  const keypad = screen.page.getByRole('group', { name: screen.t('keyboard.label'), exact: true });
  await keypad.getByRole('button', { name: screen.t('keyboard.names.backspace'), exact: true }).tap({ timeout: WAIT_MS });
}

describe('Civil Digital: "Ingresar mi RUT" at the card step', () => {
  let kiosk: RunningKiosk;
  let browser: Browser;
  let screen: KioskScreen;
  const audit = new ScreenAudit('civil-digital-rut');

  beforeAll(async () => {
    kiosk = await startKiosk({ KIOSK_MODE: 'civil-digital' });
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

  it(
    'a wrong check digit is told at once with Continue disabled; fixed, the finger gives a printed code',
    async () => {
      const [citizen] = await syntheticCitizens(screen, 'ok', 1);
      const digits = citizen!.run.replace(/[.\s]/g, '').split('-')[0]!;
      const right = runCheckDigit(Number(digits));
      const wrong = right === '0' ? '1' : '0';
      const flow = 'civil-digital-rut';

      await toCardStep(screen, LOOK);
      await screen.tapButton('card.typeRun');
      await screen.expectScreen('card.runTitle');
      const continueButton = screen.button('session.continue');
      expect(await continueButton.isDisabled()).toBe(true);

      await typeRut(screen, `${digits}${wrong}`);
      const field = screen.field('card.runLabel');
      // Shown as the card prints it, dots and hyphen added by the keypad.
      await expect.poll(() => field.inputValue()).toBe(`${digits.replace(/\B(?=(\d{3})+$)/g, '.')}-${wrong}`);
      const message = screen.page.getByRole('main').getByText(screen.t('card.runCheckDigit'), { exact: true });
      await message.waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await continueButton.isDisabled()).toBe(true);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await audit.check(screen, flow, 'rut-wrong-check-digit');

      await backspace(screen);
      await typeRut(screen, right);
      await message.waitFor({ state: 'detached', timeout: WAIT_MS });
      await screen.page.getByRole('main').getByText(screen.t('card.runValid'), { exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });
      await audit.check(screen, flow, 'rut-valid');

      const printedBefore = receiptTranscripts(kiosk).length;
      await screen.tapButton('session.continue');
      await screen.expectScreen('finger.title');
      const { citizen: shown } = await screen.snapshot();
      expect(shown).toMatchObject({ firstName: null });
      await placeFinger(screen, citizen!.run);
      await screen.expectScreen('codePrinted.title');
      const receipt = await eventually(() => receiptTranscripts(kiosk).slice(printedBefore).at(-1), 'the receipt transcript');
      expect(receipt).toMatch(ACTIVATION_CODE);
      await liftFinger(screen);
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('ChileAtiende: card and finger only', () => {
  let kiosk: RunningKiosk;
  let browser: Browser;
  let screen: KioskScreen;

  beforeAll(async () => {
    kiosk = await startKiosk({ KIOSK_MODE: 'chileatiende' });
    ({ browser, screen } = await openKioskScreen(kiosk));
  });
  afterEach(async () => {
    await returnToWelcome(screen);
  });
  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
  });

  it(
    'the card screen offers no RUT entry, and the service refuses a typed RUN',
    async () => {
      await toCardStep(screen, LOOK);
      expect(
        await screen.page
          .getByRole('main')
          .getByRole('button', { name: screen.t('card.typeRun'), exact: true })
          .count(),
      ).toBe(0);
      const refused = await screen.page.evaluate(async () => window.kiosk!.session.send({ type: 'run.submit', run: '15.234.871-1' }));
      expect(refused.ok ? null : refused.error.code).toBe('session.event_not_allowed');
      expect((await screen.snapshot()).step).toBe('card');
    },
    FLOW_TIMEOUT_MS,
  );
});
