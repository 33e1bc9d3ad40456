/**
 * From the kiosk to a sign-in elsewhere, in Chromium: a synthetic citizen
 * enrolls at a kiosk (ChileAtiende with a typed password; Civil Digital with
 * the printed code activated on /activar), then signs in at the sample
 * relying party that `npm start` runs beside the embedded sandbox, and sees
 * their claims there, masked. Then wrong passwords until the lock (from the
 * fourth attempt the sign-in page's own script solves the proof-of-work
 * challenge), the unlock code from the sandbox's mailbox, and a successful
 * sign-in; and logout at both ends. Elements by role and accessible name.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { maskRun } from '../../common/run-mask.ts';
import {
  finish,
  insertCard,
  liftFinger,
  placeFinger,
  returnToWelcome,
  syntheticCitizens,
  toCardStep,
  typeContact,
  typePasswordTwice,
} from '../support/citizen-flow.ts';
import { type KioskScreen, type Look, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { ACTIVATION_CODE, accountChannel, embeddedCentral, eventually, mailbox, receiptTranscripts } from '../support/kiosk-outside.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { WCAG_22_AA } from '../support/screen-audit.ts';

const FLOW_TIMEOUT_MS = 180_000;
const LOOK: Look = { language: 'es-CL', theme: 'normal' };
/** Passes central's rules (no RUN, no names, not a common password); typed one key at a time at the kiosk. */
const KIOSK_PASSWORD = 'kiosco verde lejano';
const WEB_PASSWORD = 'una frase sintética bastante larga';
const WRONG_PASSWORD = 'esta no es la clave';

let kiosk: RunningKiosk | undefined;
let browser: Browser | undefined;
let screen: KioskScreen;
const contexts: BrowserContext[] = [];

async function startKioskWithSample(mode: 'chileatiende' | 'civil-digital'): Promise<string> {
  // RP_PORT=0: a free port of its own (registered with this kiosk's sandbox), so a sample already on 5180 is no obstacle.
  kiosk = await startKiosk({ KIOSK_MODE: mode, KIOSK_SAMPLE_RELYING_PARTY: '1', RP_PORT: '0' });
  ({ browser, screen } = await openKioskScreen(kiosk));
  const running = kiosk;
  return eventually(
    () => /^Municipalidad de Ejemplo \(sign-in sample\): (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(running.output())?.[1],
    'the sample relying party',
  );
}

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

/** A browser of the citizen's own at home: nothing shared with the kiosk's page or another sign-in. The sandbox's CA is not Chromium's. */
async function citizenBrowser(): Promise<{ page: Page; cspViolations: string[] }> {
  const context = await browser!.newContext({ ignoreHTTPSErrors: true, locale: 'es-CL' });
  contexts.push(context);
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { page, cspViolations };
}

/** At the relying party: the ClaveÚnica button, then the provider's sign-in page. */
async function toProviderSignIn(page: Page, relyingParty: string): Promise<void> {
  await page.goto(relyingParty);
  await page.getByRole('heading', { name: 'Municipalidad de Ejemplo — Ingresa con ClaveÚnica', level: 1 }).waitFor({ timeout: WAIT_MS });
  await page.getByRole('link', { name: 'Ingresa con ClaveÚnica', exact: true }).click();
  await page.getByRole('heading', { name: 'Ingresa con tu ClaveÚnica', level: 1 }).waitFor({ timeout: WAIT_MS });
}

/** Whether the page carries a challenge; if so, waits until its own script has solved it and the button is back. */
async function waitForChallenge(page: Page): Promise<boolean> {
  const owed = (await page.locator('form#sign-in[data-challenge]').count()) > 0;
  if (owed) await page.getByRole('status').filter({ hasText: 'Listo. Ya puedes ingresar.' }).waitFor({ timeout: 60_000 });
  return owed;
}

async function submitSignIn(page: Page, run: string, password: string): Promise<boolean> {
  const challenged = await waitForChallenge(page);
  await page.getByRole('textbox', { name: 'RUN', exact: true }).fill(run);
  await page.getByLabel('ClaveÚnica', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
  return challenged;
}

/** Consent for the sample's scopes, then the relying party's "Tus datos". */
async function consentAndSeeData(page: Page, relyingParty: string): Promise<void> {
  await page.getByRole('heading', { name: 'Autoriza los datos que se compartirán', level: 1 }).waitFor({ timeout: WAIT_MS });
  await page.getByRole('button', { name: 'Autorizar', exact: true }).click();
  await page.getByRole('heading', { name: 'Tus datos', level: 1 }).waitFor({ timeout: WAIT_MS });
  expect(page.url()).toBe(`${relyingParty}datos`);
}

/** The relying party's page as axe-core (WCAG 2.2 AA) finds it: no violation. */
async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** The claims page's value for a label (the <dd> after the <dt>). */
async function claim(page: Page, label: string): Promise<string> {
  const terms = page.getByRole('term');
  const definitions = page.getByRole('definition');
  const labels = await terms.allInnerTexts();
  const index = labels.indexOf(label);
  expect(index, `${label} in ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
  return definitions.nth(index).innerText();
}

async function expectClaims(page: Page, citizen: { run: string; firstName: string; email: string; phoneLast4: string }): Promise<void> {
  expect(await claim(page, 'RUN')).toBe(maskRun(citizen.run));
  expect(await claim(page, 'Nombre')).toContain(citizen.firstName);
  expect(await claim(page, 'Correo electrónico')).toBe(`${citizen.email[0]}***@${citizen.email.split('@')[1]}`);
  expect(await claim(page, 'Teléfono móvil')).toBe(`+56 9 **** ${citizen.phoneLast4}`);
  const text = await page.getByRole('main').innerText();
  expect(text).not.toContain(citizen.run);
  expect(text).not.toContain(citizen.email);
}

describe('a ChileAtiende citizen with a typed password', () => {
  it(
    'enrolls at the kiosk, signs in at the relying party, is locked by wrong passwords, unlocks with the e-mailed code, signs in and out',
    async () => {
      const relyingParty = await startKioskWithSample('chileatiende');
      const [citizen] = await syntheticCitizens(screen, 'ok', 1);
      const email = 'firma.sintetica@example.cl';
      const digits = '55501234';

      // At the kiosk: card, finger, e-mail, phone, a password typed on the screen.
      await toCardStep(screen, LOOK);
      await insertCard(screen, citizen!.run);
      await screen.expectScreen('finger.title');
      await placeFinger(screen, citizen!.run);
      await screen.expectScreen('email.title');
      await liftFinger(screen);
      await typeContact(screen, email, digits);
      await screen.methodButton('password.typeOwn').tap();
      await typePasswordTwice(screen, KIOSK_PASSWORD);
      await screen.tapButton('password.submit');
      await screen.expectScreen('review.title');
      const firstName = (await screen.snapshot()).citizen!.firstName!;
      await screen.tapButton('review.confirm');
      await screen.expectScreen('activated.titleNamed', { name: firstName });
      const central = embeddedCentral(kiosk!);
      expect(accountChannel(central, citizen!.run)).toBe('one-step');
      await finish(screen);
      const person = { run: citizen!.run, firstName, email, phoneLast4: digits.slice(-4) };

      // At home: signs in at the municipality's site with RUN and the password typed at the kiosk.
      const first = await citizenBrowser();
      await toProviderSignIn(first.page, relyingParty);
      expect(await submitSignIn(first.page, citizen!.run, KIOSK_PASSWORD)).toBe(false);
      await consentAndSeeData(first.page, relyingParty);
      await expectClaims(first.page, person);
      expect(first.cspViolations).toEqual([]);

      // Another browser: wrong passwords. The first three go straight to the password check; from the fourth the page
      // carries a challenge its own script solves before the button comes back; the fifth locks the account.
      const second = await citizenBrowser();
      await toProviderSignIn(second.page, relyingParty);
      const challenged: boolean[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        challenged.push(await submitSignIn(second.page, citizen!.run, WRONG_PASSWORD));
        if (attempt < 5) {
          await second.page
            .getByRole('alert')
            .filter({ hasText: 'El RUN o la clave no son correctos. Revísalos e inténtalo de nuevo.' })
            .waitFor({ timeout: WAIT_MS });
        }
      }
      expect(challenged).toEqual([false, false, false, true, true]);
      await second.page.getByRole('heading', { name: 'Tu ClaveÚnica está bloqueada', level: 1 }).waitFor({ timeout: WAIT_MS });

      // Locked, the right password does not get through either.
      await second.page.goto(second.page.url().replace(/\/login$/, ''));
      await second.page.getByRole('heading', { name: 'Ingresa con tu ClaveÚnica', level: 1 }).waitFor({ timeout: WAIT_MS });
      await submitSignIn(second.page, citizen!.run, KIOSK_PASSWORD);
      await second.page.getByRole('heading', { name: 'Tu ClaveÚnica está bloqueada', level: 1 }).waitFor({ timeout: WAIT_MS });

      // The unlock procedure: the 8-digit code the lock e-mailed to the citizen, read from the sandbox's mailbox.
      const notices = await eventually(async () => {
        const found = (await mailbox(central, email)).filter((m) => /\b\d{8}\b/.test(m.body) && /desbloquear/i.test(m.body));
        return found.length > 0 ? found : undefined;
      }, 'the unlock code in the mailbox');
      const code = /\b(\d{8})\b/.exec(notices.at(-1)!.body)![1]!;
      expect(notices.map((m) => m.body).join('\n')).not.toContain(KIOSK_PASSWORD);
      await second.page.getByRole('link', { name: 'Desbloquear tu ClaveÚnica', exact: true }).click();
      await second.page.getByRole('heading', { name: 'Desbloquear tu ClaveÚnica', level: 1 }).waitFor({ timeout: WAIT_MS });
      await second.page.getByRole('textbox', { name: 'RUN', exact: true }).fill(citizen!.run);
      await second.page.getByRole('textbox', { name: 'Código de desbloqueo', exact: true }).fill(code);
      await second.page.getByRole('button', { name: 'Desbloquear', exact: true }).click();
      await second.page.getByRole('status').filter({ hasText: 'Tu ClaveÚnica quedó desbloqueada. Ya puedes ingresar.' }).waitFor({ timeout: WAIT_MS });

      // Unlocked: the address still owes a challenge (five failures this hour), solved by the page; then the right password.
      expect(await submitSignIn(second.page, citizen!.run, KIOSK_PASSWORD)).toBe(true);
      await consentAndSeeData(second.page, relyingParty);
      await expectClaims(second.page, person);

      // Logout at the relying party ends the provider's session too, then back to the municipality's home page.
      await second.page.getByRole('button', { name: 'Cerrar sesión', exact: true }).click();
      await second.page.getByRole('heading', { name: 'Cerrar sesión', level: 1 }).waitFor({ timeout: WAIT_MS });
      await second.page.getByRole('button', { name: 'Sí, cerrar sesión', exact: true }).click();
      await second.page.getByRole('status').filter({ hasText: 'Cerraste tu sesión.' }).waitFor({ timeout: WAIT_MS });
      expect(new URL(second.page.url()).origin).toBe(new URL(relyingParty).origin);
      await second.page.goto(`${relyingParty}datos`);
      await second.page.getByRole('heading', { name: 'Municipalidad de Ejemplo — Ingresa con ClaveÚnica', level: 1 }).waitFor({ timeout: WAIT_MS });
      expect(second.cspViolations).toEqual([]);
    },
    FLOW_TIMEOUT_MS,
  );

  afterAll(async () => {
    await returnToWelcome(screen).catch(() => undefined);
    await browser?.close();
    await kiosk?.stop();
    browser = undefined;
    kiosk = undefined;
  });
});

describe('a Civil Digital citizen', () => {
  it(
    'enrolls at the kiosk, activates on /activar with the printed code, and signs in at the relying party',
    async () => {
      const relyingParty = await startKioskWithSample('civil-digital');
      const [citizen] = await syntheticCitizens(screen, 'ok', 1);
      const printedBefore = receiptTranscripts(kiosk!).length;
      await toCardStep(screen, LOOK);
      await insertCard(screen, citizen!.run);
      await screen.expectScreen('finger.title');
      await placeFinger(screen, citizen!.run);
      await screen.expectScreen('codePrinted.title');
      const firstName = (await screen.snapshot()).citizen!.firstName!;
      await liftFinger(screen);
      const receipt = await eventually(() => receiptTranscripts(kiosk!).slice(printedBefore).at(-1), 'the receipt');
      const code = ACTIVATION_CODE.exec(receipt)![1]!;
      await finish(screen);

      // At home: the activation page, in Chromium, with the code from the receipt.
      const central = embeddedCentral(kiosk!);
      const email = 'civil.sintetica@example.cl';
      const home = await citizenBrowser();
      await home.page.goto(`${central.url}/activar`);
      await home.page.getByRole('textbox', { name: 'RUN', exact: true }).fill(citizen!.run);
      await home.page.getByRole('textbox', { name: 'Código de activación', exact: true }).fill(code);
      await home.page.getByRole('textbox', { name: 'Correo electrónico', exact: true }).fill(email);
      await home.page.getByRole('textbox', { name: 'Teléfono móvil', exact: true }).fill('+56 9 8765 4321');
      await home.page.getByLabel('Clave nueva', { exact: true }).fill(WEB_PASSWORD);
      await home.page.getByRole('button', { name: 'Activar ClaveÚnica', exact: true }).click();
      await home.page.getByText('Tu ClaveÚnica quedó activa', { exact: false }).first().waitFor({ timeout: WAIT_MS });
      expect(accountChannel(central, citizen!.run)).toBe('activation-code');

      // First the citizen declines to share their data: the relying party says so plainly and signs nobody in.
      await toProviderSignIn(home.page, relyingParty);
      await submitSignIn(home.page, citizen!.run, WEB_PASSWORD);
      await home.page.getByRole('heading', { name: 'Autoriza los datos que se compartirán', level: 1 }).waitFor({ timeout: WAIT_MS });
      await home.page.getByRole('button', { name: 'No autorizar', exact: true }).click();
      await home.page.getByRole('heading', { name: 'No pudiste ingresar', level: 1 }).waitFor({ timeout: WAIT_MS });
      await home.page
        .getByRole('alert')
        .filter({ hasText: 'Cancelaste el ingreso o no autorizaste compartir tus datos con este sitio.' })
        .waitFor({ timeout: WAIT_MS });
      await expectAccessible(home.page);

      // Then tries again (the provider's session remembers the sign-in) and authorizes.
      await home.page.getByRole('link', { name: 'Volver a intentar', exact: true }).click();
      await consentAndSeeData(home.page, relyingParty);
      await expectClaims(home.page, { run: citizen!.run, firstName, email, phoneLast4: '4321' });
      await expectAccessible(home.page);
      await home.page.goto(relyingParty);
      await expectAccessible(home.page);
      expect(home.cspViolations).toEqual([]);
    },
    FLOW_TIMEOUT_MS,
  );
});
