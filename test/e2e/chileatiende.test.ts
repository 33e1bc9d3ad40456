/**
 * ChileAtiende mode end to end (KIOSK_MODE=chileatiende): one-step
 * activation at the kiosk with email, phone and a password typed on the
 * on-screen keyboard, in every language and theme with axe-core on each
 * screen; a generated password delivered to the sandbox's mailbox; a
 * deferred enrollment while central is offline, delivered once it is back;
 * the e-mail and phone read back in full and corrected from the review
 * before anything is sent; and the refusals central decides (password rules, an existing account,
 * age).
 */
import type { Browser, Locator } from 'playwright-core';
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
  typePasswordTwice,
  type SyntheticCitizen,
} from '../support/citizen-flow.ts';
import { ALL_LOOKS, type KioskScreen, LARGE_TEXT_LOOKS, type Look, lookName, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { accountChannel, embeddedCentral, eventually, mailbox, setCentralOutage } from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const FAILURE_LOOK: Look = { language: 'en', theme: 'high-contrast' };
const FLOW_TIMEOUT_MS = 120_000;
/** Long enough to pass central's rules (no RUN, no names, not common); typed one key at a time. */
const TYPED_PASSWORD = 'kiosco verde lejano';
/** The first words of central's activation notice in each language (central/domain/messages.ts). */
const ACTIVATED_NOTICE = { 'es-CL': 'Tu ClaveÚnica quedó activa.', en: 'Your ClaveÚnica is now active.', ht: 'ClaveÚnica ou aktive kounye a.' } as const;

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
  canEnroll = await syntheticCitizens(screen, 'ok', 16);
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

/**
 * Seen and touchable while the keyboard is docked: inside the viewport, above the keyboard, and the
 * element itself at its centre (`elementFromPoint`), not something covering it. Waits for the scroll
 * that brings the field being typed into view.
 */
async function expectAboveKeyboard(locator: Locator): Promise<void> {
  const handle = await locator.elementHandle({ timeout: WAIT_MS });
  await screen.page.waitForFunction(
    ([element, keyboardName]) => {
      if (element === null) return false;
      const box = element.getBoundingClientRect();
      const keyboard = document.querySelector(`[role="group"][aria-label="${keyboardName}"]`)?.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      const hit = document.elementFromPoint(x, y);
      return box.top >= 0 && box.bottom <= (keyboard?.top ?? window.innerHeight) && hit !== null && element.contains(hit);
    },
    [handle, screen.t('keyboard.label')] as const,
    { timeout: WAIT_MS },
  );
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
      await typePasswordTwice(screen, TYPED_PASSWORD);
      await expectText(screen, screen.t('password.allRulesMet'));
      await expectText(screen, screen.t('password.repeat.matches'));
      await audit.check(screen, steps.flow, 'password-typed');
      await screen.tapButton('password.submit');

      await screen.expectScreen('review.title');
      const { citizen: shown } = await screen.snapshot();
      expect(shown).not.toBeNull();
      await expectText(screen, screen.t('review.leadNamed', { name: shown!.firstName! }));
      expect(await screen.page.getByRole('main').innerText()).toContain(shown!.runMasked);
      await audit.check(screen, steps.flow, 'review');
      const activating = screen.gate.holdAt('activating');
      await screen.tapButton('review.confirm');
      await activating;
      await screen.expectScreen('working.activating.title');
      await audit.check(screen, steps.flow, 'activating');
      screen.gate.release();

      await screen.expectScreen('activated.titleNamed', { name: shown!.firstName! });
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
      await screen.expectScreen('activated.titleNamed', { name: (await screen.snapshot()).citizen!.firstName! });
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

describe('ChileAtiende: confirm before sending', () => {
  it(
    'reads the e-mail and a mistyped phone back in full, corrects the phone from the review and sends the password only to the corrected number',
    async () => {
      const citizen = nextCitizen();
      const details = contact();
      // One digit off, as a careless thumb would type it (a 9 where every other session's number has a 0).
      const typo = `${details.digits.slice(0, 3)}9${details.digits.slice(4)}`;
      const mistyped = `+569${typo}`;
      const spaced = (digits: string) => `+56 9 ${digits.slice(0, 4)} ${digits.slice(4)}`;
      const steps = { flow: 'chileatiende-review', every: false };
      const look: Look = { language: 'es-CL', theme: 'normal' };
      const central = embeddedCentral(kiosk);
      const nothingSent = async () => {
        for (const recipient of [details.email, details.phone, mistyped]) expect(await mailbox(central, recipient), recipient).toEqual([]);
        expect(accountChannel(central, citizen.run)).toBeUndefined();
      };
      await throughFinger(citizen, look, steps, true);
      await typeContact(steps, { email: details.email, digits: typo });
      await screen.methodButton('password.bySms').tap();

      await screen.expectScreen('review.title');
      const main = screen.page.getByRole('main');
      await expectText(screen, details.email);
      await expectText(screen, spaced(typo));
      await expectText(screen, screen.t('review.privacyNote'));
      expect(await main.innerText()).not.toContain('**** **');
      await audit.check(screen, steps.flow, 'review-full-contact');
      await nothingSent();

      await screen.tapButton('review.editPhone');
      await screen.expectScreen('phone.title');
      expect((await screen.snapshot()).review).toBeNull();
      await audit.check(screen, steps.flow, 'phone-edit');
      await screen.typeOnKeyboard(details.digits);
      await screen.tapButton('review.saveEdit');

      // Straight back to the review, not through the password step again.
      await screen.expectScreen('review.title');
      await expectText(screen, spaced(details.digits));
      await expectText(screen, details.email);
      await expectText(screen, screen.t('review.methods.sms'));
      expect(await main.innerText()).not.toContain(spaced(typo));
      await nothingSent();

      await screen.tapButton('review.confirm');
      await screen.expectScreen('activated.titleNamed', { name: (await screen.snapshot()).citizen!.firstName! });
      expect(accountChannel(central, citizen.run)).toBe('one-step');
      const sms = await eventually(
        async () => (await mailbox(central, details.phone)).find((m) => m.kind === 'generated_password'),
        'the SMS with the password at the corrected number',
      );
      expect(sms.channel).toBe('sms');
      expect(await mailbox(central, mistyped)).toEqual([]);
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
        await expectText(screen, `+56 9 ${details.digits.slice(0, 4)} ${details.digits.slice(4)}`);
        await audit.check(screen, steps.flow, 'review-deferred');
        // Opened from the review, the e-mail step leads back to it, here unchanged.
        await screen.tapButton('review.editEmail');
        await screen.expectScreen('email.title');
        await screen.tapButton('review.cancelEdit');
        await screen.expectScreen('review.title');
        await expectText(screen, details.email);
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
    'checks the password rules live: the names rule broken above the keyboard, the meter not good, the repeat must match; a valid password clears central’s refusal and proceeds',
    async () => {
      const look: Look = { language: 'es-CL', theme: 'normal' };
      const citizen = nextCitizen();
      const details = contact();
      await throughFinger(citizen, look, { flow: 'chileatiende-password', every: false }, true);
      await typeContact({ flow: 'chileatiende-password', every: false }, details);
      // A password only central refuses (sent past the screen, which would not let it go): the step
      // comes back on the typing view with central's verdict and the banner.
      await screen.page.evaluate(() => window.kiosk!.session.send({ type: 'password.submit', password: 'password' }));
      await screen.expectScreen('review.title');
      await screen.tapButton('review.confirm');
      await screen.expectScreen('password.typeTitle');
      await expectText(screen, screen.t('errors.passwordRejected'));
      await expectText(screen, screen.t('password.ruleState.rejected'));
      expect((await screen.snapshot()).passwordFailedRules).toContain('not_common');
      await audit.check(screen, 'chileatiende-password', 'password-rejected');

      // The citizen's own name, which the kiosk knows from the card: refused as it is typed, not on submit.
      const { citizen: shown } = await screen.snapshot();
      const name = shown!.firstName!.toLocaleLowerCase('es-CL');
      await typePasswordTwice(screen, `${name} verde lejano`);
      const broken = screen.page.getByRole('main').getByRole('list', { name: screen.t('password.brokenTitle'), exact: true });
      const namesRule = broken.getByRole('listitem').filter({ hasText: screen.t('password.rules.no_names') });
      await namesRule.waitFor({ state: 'visible', timeout: WAIT_MS });
      await expectAboveKeyboard(namesRule);
      const meter = `${screen.t('password.strength.label')}: ${screen.t('password.strength.weak')}`;
      await expectText(screen, meter);
      expect(await screen.button('password.submit').isDisabled()).toBe(true);
      await audit.check(screen, 'chileatiende-password', 'password-names-broken');

      // A valid password, repeated wrongly: the mismatch is said and blocks "continue".
      await screen.tapButton('password.otherMethod');
      await screen.methodButton('password.typeOwn').tap();
      await typePasswordTwice(screen, TYPED_PASSWORD, `${TYPED_PASSWORD.slice(0, -1)}a`);
      await expectText(screen, screen.t('password.repeat.differs'));
      await expectAboveKeyboard(screen.page.getByRole('main').getByText(screen.t('password.repeat.differs'), { exact: true }));
      expect(await screen.button('password.submit').isDisabled()).toBe(true);
      await audit.check(screen, 'chileatiende-password', 'password-repeat-differs');

      // Corrected: every rule met, the banner of the refused password gone, and on to the review.
      const keyboard = screen.page.getByRole('group', { name: screen.t('keyboard.label'), exact: true });
      await keyboard.getByRole('button', { name: screen.t('keyboard.names.backspace'), exact: true }).tap();
      await screen.typeOnKeyboard('o');
      await expectText(screen, screen.t('password.repeat.matches'));
      await expectText(screen, screen.t('password.allRulesMet'));
      expect(await screen.page.getByRole('main').getByText(screen.t('errors.passwordRejected'), { exact: true }).count()).toBe(0);
      await screen.tapButton('password.submit');
      await screen.expectScreen('review.title');
      await screen.tapButton('review.confirm');
      await screen.expectScreen('activated.titleNamed', { name: shown!.firstName! });
      expect(accountChannel(embeddedCentral(kiosk), citizen.run)).toBe('one-step');
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
