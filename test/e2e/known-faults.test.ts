/**
 * Known faults before the citizen invests time, and the lockout screen,
 * end to end: `npm start`'s browser host in Civil
 * Digital mode with simulated devices and the embedded central, in Chromium
 * (its clock in another zone than the kiosk's). A printer out of paper, a
 * central known to be down and an unplugged reader are told on the welcome
 * and consent screens, and the last two leave nothing to start; a locked
 * citizen sees when the lock lifts and prints the unlock procedure.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../renderer/i18n/format-date.ts';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { LANGUAGE_NAMES } from '../../renderer/i18n/languages.ts';
import {
  expectText,
  insertCard,
  liftFinger,
  placeFinger,
  returnToWelcome,
  syntheticCitizens,
  toCardStep,
  type SyntheticCitizen,
} from '../support/citizen-flow.ts';
import { type KioskScreen, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { eventually, receiptTranscripts, setCentralOutage } from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const FLOW_TIMEOUT_MS = 120_000;
const KIOSK_ZONE = 'America/Santiago';

let kiosk: RunningKiosk;
let browser: Browser;
let screen: KioskScreen;
const audit = new ScreenAudit('known-faults');
let citizens: SyntheticCitizen[];

beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_MODE: 'civil-digital' });
  ({ browser, screen } = await openKioskScreen(kiosk, { timezoneId: 'Asia/Tokyo' }));
  citizens = await syntheticCitizens(screen, 'ok', 4);
});

afterEach(async () => {
  await returnToWelcome(screen);
});

afterAll(async () => {
  audit.writeCoverage(kiosk?.output());
  await browser?.close();
  await kiosk?.stop();
});

/** What the service answers when asked to start anyway (the renderer is not the only guard). */
async function startRefusal(): Promise<string | null> {
  return screen.page.evaluate(async () => {
    const result = await window.kiosk!.session.start({ language: 'es-CL' });
    return result.ok ? null : result.error.code;
  });
}

const main = () => screen.page.getByRole('main');

describe('known faults, said before the citizen starts', () => {
  it(
    'printer out of paper: no printed receipt is promised; welcome, session welcome and consent say the code will be on screen',
    async () => {
      await screen.devOk('printerFault', { fault: 'paperOut', on: true });
      try {
        await expectText(screen, screen.t('kioskStatus.codeOnScreen'));
        await audit.check(screen, 'known-faults', 'welcome-printer-out');
        await screen.tapButton('attract.start');
        await screen.expectScreen('sessionWelcome.title');
        await expectText(screen, screen.t('sessionWelcome.outcome.civilDigitalOnScreen'));
        expect(await main().getByText(screen.t('sessionWelcome.outcome.civilDigital'), { exact: true }).count()).toBe(0);
        await screen.tapButton('session.continue');
        await screen.expectScreen('consent.title');
        await expectText(screen, screen.t('consent.codeOnScreen'));
        expect(await main().innerText()).not.toContain('comprobante impreso');
        await audit.check(screen, 'known-faults', 'consent-printer-out');
      } finally {
        await screen.devOk('printerFault', { fault: 'paperOut', on: false });
      }
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'central known down in Civil Digital: the welcome screen says no codes can be issued and where to go, with no Comenzar; the service refuses too',
    async () => {
      await setCentralOutage(kiosk, true);
      try {
        await screen.page.getByRole('heading', { level: 2, name: screen.t('kioskStatus.noCodes.title'), exact: true }).waitFor({ timeout: WAIT_MS });
        await expectText(screen, screen.t('kioskStatus.noCodes.where'));
        expect(await screen.button('attract.start').count()).toBe(0);
        await audit.check(screen, 'known-faults', 'welcome-central-down');
        expect(await startRefusal()).toBe('session.no_codes_now');
      } finally {
        await setCentralOutage(kiosk, false);
      }
      // Central answers again: the kiosk offers to start by itself.
      await screen.button('attract.start').waitFor({ timeout: WAIT_MS });
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'card reader unplugged: out of service in the citizen’s language, no Comenzar; the service refuses too; replugged, the welcome is back',
    async () => {
      await screen.devOk('unplug', { role: 'cardReader' });
      try {
        await screen.expectScreen('kioskStatus.outOfService.title');
        expect(await screen.page.getByRole('button', { name: screen.t('attract.start'), exact: true }).count()).toBe(0);
        expect(await startRefusal()).toBe('session.out_of_service');
        await screen.controls().getByRole('button', { name: LANGUAGE_NAMES.en, exact: true }).tap();
        screen.language = 'en';
        await screen.expectScreen('kioskStatus.outOfService.title');
        await expectText(screen, screen.t('kioskStatus.outOfService.where'));
        await audit.check(screen, 'known-faults', 'out-of-service');
      } finally {
        await screen.devOk('replug', { role: 'cardReader' });
      }
      await screen.button('attract.start').waitFor({ timeout: WAIT_MS });
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('lockout', () => {
  it(
    'says when the lock lifts, in the kiosk’s zone, and prints the unlock procedure on the receipt printer',
    async () => {
      const [citizen, stranger] = citizens as [SyntheticCitizen, SyntheticCitizen];
      await toCardStep(screen, { language: 'es-CL', theme: 'normal' });
      await insertCard(screen, citizen.run);
      await screen.expectScreen('finger.title');
      for (const left of [2, 1]) {
        await placeFinger(screen, stranger.run);
        await expectText(screen, screen.t(left === 1 ? 'finger.attemptsLeft_one' : 'finger.attemptsLeft_other', { count: left }));
        await liftFinger(screen);
      }
      await placeFinger(screen, stranger.run);
      await screen.expectScreen('failureTitle.locked');
      const liftsAt = (await screen.snapshot()).lock?.liftsAt;
      expect(liftsAt).toEqual(expect.any(String));
      const shown = screen.t('failed.lock.liftsAt', { date: formatDateTime(liftsAt!, CATALOGUES['es-CL'].dates, KIOSK_ZONE) });
      await expectText(screen, shown);
      await audit.check(screen, 'known-faults', 'failed-locked');

      const printedBefore = receiptTranscripts(kiosk).length;
      await screen.tapButton('failed.lock.print');
      await expectText(screen, screen.t('failed.lock.printed'));
      const slip = await eventually(() => receiptTranscripts(kiosk).slice(printedBefore).at(-1), 'the unlock procedure slip');
      expect(slip).toContain('Huella bloqueada');
      expect(slip).toContain('Registro Civil');
      const wall = new Intl.DateTimeFormat('en-GB', { timeZone: KIOSK_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(liftsAt!));
      expect(slip).toMatch(new RegExp(`, ${wall}\n.*\\(hora de Chile continental\\)`));
      // Nothing on the slip identifies the citizen.
      expect(slip).not.toContain(citizen.run);
      await liftFinger(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});
