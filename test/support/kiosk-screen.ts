import type { Browser, Locator, Page } from 'playwright-core';
import type { KioskApi } from '../../electron/contract/api.ts';
import type { Language } from '../../electron/contract/app.ts';
import type { SessionSnapshot } from '../../electron/contract/session.ts';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { LANGUAGE_NAMES } from '../../renderer/i18n/languages.ts';
import { PROPER_NAMES } from '../../renderer/i18n/proper-names.ts';
import { launchChromium } from './chromium.ts';
import type { RunningKiosk } from './kiosk-process.ts';
import { SnapshotGate } from './snapshot-gate.ts';

export type Theme = 'normal' | 'high-contrast';
/** The text-size toggle: `large` is 200 % (WCAG 1.4.4). */
export type TextSize = 'normal' | 'large';

type DevApi = NonNullable<KioskApi['dev']>;
type DevCommandName = Exclude<keyof DevApi, 'crashService'>;

/** One language, one theme and a text size (normal when left out): what a citizen picks on the welcome screen. */
export interface Look {
  readonly language: Language;
  readonly theme: Theme;
  readonly textSize?: TextSize;
}

export const LANGUAGES_UNDER_TEST: readonly Language[] = ['es-CL', 'en', 'ht'];
export const THEMES: readonly Theme[] = ['normal', 'high-contrast'];
export const ALL_LOOKS: readonly Look[] = LANGUAGES_UNDER_TEST.flatMap((language) => THEMES.map((theme) => ({ language, theme, textSize: 'normal' })));
/**
 * Larger text in every language, the themes taken in turn: with ALL_LOOKS, every
 * screen × language × text size, at a third of the cost of every theme again.
 */
export const LARGE_TEXT_LOOKS: readonly Look[] = LANGUAGES_UNDER_TEST.map((language, index) => ({
  language,
  theme: THEMES[index % THEMES.length]!,
  textSize: 'large',
}));
export const lookName = ({ language, theme, textSize = 'normal' }: Look) => `${language}, ${theme}${textSize === 'large' ? ', large text' : ''}`;

/** Bounds every wait: long enough for a loaded CI machine, so it only ever stops a hang. */
export const WAIT_MS = 20_000;

/** A catalogue text with its {{placeholders}} filled, as i18next renders it (no escaping: React does that). */
export function catalogueText(language: Language, key: string, values: Record<string, string | number> = {}): string {
  let node: unknown = CATALOGUES[language];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no catalogue text ${language}:${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/**
 * Chromium on a 1080×1920 portrait touch screen, the page's socket routed through a SnapshotGate.
 * `timezoneId` puts the browser in another zone than the kiosk's configured one (the screen must not follow it).
 */
export async function openKioskScreen(kiosk: RunningKiosk, options: { timezoneId?: string } = {}): Promise<{ browser: Browser; screen: KioskScreen }> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, isMobile: false, ...options });
  const page = await context.newPage();
  const gate = new SnapshotGate();
  await gate.install(page);
  await page.goto(kiosk.url);
  const screen = new KioskScreen(page, gate);
  await screen.heading(PROPER_NAMES.product).waitFor({ timeout: WAIT_MS });
  await waitUntilServiceAnswers(page);
  return { browser, screen };
}

/**
 * The page is up before the service is (the host starts it in a child process and answers
 * service.unavailable meanwhile; on a loaded machine that takes a while): waits until the
 * page's window.kiosk gets an answer from the service itself.
 */
export async function waitUntilServiceAnswers(page: Page, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Not page.waitForFunction: it does not await a predicate's promise, and a pending promise is
  // truthy, so an async predicate "succeeds" on its first call whatever the service answers.
  for (;;) {
    const answer = await page.evaluate(() => window.kiosk!.app.info());
    if (answer.ok) return;
    if (Date.now() >= deadline) throw new Error(`the kiosk service did not answer within ${timeoutMs} ms (last answer: ${answer.error.code})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The kiosk's screen as a citizen (and a developer) touches it: elements
 * found by role and accessible name in the language on screen, touched with
 * tap(). Names come from the renderer's catalogues, so a test reads
 * `tapButton('consent.accept')` in every language.
 */
export class KioskScreen {
  readonly page: Page;
  readonly gate: SnapshotGate;
  language: Language = 'es-CL';
  theme: Theme = 'normal';
  textSize: TextSize = 'normal';

  constructor(page: Page, gate: SnapshotGate) {
    this.page = page;
    this.gate = gate;
  }

  get look(): Look {
    return { language: this.language, theme: this.theme, textSize: this.textSize };
  }

  t(key: string, values?: Record<string, string | number>): string {
    return catalogueText(this.language, key, values);
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /** Waits for the screen whose <h1> is the catalogue text `key`. */
  async expectScreen(key: string, values?: Record<string, string | number>): Promise<void> {
    await this.heading(this.t(key, values)).waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /**
   * A button of the screen itself, inside <main>: the idle warning's
   * "Continuar" (a dialog) and the developer panel (an aside) are not in it.
   */
  button(key: string, values?: Record<string, string | number>): Locator {
    return this.page.getByRole('main').getByRole('button', { name: this.t(key, values), exact: true });
  }

  /** The password step's method buttons, named by their title and detail together: found by the title. */
  methodButton(key: string): Locator {
    return this.page.getByRole('main').getByRole('button', { name: this.t(key) });
  }

  /** A text field of the screen, by its label. */
  field(key: string): Locator {
    return this.page.getByRole('main').getByLabel(this.t(key), { exact: true });
  }

  async tapButton(key: string, values?: Record<string, string | number>): Promise<void> {
    // tap() waits until the button is visible, enabled and not covered (a disabled "Continue" waits for the service).
    await this.button(key, values).tap({ timeout: WAIT_MS });
  }

  /** The bottom bar: language and accessibility choices, help. */
  controls(): Locator {
    return this.page.getByRole('contentinfo');
  }

  /** On the welcome screen: the citizen's language, then high contrast and larger text if asked for. */
  async chooseLook(look: Look): Promise<void> {
    await this.heading(PROPER_NAMES.product).waitFor({ timeout: WAIT_MS });
    if (look.language !== this.language) {
      await this.controls().getByRole('button', { name: LANGUAGE_NAMES[look.language], exact: true }).tap();
      this.language = look.language;
      await this.button('attract.start').waitFor({ timeout: WAIT_MS });
    }
    const contrast = this.controls().getByRole('button', { name: this.t('accessibility.highContrast'), exact: true });
    if ((look.theme === 'high-contrast') !== ((await contrast.getAttribute('aria-pressed')) === 'true')) await contrast.tap();
    await this.page.waitForFunction((on) => document.documentElement.classList.contains('a11y-contrast') === on, look.theme === 'high-contrast', {
      timeout: WAIT_MS,
    });
    this.theme = look.theme;
    await this.chooseTextSize(look.textSize ?? 'normal');
  }

  /**
   * The text-size toggle: in the control bar at normal size; at double size the bar
   * folds each group into a button that opens its choices in a dialog.
   */
  async chooseTextSize(textSize: TextSize): Promise<void> {
    const large = textSize === 'large';
    const isLarge = () => this.page.evaluate(() => document.documentElement.classList.contains('a11y-fonts'));
    if ((await isLarge()) !== large) {
      const toggle = { name: this.t('accessibility.largerText'), exact: true };
      if (large) {
        await this.controls().getByRole('button', toggle).tap();
      } else {
        await this.controls()
          .getByRole('button', { name: this.t('accessibility.caption'), exact: true })
          .tap();
        const dialog = this.page.getByRole('dialog');
        await dialog.getByRole('button', toggle).tap();
        await dialog.getByRole('button', { name: this.t('help.close'), exact: true }).tap();
      }
    }
    await this.page.waitForFunction((on) => document.documentElement.classList.contains('a11y-fonts') === on, large, { timeout: WAIT_MS });
    this.textSize = textSize;
  }

  /** What the page's window.kiosk says the session is (not usable while the gate holds). */
  snapshot(): Promise<SessionSnapshot> {
    return this.page.evaluate(async () => {
      const result = await window.kiosk!.session.snapshot();
      if (!result.ok) throw new Error(result.error.code);
      return result.value;
    });
  }

  /** A session has ended: the kiosk is back on its welcome screen, in Spanish, with the default theme. */
  async expectWelcomeAfterSession(): Promise<void> {
    this.language = 'es-CL';
    this.theme = 'normal';
    this.textSize = 'normal';
    await this.heading(PROPER_NAMES.product).waitFor({ timeout: WAIT_MS });
    await this.button('attract.start').waitFor({ timeout: WAIT_MS });
  }

  /** Types on the on-screen keyboard, one tap per key, by each key's accessible name. */
  async typeOnKeyboard(text: string): Promise<void> {
    const keyboard = this.page.getByRole('group', { name: this.t('keyboard.label'), exact: true });
    for (const name of keyNames(text, this.language)) {
      await keyboard.getByRole('button', { name, exact: true }).tap({ timeout: WAIT_MS });
    }
  }

  /** A dev.* command through the page's own window.kiosk.dev (there because the kiosk runs simulated devices). */
  async dev<K extends DevCommandName>(name: K, args?: Parameters<DevApi[K]>[0]): Promise<Awaited<ReturnType<DevApi[K]>>> {
    return (await this.page.evaluate(
      async ([command, payload]) => {
        const dev = window.kiosk!.dev! as unknown as Record<string, (payload?: unknown) => Promise<unknown>>;
        return dev[command]!(payload);
      },
      [name, args] as const,
    )) as Awaited<ReturnType<DevApi[K]>>;
  }

  /** Like dev(), and fails the test unless the service accepted it. */
  async devOk<K extends DevCommandName>(name: K, args?: Parameters<DevApi[K]>[0]): Promise<void> {
    const result = (await this.dev(name, args)) as { ok: boolean; error?: { code: string } };
    if (!result.ok) throw new Error(`dev.${name} refused: ${result.error?.code}`);
  }
}

/** The accessible names of the keys that type `text`; `.cl` and `.com` are keys of their own. */
export function keyNames(text: string, language: Language): string[] {
  const named: Record<string, string> = {
    '@': catalogueText(language, 'keyboard.names.at'),
    '.': catalogueText(language, 'keyboard.names.dot'),
    '-': catalogueText(language, 'keyboard.names.hyphen'),
    _: catalogueText(language, 'keyboard.names.underscore'),
    ' ': catalogueText(language, 'keyboard.names.space'),
  };
  const names: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const suffix = ['.com', '.cl'].find((s) => text.startsWith(s, i) && i + s.length === text.length);
    if (suffix !== undefined) {
      names.push(suffix);
      break;
    }
    const char = text[i]!;
    names.push(named[char] ?? char);
  }
  return names;
}
