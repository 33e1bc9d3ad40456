/**
 * The steps every citizen flow shares, written once: start a session in a
 * look, walk welcome → consent → card, and put a card and a finger in front
 * of the simulated readers. Tests audit (ScreenAudit) where they choose.
 */
import type { FingerName } from '../../common/fingers.ts';
import type { DevCitizens } from '../../electron/contract/service-status.ts';
import type { KioskScreen, Look } from './kiosk-screen.ts';
import { WAIT_MS } from './kiosk-screen.ts';
import type { ScreenAudit } from './screen-audit.ts';

export type SyntheticCitizen = DevCitizens['citizens'][number];
type Scenario = SyntheticCitizen['scenario'];

/** Synthetic citizens of one scenario, from the kiosk's own dev.citizens (never a real person). */
export async function syntheticCitizens(screen: KioskScreen, scenario: Scenario, count: number): Promise<SyntheticCitizen[]> {
  const result = await screen.dev('citizens', { scenario, limit: 50 });
  if (!result.ok) throw new Error(`dev.citizens refused: ${result.error.code}`);
  const citizens = result.value.citizens;
  if (citizens.length < count) throw new Error(`only ${citizens.length} synthetic citizens with scenario ${scenario}`);
  return citizens.slice(0, count);
}

/**
 * From the welcome screen to the card step. With `audit`, each screen on
 * the way is audited and photographed under `flow`.
 */
export async function toCardStep(screen: KioskScreen, look: Look, audit?: { audit: ScreenAudit; flow: string }): Promise<void> {
  await screen.chooseLook(look);
  await audit?.audit.check(screen, audit.flow, 'welcome');
  await screen.tapButton('attract.start');
  await screen.expectScreen('sessionWelcome.title');
  await audit?.audit.check(screen, audit.flow, 'session-welcome');
  await screen.tapButton('session.continue');
  await screen.expectScreen('consent.title');
  await audit?.audit.check(screen, audit.flow, 'consent');
  await screen.tapButton('consent.accept');
  await screen.expectScreen('card.title');
  await audit?.audit.check(screen, audit.flow, 'card');
}

/** Presents the citizen's cédula (the reader is watching once the card screen shows). */
export async function insertCard(screen: KioskScreen, run: string): Promise<void> {
  await screen.devOk('insertCard', { run });
}

/**
 * Puts a finger on the simulated reader: the citizen's own, or `{ run }` of
 * someone else; by default the finger the kiosk asks for, or `finger`.
 */
export async function placeFinger(screen: KioskScreen, run: string, quality?: number, finger?: FingerName): Promise<void> {
  await screen.devOk('placeFinger', { run, ...(quality !== undefined && { quality }), ...(finger !== undefined && { finger }) });
}

export async function liftFinger(screen: KioskScreen): Promise<void> {
  await screen.devOk('liftFinger');
}

/** Waits for a text inside <main> (an error banner, a status line), matched exactly. */
export async function expectText(screen: KioskScreen, text: string): Promise<void> {
  await screen.page.getByRole('main').getByText(text, { exact: true }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** On the password step's typing view: the password on the on-screen keyboard, then again in the repeat field. */
export async function typePasswordTwice(screen: KioskScreen, password: string, repeat = password): Promise<void> {
  await screen.expectScreen('password.typeTitle');
  await screen.field('password.label').tap();
  await screen.typeOnKeyboard(password);
  await screen.field('password.repeatLabel').tap();
  await screen.typeOnKeyboard(repeat);
}

/** Waits for one of `texts`, whole, on the screen (which one a simulated placement yields may vary). */
export async function expectOneOfTexts(screen: KioskScreen, texts: readonly string[]): Promise<void> {
  const whole = new RegExp(`^(?:${texts.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  await screen.page.getByRole('main').getByText(whole).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/**
 * A final screen acknowledged: "Terminar" after success, "Volver al inicio"
 * after a failure, wipes the session and the kiosk greets the next citizen in Spanish.
 */
export async function finish(screen: KioskScreen): Promise<void> {
  const { step } = await screen.snapshot();
  await screen.tapButton(step === 'failed' ? 'session.home' : 'session.finish');
  await screen.expectWelcomeAfterSession();
}

/**
 * After each test, whatever happened: nothing held at the gate, no finger on
 * the reader, no session left running, the page back on a fresh welcome
 * screen. A test that failed halfway must not fail the ones after it.
 * `lift` takes the finger off a reader that is not the in-process simulated
 * one (the byte simulator on a pty is driven through its own control line).
 */
export async function returnToWelcome(screen: KioskScreen, lift: () => Promise<unknown> = () => screen.devOk('liftFinger')): Promise<void> {
  screen.gate.reset();
  await lift();
  const snapshot = await screen.snapshot();
  if (snapshot.step === 'idle' && screen.language === 'es-CL' && screen.theme === 'normal' && screen.textSize === 'normal') return;
  if (snapshot.step !== 'idle') {
    await screen.page.evaluate(
      async (final) => {
        const kiosk = window.kiosk!;
        for (let tries = 0; tries < 100; tries++) {
          const current = await kiosk.session.snapshot();
          if (!current.ok || current.value.step === 'idle') return;
          // A step that waits on central or the printer cannot be cancelled; it ends within the operation timeout.
          if (!current.value.busy) await (final.includes(current.value.step) ? kiosk.session.send({ type: 'finish' }) : kiosk.session.cancel());
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      },
      ['code-printed', 'code-on-screen', 'activated', 'deferred', 'failed'],
    );
  }
  await screen.page.reload();
  await screen.expectWelcomeAfterSession();
}

/** The activation code as the code-on-screen step shows it: three groups of four characters, one under the other. */
export async function codeShownOnScreen(screen: KioskScreen): Promise<string | undefined> {
  const text = await screen.page.getByRole('main').innerText();
  const groups = /(?:^|\n)([2-9A-HJKMNP-Z]{4})\n([2-9A-HJKMNP-Z]{4})\n([2-9A-HJKMNP-Z]{4})(?:\n|$)/.exec(text);
  return groups === null ? undefined : groups.slice(1, 4).join('-');
}

/** E-mail twice and the phone's eight digits on the on-screen keyboard, up to the password step. */
export async function typeContact(screen: KioskScreen, email: string, digits: string): Promise<void> {
  await screen.expectScreen('email.title');
  await screen.typeOnKeyboard(email);
  await screen.field('email.confirmationLabel').tap();
  await screen.typeOnKeyboard(email);
  await screen.tapButton('session.continue');
  await screen.expectScreen('phone.title');
  await screen.typeOnKeyboard(digits);
  await screen.tapButton('session.continue');
  await screen.expectScreen('password.title');
}
