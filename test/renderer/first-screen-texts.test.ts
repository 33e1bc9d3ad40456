/**
 * The renderer's first chunk holds only the first screens' Spanish texts
 * (renderer/i18n/catalogues/es-CL.ts); the session's screens' texts come in a
 * chunk of their own after the first paint. Every first screen, in every
 * state it can be in before a session starts, is rendered here through an
 * i18next instance that holds that part alone and has no fallback: a key
 * from the other part would be recorded as missing (and on a kiosk would show
 * as its raw name until the second chunk came).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { createInstance } from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand';
import { ERROR_CATALOGUE, kioskError, ok } from '../../electron/contract/errors.ts';
import type { SessionSnapshot } from '../../electron/contract/session.ts';
import { App } from '../../renderer/App.tsx';
import { CATALOGUES } from '../../renderer/i18n/catalogues.ts';
import { esCLFirstScreens } from '../../renderer/i18n/catalogues/es-CL.ts';
import { createKioskI18n, loadLanguage } from '../../renderer/i18n/kiosk-i18n.ts';
import { ScreenLoading } from '../../renderer/lazy/ScreenLoading.tsx';
import { serviceStore } from '../../renderer/store/service-store.ts';
import { sessionStore } from '../../renderer/store/session-store.ts';
import { uiStore } from '../../renderer/store/ui-store.ts';
import { fakeKiosk } from './fake-kiosk.ts';
import { snapshot, stepSnapshot } from './fixtures.ts';
import { loadLazyParts } from './support/lazy-parts.ts';

const i18n = createInstance();
const missing: string[] = [];

beforeAll(async () => {
  await i18n.init({
    resources: { 'es-CL': { translation: esCLFirstScreens } },
    lng: 'es-CL',
    fallbackLng: false,
    supportedLngs: ['es-CL'],
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    saveMissing: true,
    missingKeyHandler: (lngs, _ns, key) => missing.push(`${lngs.join()}:${key}`),
  });
  for (const store of [sessionStore, uiStore, serviceStore] as StoreApi<unknown>[]) store.getInitialState = store.getState;
});

afterEach(() => {
  missing.length = 0;
  uiStore.getState().resetForNextCitizen();
});

const { kiosk } = fakeKiosk({ 'session.snapshot': () => ok(snapshot()) });

function render(state: { snapshot: SessionSnapshot | null; service?: 'available' | 'unavailable'; error?: keyof typeof ERROR_CATALOGUE }): string {
  const error = state.error === undefined ? null : kioskError(state.error);
  sessionStore.setState({ snapshot: state.snapshot, commandError: error, commandPending: false, snapshotUnreachable: false });
  serviceStore.setState({ state: state.service ?? 'available' });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(App, { kiosk })));
}

const idle = (readiness: Partial<SessionSnapshot['readiness']> = {}, mode: SessionSnapshot['mode'] = 'civil-digital') => {
  const base = snapshot();
  return snapshot({ step: 'idle', mode, readiness: { ...base.readiness, ...readiness } });
};

describe('the first screens, with the first chunk’s Spanish texts alone', () => {
  it.each([
    ['the welcome, preparing (before the first snapshot)', { snapshot: null }],
    ['the welcome', { snapshot: idle() }],
    ['the welcome, central down (Civil Digital)', { snapshot: idle({ central: false }) }],
    ['the welcome, central down (ChileAtiende)', { snapshot: idle({ central: false }, 'chileatiende') }],
    ['the welcome, no printer', { snapshot: idle({ printer: false }) }],
    ['the welcome, with the start refused', { snapshot: idle(), error: 'session.out_of_service' as const }],
    [
      'out of service',
      {
        snapshot: idle({
          readers: false,
          outOfService: { reasons: ['device:fingerprint', 'device:cardReader', 'storage', 'directive', 'central'], office: null },
        }),
      },
    ],
    ['the service unavailable', { snapshot: idle(), service: 'unavailable' as const }],
  ])('renders %s', (_name, state) => {
    for (const textSize of ['normal', 'large'] as const) {
      uiStore.setState({ textSize });
      const html = render(state);
      expect(missing, textSize).toEqual([]);
      expect(html).toContain('<h1');
    }
  });

  it('shows every contract error on the welcome in words', () => {
    for (const code of Object.keys(ERROR_CATALOGUE) as (keyof typeof ERROR_CATALOGUE)[]) render({ snapshot: idle(), error: code });
    expect(missing).toEqual([]);
  });

  it('offers "Comenzar" only once the snapshot is in, and says meanwhile that the kiosk is being prepared', () => {
    const preparing = render({ snapshot: null });
    expect(preparing).toContain(esCLFirstScreens.connecting.message);
    const startButton = new RegExp(`<button type="button" class="primary-button">${esCLFirstScreens.attract.start}`);
    expect(preparing).not.toMatch(startButton);
    expect(preparing).toMatch(/role="status"><span class="spinner"/);
    expect(preparing).toContain(esCLFirstScreens.attract.lead);
    const ready = render({ snapshot: idle() });
    expect(ready).toMatch(startButton);
    expect(ready).not.toContain(esCLFirstScreens.connecting.message);
  });

  it('renders the loading fallback busy, in the citizen’s language', () => {
    const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ScreenLoading)));
    expect(html).toContain('aria-busy="true"');
    expect(html).toMatch(/role="status" lang="es-CL">Un momento, por favor…</);
    expect(missing).toEqual([]);
  });
});

describe('a language whose catalogue has not arrived', () => {
  it('shows the busy fallback in that language, never Spanish, until it arrives (a reloaded page finding a session in English)', async () => {
    await loadLazyParts();
    const kioskI18n = createKioskI18n();
    await loadLanguage(kioskI18n, 'es-CL');
    sessionStore.setState({ snapshot: { ...stepSnapshot('consent'), language: 'en' }, commandError: null, commandPending: false, snapshotUnreachable: false });
    serviceStore.setState({ state: 'available' });
    const renderApp = () => renderToStaticMarkup(createElement(I18nextProvider, { i18n: kioskI18n }, createElement(App, { kiosk })));

    const before = renderApp();
    expect(before).toContain('aria-busy="true"');
    expect(before).toContain('lang="en">One moment, please…');
    expect(before).not.toContain(CATALOGUES['es-CL'].consent.accept);

    await loadLanguage(kioskI18n, 'en');
    const after = renderApp();
    expect(after).not.toContain('aria-busy="true"');
    expect(after).toContain(CATALOGUES.en.consent.accept);
  });
});
