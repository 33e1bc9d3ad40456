import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand';
import { ok } from '../../electron/contract/errors.ts';
import { LANGUAGES, type Language } from '../../electron/contract/app.ts';
import { FAILURE_REASONS, SESSION_STEPS, type SessionSnapshot } from '../../electron/contract/session.ts';
import { FINGER_NAMES } from '../../common/fingers.ts';
import { App } from '../../renderer/App.tsx';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { type EntryState, INITIAL_ENTRY, entryStore } from '../../renderer/store/entry-store.ts';
import { serviceStore } from '../../renderer/store/service-store.ts';
import { sessionStore } from '../../renderer/store/session-store.ts';
import { uiStore } from '../../renderer/store/ui-store.ts';
import { fakeKiosk } from './fake-kiosk.ts';
import { failedSnapshot, snapshot, stepSnapshot } from './fixtures.ts';
import { loadLazyParts } from './support/lazy-parts.ts';
import { strictI18n } from './support/strict-i18n.ts';

/**
 * Every screen rendered to HTML (react-dom/server: no DOM needed) from fixture
 * snapshots, in every language, through an i18next instance without fallback,
 * so a key that a catalogue lacks is reported instead of quietly shown in
 * Spanish or as its raw name.
 */
const strict = strictI18n();
const { i18n, missing } = strict;

beforeAll(async () => {
  await strict.init();
  await loadLazyParts();
  // Server rendering reads a zustand store through getInitialState (useSyncExternalStore's server
  // snapshot); point it at the state each test sets.
  for (const store of [sessionStore, entryStore, uiStore, serviceStore] as StoreApi<unknown>[]) store.getInitialState = store.getState;
});

afterEach(() => {
  missing.length = 0;
  entryStore.setState(INITIAL_ENTRY);
});

const { kiosk } = fakeKiosk({ 'session.snapshot': () => ok(snapshot()) });

function render(next: SessionSnapshot, entry: Partial<EntryState> = {}): string {
  sessionStore.setState({ snapshot: next, commandError: null, commandPending: false, snapshotUnreachable: false });
  serviceStore.setState({ state: 'available' });
  entryStore.setState({ ...INITIAL_ENTRY, ...entry });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(App, { kiosk })));
}

/** The checks every rendered screen must pass. */
function expectWellFormed(html: string) {
  expect(missing).toEqual([]);
  // An interpolation the catalogue and the component disagree on.
  expect(html.match(/.{0,80}(?:\{\{|\}\}|undefined|\[object Object\]).{0,80}/)?.[0]).toBeUndefined();
  expect(html.match(/<main/g)).toHaveLength(1);
  expect(html.match(/<h1/g)).toHaveLength(1);
  // Every id an ARIA attribute points at exists.
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  for (const [, refs] of html.matchAll(/aria-(?:labelledby|describedby|controls)="([^"]+)"/g)) {
    for (const ref of refs!.split(' ')) expect(ids).toContain(ref);
  }
  // Every button has a name: text inside it, or aria-label.
  for (const [button, attributes, content] of html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)) {
    const text = content!
      .replace(/<svg.*?<\/svg>/g, '')
      .replace(/<[^>]+>/g, '')
      .trim();
    expect(text !== '' || /aria-label="[^"]+"/.test(attributes!), button).toBe(true);
  }
}

const inLanguage = (language: Language, s: SessionSnapshot) => ({ ...s, language });

describe.each(LANGUAGES)('every screen in %s', (language) => {
  it.each(SESSION_STEPS.filter((step) => step !== 'failed'))('renders the %s step', (step) => {
    const html = render(inLanguage(language, stepSnapshot(step)));
    expectWellFormed(html);
    expect(html).toContain(`lang="${language}"`);
  });

  it.each(FAILURE_REASONS)('renders the failure screen for %s', (reason) => {
    const html = render(inLanguage(language, failedSnapshot(reason)));
    expectWellFormed(html);
    expect(html).toContain(CATALOGUES[language].failure[reason]);
    expect(html).toContain(CATALOGUES[language].failureNext[reason]);
  });

  it('renders the password field, its checklist and strength while typing', () => {
    const html = render(inLanguage(language, stepSnapshot('password', { passwordFailedRules: ['no_names'] })), {
      passwordTyping: true,
      password: 'una clave',
      activeField: 'password',
    });
    expectWellFormed(html);
    expect(html).toContain('type="password"');
    expect(html).toContain(CATALOGUES[language].password.repeatLabel);
    expect(html).toContain(CATALOGUES[language].password.strength.label);
  });

  it('lists the rules central refused while the field is empty again, and the rules broken live once the citizen types', () => {
    const refused = render(inLanguage(language, stepSnapshot('password', { passwordFailedRules: ['no_names'] })), {
      passwordTyping: true,
      activeField: 'password',
    });
    expectWellFormed(refused);
    expect(refused).toContain(CATALOGUES[language].password.ruleState.rejected);
    const typing = render(inLanguage(language, stepSnapshot('password')), { passwordTyping: true, password: 'valentina azul', activeField: 'password' });
    expectWellFormed(typing);
    expect(typing).toContain(CATALOGUES[language].password.brokenTitle);
    expect(typing).toContain(`${CATALOGUES[language].password.strength.label}: ${CATALOGUES[language].password.strength.weak}`);
  });

  it.each(['letters', 'symbols', 'email', 'numeric'] as const)('renders the %s keyboard with a name for every key', (layout) => {
    const html = render(inLanguage(language, stepSnapshot('email')), { activeField: 'email', layout });
    expectWellFormed(html);
    expect(html).toContain(`aria-label="${CATALOGUES[language].keyboard.label}"`);
  });

  it.each(FINGER_NAMES)('names the %s finger', (name) => {
    const html = render(inLanguage(language, stepSnapshot('finger', { finger: { name, feedback: 'low_quality', attemptsLeft: 1, enrolled: [] } })));
    expectWellFormed(html);
    expect(html).toContain(CATALOGUES[language].finger.names[name]);
  });

  it('renders the deferred ChileAtiende path without a typed password', () => {
    const html = render(inLanguage(language, stepSnapshot('password', { deferred: true })));
    expectWellFormed(html);
    expect(html).toContain(CATALOGUES[language].password.deferredNote);
    expect(html).not.toContain(CATALOGUES[language].password.typeOwn);
  });
});

describe('screen content', () => {
  it('shows the activation code grouped, spelled out for a screen reader, and as a QR code', () => {
    const html = render(stepSnapshot('code-on-screen'));
    expect(html).toContain('<span class="activation-code-group">ABCD</span><span class="activation-code-group">EFGH</span>');
    expect(html).toContain('Código: A B C D, E F G H, J K M N');
    expect(html).toMatch(/<svg class="qr-code" role="img" aria-label="Código QR con tu código de activación"/);
    expect(html).toContain(CATALOGUES['es-CL'].codeOnScreen.warning);
  });

  it('states when the printed code expires, in the kiosk time zone', () => {
    const html = render(stepSnapshot('code-printed'));
    expect(html).toMatch(/Tu código vence el \p{L}+ 16 de enero de 2026, a las \d\d:30\./u);
  });

  it('reads masked contact data as masked', () => {
    const html = render(stepSnapshot('password'));
    expect(html).toContain('<span aria-hidden="true">v***@correo.cl</span><span class="visually-hidden">v caracteres ocultos @correo.cl</span>');
    expect(html).toContain('+56 9 caracteres ocultos caracteres ocultos 78');
  });

  it('reads the e-mail and phone back in full on the review, each with its own edit button, and warns about onlookers', () => {
    const es = CATALOGUES['es-CL'].review;
    const html = render(stepSnapshot('review'));
    expect(html).toContain('valentina.sintetica@correo.cl');
    expect(html).toContain('+56 9 5550 1278');
    expect(html).not.toContain('v***@');
    expect(html).not.toContain('**** **78');
    expect(html).toContain(es.privacyNote);
    for (const edit of [es.editEmail, es.editPhone, es.editMethod]) expect(html).toContain(`</svg>${edit}</button>`);
  });

  it('opened from the review, the e-mail and phone steps save back to it or return unchanged', () => {
    const es = CATALOGUES['es-CL'];
    for (const step of ['email', 'phone'] as const) {
      const editing = render(stepSnapshot(step, { editingFromReview: true }));
      expect(editing, step).toContain(`${es.review.saveEdit}<svg`);
      expect(editing, step).toContain(`</svg>${es.review.cancelEdit}</button>`);
      const forward = render(stepSnapshot(step));
      expect(forward, step).toContain(`${es.session.continue}<svg`);
      expect(forward, step).not.toContain(es.review.saveEdit);
    }
  });

  it('offers Continue on the session welcome, one way out on every running step, Finish after success and Back to start after a failure', () => {
    const es = CATALOGUES['es-CL'];
    expect(render(stepSnapshot('welcome'))).toContain(`${es.session.continue}<svg`);
    // Consent's "Rechazar" and the offline offer's "Lo haré otro día" end the session as Cancel would: they take its place.
    const ownExit: Partial<Record<string, string>> = { consent: es.consent.decline, 'deferred-offer': es.deferredOffer.decline };
    for (const step of SESSION_STEPS.filter((s) => s !== 'idle')) {
      const html = render(step === 'failed' ? failedSnapshot('locked') : stepSnapshot(step));
      const done = ['code-printed', 'code-on-screen', 'activated', 'deferred'].includes(step);
      const running = !done && step !== 'failed';
      const exits = [es.session.cancel, es.consent.decline, es.deferredOffer.decline].filter((label) => html.includes(`</svg>${label}</button>`));
      expect(exits, step).toEqual(running ? [ownExit[step] ?? es.session.cancel] : []);
      expect(html.includes(`</svg>${es.session.finish}</button>`), step).toBe(done);
      expect(html.includes(`</svg>${es.session.home}</button>`), step).toBe(step === 'failed');
    }
  });

  it('disables the actions and says so while the service is busy', () => {
    const html = render(stepSnapshot('email', { busy: true }));
    expect(html).toContain(CATALOGUES['es-CL'].session.busy);
    expect(html).toMatch(/<button type="button" class="secondary-button exit-button" disabled=""/);
  });

  it('explains the unlock procedure on the locked screen, without promising the lock lapses', () => {
    const html = render(failedSnapshot('locked'));
    expect(html).toContain('oficina del Registro Civil');
    expect(html).not.toMatch(/espera 24 horas/i);
  });

  it('offers a help dialog on every screen', () => {
    for (const step of SESSION_STEPS) {
      const html = render(step === 'failed' ? failedSnapshot('internal') : stepSnapshot(step));
      expect(html, step).toContain('aria-haspopup="dialog"');
      expect(html, step).toContain(CATALOGUES['es-CL'].help.steps[step]);
    }
  });
});

describe.each(LANGUAGES)('the out-of-service screen in %s', (language) => {
  const outOfService = (reasons: SessionSnapshot['readiness']['outOfService']['reasons'], office: string | null) =>
    stepSnapshot('idle', { readiness: { readers: true, central: true, printer: true, outOfService: { reasons, office } } });
  const text = CATALOGUES[language].kioskStatus;
  const startButton = new RegExp(`<button[^>]*>${CATALOGUES[language].attract.start}<`);
  afterEach(() => uiStore.setState({ language: 'es-CL' }));

  it('replaces Comenzar with why (every reason, in plain words) and the configured office', () => {
    uiStore.setState({ language });
    const office = 'Oficina del Registro Civil, Av. Ejemplo 123';
    const html = render(outOfService(['device:fingerprint', 'device:cardReader', 'storage', 'directive'], office));
    expectWellFormed(html);
    expect(html).toContain(text.outOfService.title);
    for (const reason of ['fingerprint', 'cardReader', 'storage', 'directive'] as const) expect(html).toContain(text.outOfService.reasons[reason].title);
    expect(html).toContain(text.outOfService.office.replace('{{office}}', office));
    expect(html).not.toContain(text.outOfService.where);
    expect(html).not.toMatch(startButton);
  });

  it('says where in general words when no office is configured, and central’s outage in the words of the no-codes notice', () => {
    uiStore.setState({ language });
    const device = render(outOfService(['device:fingerprint'], null));
    expectWellFormed(device);
    expect(device).toContain(text.outOfService.where);
    const central = render(outOfService(['central'], null));
    expectWellFormed(central);
    expect(central).toContain(text.noCodes.title);
    expect(central).toContain(text.noCodes.where);
  });

  it('shows the welcome with Comenzar when there is no reason', () => {
    uiStore.setState({ language });
    const html = render(outOfService([], null));
    expect(html).toMatch(startButton);
    expect(html).not.toContain(text.outOfService.title);
  });
});
