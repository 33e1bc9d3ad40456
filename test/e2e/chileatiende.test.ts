/**
 * ChileAtiende mode end to end (KIOSK_MODE=chileatiende): one-step
 * activation at the kiosk with email, phone and a password typed on the
 * on-screen keyboard, in every language and theme with axe-core on each
 * screen; a generated password delivered to the sandbox's mailbox; a
 * deferred enrollment while central is offline, delivered once it is back;
 * and the refusals central decides (password rules, an existing account,
 * age).
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectText,
  finish,
  insertCard,
  liftFinger,
  placeFinger,
  returnToWelcome,
  syntheticCitizens,
  toCardStep,
  type SyntheticCitizen,
} from '../support/citizen-flow.ts';
import { ALL_LOOKS, type KioskScreen, LARGE_TEXT_LOOKS, type Look, lookName, openKioskScreen } from '../support/kiosk-screen.ts';
import { accountChannel, embeddedCentral, eventually, mailbox, setCentralOutage } from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const FAILURE_LOOK: Look = { language: 'en', theme: 'high-contrast' };
const FLOW_TIMEOUT_MS = 120_000;
/** Long enough to pass central's rules (no RUN, no names, not common); typed one key at a time. */
const TYPED_PASSWORD = 'kiosco verde lejano';
/** The first words of central's activation notice in each language (central/domain/messages.ts). */
const ACTIVATED_NOTICE = { 'es-CL': 'Su ClaveÚnica quedó activa.', en: 'Your ClaveÚnica is now active.', ht: 'ClaveÚnica ou aktive kounye a.' } as const;

let kiosk: RunningKiosk;
let browser: Browser;
let screen: KioskScreen;
const audit = new ScreenAudit('chileatiende');
let canEnroll: SyntheticCitizen[];
const nextCitizen = () => canEnroll.shift()!;
let contactNumber = 0;

beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_MODE: 'chileatiende' });
  ({ browser, screen } = await openKioskScreen(kiosk));
  canEnroll = await syntheticCitizens(screen, 'ok', 12);
});

afterEach(async () => {
  await returnToWelcome(screen);
});

afterAll(async () => {
  audit.writeCoverage(kiosk?.output());
  await browser?.close();
  await kiosk?.stop();
});

/** A synthetic address and Chilean mobile per session, so each mailbox holds one citizen's messages. */
function contact(): { email: string; digits: string; phone: string } {
  contactNumber += 1;
  const digits = `5550${String(contactNumber).padStart(4, '0')}`;
  return { email: `e2e${contactNumber}@example.cl`, digits, phone: `+569${digits}` };
}

interface StepAudit {
  readonly flow: string;
  /** Audit every screen, or only those this flow adds. */
  readonly every: boolean;
}

/** Card and finger, then verified (online) or the deferred offer (offline). */
async function throughFinger(citizen: SyntheticCitizen, look: Look, steps: StepAudit, online: boolean): Promise<void> {
  await toCardStep(screen, look, steps.every ? { audit, flow: steps.flow } : undefined);
  await insertCard(screen, citizen.run);
  await screen.expectScreen('finger.title');
  if (steps.every) await audit.check(screen, steps.flow, 'finger');
  const verifying = screen.gate.holdAt('verifying');
  await placeFinger(screen, citizen.run);
  await verifying;
  await screen.expectScreen('working.verifying.title');
  if (steps.every) await audit.check(screen, steps.flow, 'verifying');
  screen.gate.release();
  await screen.expectScreen(online ? 'email.title' : 'deferredOffer.title');
  await liftFinger(screen);
}

/** Email twice and the phone's eight digits, typed on the on-screen keyboard. */
async function typeContact(steps: StepAudit & { suffix?: string }, details: { email: string; digits: string }): Promise<void> {
  const suffix = steps.suffix ?? '';
  await screen.expectScreen('email.title');
  if (steps.every) await audit.check(screen, steps.flow, `email${suffix}`);
  await screen.typeOnKeyboard(details.email);
  await screen.field('email.confirmationLabel').tap();
  await screen.typeOnKeyboard(details.email);
  expect(await screen.field('email.label').inputValue()).toBe(details.email);
  expect(await screen.field('email.confirmationLabel').inputValue()).toBe(details.email);
  await screen.tapButton('session.continue');
  await screen.expectScreen('phone.title');
  if (steps.every) await audit.check(screen, steps.flow, `phone${suffix}`);
  await screen.typeOnKeyboard(details.digits);
  await screen.tapButton('session.continue');
  await screen.expectScreen('password.title');
}

describe.each([...ALL_LOOKS, ...LARGE_TEXT_LOOKS])('ChileAtiende in $language, $theme, $textSize text', (look) => {
  it(
    'activates in one step with a password typed on the screen, every screen free of axe-core violations',
    async () => {
      const citizen = nextCitizen();
      const details = contact();
      const steps = { flow: 'chileatiende', every: true };
      await throughFinger(citizen, look, steps, true);
      await typeContact(steps, details);
      await audit.check(screen, steps.flow, 'password-choose');
      await screen.methodButton('password.typeOwn').tap();
      await screen.expectScreen('password.typeTitle');
      await screen.typeOnKeyboard(TYPED_PASSWORD);
      await audit.check(screen, steps.flow, 'password-typed');
      await screen.tapButton('password.submit');

      await screen.expectScreen('review.title');
      const { citizen: shown } = await screen.snapshot();
      expect(shown).not.toBeNull();
      await expectText(screen, screen.t('review.leadNamed', { name: shown!.firstName }));
      expect(await screen.page.getByRole('main').innerText()).toContain(shown!.runMasked);
      await audit.check(screen, steps.flow, 'review');
      const activating = screen.gate.holdAt('activating');
      await screen.tapButton('review.confirm');
      await activating;
      await screen.expectScreen('working.activating.title');
      await audit.check(screen, steps.flow, 'activating');
      screen.gate.release();

      await screen.expectScreen('activated.titleNamed', { name: shown!.firstName });
      await expectText(screen, screen.t('activated.next.typed'));
      await audit.check(screen, steps.flow, 'activated');
      const central = embeddedCentral(kiosk);
      expect(accountChannel(central, citizen.run)).toBe('one-step');
      // The password itself never travels by mail: only the notice that the account is active.
      const messages = await mailbox(central, details.email);
      expect(messages.map((m) => m.kind)).toEqual(['account_activated']);
      // Written in the language the citizen used at the kiosk.
      expect(messages[0]!.body).toContain(ACTIVATED_NOTICE[look.language]);
      expect(messages.map((m) => m.body).join('\n')).not.toContain(TYPED_PASSWORD);
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});

describe('ChileAtiende', () => {
  it(
    'activates with a random password that the sandbox mailbox holds for the citizen',
    async () => {
      const citizen = nextCitizen();
      const details = contact();
      const steps = { flow: 'chileatiende-generated', every: false };
      const look: Look = { language: 'es-CL', theme: 'normal' };
      await throughFinger(citizen, look, steps, true);
      await typeContact(steps, details);
      await screen.methodButton('password.byEmail').tap();
      await screen.expectScreen('review.title');
      await expectText(screen, screen.t('review.methods.email'));
      await audit.check(screen, steps.flow, 'review-generated');
      await screen.tapButton('review.confirm');
      await screen.expectScreen('activated.titleNamed', { name: (await screen.snapshot()).citizen!.firstName });
      await expectText(screen, screen.t('activated.next.email'));
      await audit.check(screen, steps.flow, 'activated-generated');

      const central = embeddedCentral(kiosk);
      expect(accountChannel(central, citizen.run)).toBe('one-step');
      const delivered = (await mailbox(central, details.email)).find((m) => m.kind === 'generated_password');
      expect(delivered?.channel).toBe('email');
      const password = /contraseña es: (\S+)/.exec(delivered?.body ?? '')?.[1];
      expect(password, delivered?.body).toBeDefined();
      expect(password!.length).toBeGreaterThanOrEqual(8);
      // Nothing of it reached the kiosk's screen.
      expect(await screen.page.locator('body').innerText()).not.toContain(password);
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});

describe(`ChileAtiende offline and refusals (audited in ${lookName(FAILURE_LOOK)})`, () => {
  it(
    'with central offline, takes a deferred enrollment with a generated password, which central completes once it is back',
    async () => {
      const citizen = nextCitizen();
      const details = contact();
      const steps = { flow: 'chileatiende-deferred', every: true, suffix: '-deferred' };
      const central = embeddedCentral(kiosk);
      await setCentralOutage(kiosk, true);
      try {
        await throughFinger(citizen, FAILURE_LOOK, { flow: steps.flow, every: false }, false);
        await audit.check(screen, steps.flow, 'deferred-offer');
        await screen.tapButton('deferredOffer.accept');
        await typeContact(steps, details);
        // A typed password would have to wait on the kiosk's disk: only a generated one is offered.
        await expectText(screen, screen.t('password.deferredNote'));
        expect(await screen.methodButton('password.typeOwn').count()).toBe(0);
        await audit.check(screen, steps.flow, 'password-deferred');
        await screen.methodButton('password.bySms').tap();
        await screen.expectScreen('review.title');
        await expectText(screen, screen.t('review.deferredNote'));
        await audit.check(screen, steps.flow, 'review-deferred');
        const deferring = screen.gate.holdAt('deferring');
        await screen.tapButton('review.confirmDeferred');
        await deferring;
        await screen.expectScreen('working.deferring.title');
        await audit.check(screen, steps.flow, 'deferring');
        screen.gate.release();
        await screen.expectScreen('deferred.title');
        await audit.check(screen, steps.flow, 'deferred');
        await finish(screen);
        expect(accountChannel(central, citizen.run)).toBeUndefined();
      } finally {
        await setCentralOutage(kiosk, false);
      }
      // The sealed enrollment leaves the outbox; central verifies the finger and sends the password by SMS.
      expect(await eventually(() => accountChannel(central, citizen.run), 'the deferred enrollment to reach central', 60_000)).toBeDefined();
      const sms = await eventually(
        async () => (await mailbox(central, details.phone)).find((m) => m.kind === 'generated_password'),
        'the SMS with the password',
      );
      expect(sms.channel).toBe('sms');
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'a password central refuses comes back to the password step with the broken rules',
    async () => {
      const citizen = nextCitizen();
      const details = contact();
      await throughFinger(citizen, FAILURE_LOOK, { flow: 'chileatiende-failures', every: false }, true);
      await typeContact({ flow: 'chileatiende-failures', every: false }, details);
      await screen.methodButton('password.typeOwn').tap();
      await screen.expectScreen('password.typeTitle');
      await screen.typeOnKeyboard('password');
      await screen.tapButton('password.submit');
      await screen.expectScreen('review.title');
      await screen.tapButton('review.confirm');
      await expectText(screen, screen.t('errors.passwordRejected'));
      await audit.check(screen, 'chileatiende-failures', 'password-rejected');
      const { passwordFailedRules, step } = await screen.snapshot();
      expect(step).toBe('password');
      expect(passwordFailedRules).toContain('not_common');
      // The step comes back on the typing view, where the broken rules are marked in the checklist.
      await screen.expectScreen('password.typeTitle');
      await expectText(screen, screen.t('password.ruleState.rejected'));
      await audit.check(screen, 'chileatiende-failures', 'password-rejected-rules');
    },
    FLOW_TIMEOUT_MS,
  );

  it.each([
    { scenario: 'has_account', failure: 'already_enrolled' },
    { scenario: 'under_age', failure: 'under_age' },
  ] as const)(
    'a citizen whose scenario is $scenario ends on the $failure screen',
    async ({ scenario, failure }) => {
      const [citizen] = await syntheticCitizens(screen, scenario, 1);
      await toCardStep(screen, FAILURE_LOOK);
      await insertCard(screen, citizen!.run);
      await screen.expectScreen('finger.title');
      await placeFinger(screen, citizen!.run);
      await screen.expectScreen(`failureTitle.${failure}`);
      await expectText(screen, screen.t(`failureNext.${failure}`));
      await audit.check(screen, 'chileatiende-failures', `failed-${failure}`);
      await liftFinger(screen);
      await finish(screen);
    },
    FLOW_TIMEOUT_MS,
  );
});
