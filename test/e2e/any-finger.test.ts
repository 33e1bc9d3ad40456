/**
 * Issue 14 item 8, "Any enrolled finger, and a way out", end to end in
 * Civil Digital: central tells the kiosk which fingers the card's holder has
 * enrolled; the hand diagram offers each as a named button; a citizen who
 * switches to the left index is verified with it. A citizen whose prints
 * cannot be read is told where to enroll in person (Registro Civil or
 * ChileAtiende, with the cédula) and prints those directions on the receipt
 * printer.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FingerName } from '../../common/fingers.ts';
import type { SessionSnapshot } from '../../electron/contract/session.ts';
import { finish, insertCard, liftFinger, placeFinger, returnToWelcome, syntheticCitizens, toCardStep, type SyntheticCitizen } from '../support/citizen-flow.ts';
import { type KioskScreen, type Look, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { eventually, receiptTranscripts } from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const SPANISH: Look = { language: 'es-CL', theme: 'normal' };
const ENGLISH: Look = { language: 'en', theme: 'high-contrast' };
const FLOW_TIMEOUT_MS = 120_000;
/** The seed enrolls both thumbs and both index fingers (central/storage/seed.ts). */
const ENROLLED: readonly FingerName[] = ['right-thumb', 'right-index', 'left-thumb', 'left-index'];
const NOT_ENROLLED: readonly FingerName[] = ['right-middle', 'right-ring', 'right-little', 'left-middle', 'left-ring', 'left-little'];
/** The simulated reader's poorest placements, which the kiosk's own quality check refuses (dry or blurred by turns). */
const UNREADABLE_QUALITY = 10;

let kiosk: RunningKiosk;
let browser: Browser;
let screen: KioskScreen;
const audit = new ScreenAudit('any-finger');
let citizens: SyntheticCitizen[];

beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_MODE: 'civil-digital' });
  ({ browser, screen } = await openKioskScreen(kiosk));
  citizens = await syntheticCitizens(screen, 'ok', 3);
});

afterEach(async () => {
  await returnToWelcome(screen);
});

afterAll(async () => {
  audit.writeCoverage(kiosk?.output());
  await browser?.close();
  await kiosk?.stop();
});

/** "Índice izquierdo": the catalogue's finger name as a button label. */
function fingerButtonName(finger: FingerName): string {
  const name = screen.t(`finger.names.${finger}`);
  return name.charAt(0).toLocaleUpperCase(screen.language) + name.slice(1);
}

function fingerButton(finger: FingerName) {
  return screen.page
    .getByRole('group', { name: screen.t('finger.chooseLabel'), exact: true })
    .getByRole('button', { name: fingerButtonName(finger), exact: true });
}

async function snapshotWhere(what: string, accept: (snapshot: SessionSnapshot) => boolean): Promise<SessionSnapshot> {
  return eventually(async () => {
    const snapshot = await screen.snapshot();
    return accept(snapshot) ? snapshot : undefined;
  }, what);
}

describe('any enrolled finger', () => {
  it(
    'the hand diagram offers only the enrolled fingers; the citizen switches to the left index and is verified with it',
    async () => {
      const citizen = citizens.shift()!;
      await toCardStep(screen, SPANISH);
      await insertCard(screen, citizen.run);
      await screen.expectScreen('finger.title');
      // Central's answer arrives beside the first capture: the right index is asked for and pressed.
      await fingerButton('right-index').waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await fingerButton('right-index').getAttribute('aria-pressed')).toBe('true');
      for (const finger of ENROLLED) expect(await fingerButton(finger).count(), finger).toBe(1);
      for (const finger of NOT_ENROLLED) expect(await screen.page.getByRole('button', { name: fingerButtonName(finger), exact: true }).count(), finger).toBe(0);
      await audit.check(screen, 'any-finger', 'finger-choice');

      await fingerButton('left-index').tap();
      await screen.page
        .getByRole('group', { name: screen.t('finger.chooseLabel'), exact: true })
        .getByRole('button', { name: fingerButtonName('left-index'), exact: true, pressed: true })
        .waitFor({ timeout: WAIT_MS });
      expect(await fingerButton('right-index').getAttribute('aria-pressed')).toBe('false');
      await screen.page
        .getByRole('main')
        .getByText(screen.t('finger.use', { finger: screen.t('finger.names.left-index') }), { exact: true })
        .waitFor({ timeout: WAIT_MS });
      expect((await screen.snapshot()).finger).toMatchObject({ name: 'left-index', enrolled: ENROLLED });

      // The reader is given the left index: central compares it with the left index's template, so only a switch
      // that reached central lets this citizen through.
      const printedBefore = receiptTranscripts(kiosk).length;
      await placeFinger(screen, citizen.run, undefined, 'left-index');
      await screen.expectScreen('codePrinted.title');
      await eventually(() => (receiptTranscripts(kiosk).length > printedBefore ? true : undefined), 'the activation receipt');
      await liftFinger(screen);
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'prints that cannot be read end with where to enroll in person, and the directions print on the receipt printer',
    async () => {
      const citizen = citizens.shift()!;
      await toCardStep(screen, ENGLISH);
      await insertCard(screen, citizen.run);
      await screen.expectScreen('finger.title');
      // Each poor placement is refused by the kiosk's own check; the finger is lifted before the next one.
      for (;;) {
        await placeFinger(screen, citizen.run, UNREADABLE_QUALITY);
        const after = await snapshotWhere(
          'the poor placement judged',
          (s) => s.step === 'failed' || (s.step === 'finger' && s.finger?.feedback === 'lift' && s.error !== null),
        );
        await liftFinger(screen);
        if (after.step === 'failed') break;
        await snapshotWhere('the finger lifted', (s) => s.step !== 'finger' || s.finger?.feedback === 'waiting');
      }
      await screen.expectScreen('failureTitle.finger_unreadable');
      const main = screen.page.getByRole('main');
      const guidance = main.getByRole('region', { name: screen.t('inPerson.title'), exact: true });
      await guidance.waitFor({ timeout: WAIT_MS });
      for (const key of ['inPerson.where', 'inPerson.bring', 'inPerson.find'])
        await guidance.getByText(screen.t(key), { exact: true }).waitFor({ timeout: WAIT_MS });
      const guidanceText = await guidance.innerText();
      expect(guidanceText).toContain('Registro Civil');
      expect(guidanceText).toContain('ChileAtiende');
      await audit.check(screen, 'any-finger', 'finger-unreadable');

      const printedBefore = receiptTranscripts(kiosk).length;
      await guidance.getByRole('button', { name: screen.t('inPerson.print'), exact: true }).tap();
      await guidance.getByText(screen.t('inPerson.printed'), { exact: true }).waitFor({ timeout: WAIT_MS });
      const slip = await eventually(() => receiptTranscripts(kiosk).slice(printedBefore).at(-1), 'the guidance slip');
      expect(slip).toContain('Get your ClaveÚnica in person');
      expect(slip).toContain('Registro Civil');
      expect(slip).toContain('ChileAtiende');
      expect(slip).toContain('identity card');
      expect(slip).not.toContain(citizen.run);
      await audit.check(screen, 'any-finger', 'finger-unreadable-printed');
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});
