import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand';
import { kioskError } from '../../electron/contract/errors.ts';
import type { SpeechStatus } from '../../electron/contract/speech.ts';
import { AccessibilityToggles } from '../../renderer/components/AccessibilityToggles.tsx';
import { createKioskI18n } from '../../renderer/i18n/kiosk-i18n.ts';
import { speechStore } from '../../renderer/speech/speech-store.ts';
import { sessionStore } from '../../renderer/store/session-store.ts';
import { INITIAL_UI_STATE, uiStore } from '../../renderer/store/ui-store.ts';

const SPEAKS: SpeechStatus = { available: true, reason: null, output: 'device', voices: { 'es-CL': 'es-419', en: 'en-us', ht: 'ht' } };
const SILENT: SpeechStatus = { available: false, reason: 'no_audio_output', output: 'none', voices: { 'es-CL': 'es-419', en: 'en-us', ht: 'ht' } };

beforeAll(() => {
  // Server rendering reads a store through getInitialState; point it at the state each test sets.
  for (const store of [uiStore, speechStore, sessionStore] as StoreApi<unknown>[]) store.getInitialState = store.getState;
});

afterEach(() => {
  uiStore.setState(INITIAL_UI_STATE);
  speechStore.setState({ status: null, error: null, repeats: 0 });
});

function render(): string {
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createKioskI18n() }, createElement(AccessibilityToggles)));
}

const buttons = (html: string) =>
  [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map(([, attributes, content]) => ({
    name: content!
      .replace(/<svg.*?<\/svg>/g, '')
      .replace(/<[^>]+>/g, '')
      .trim(),
    pressed: /aria-pressed="(true|false)"/.exec(attributes!)?.[1] ?? null,
  }));

describe('the spoken guidance toggle', () => {
  it('is not offered before the service says it can speak, nor when it cannot', () => {
    expect(buttons(render()).map((b) => b.name)).toEqual(['Texto más grande', 'Alto contraste']);
    speechStore.setState({ status: SILENT });
    expect(buttons(render()).map((b) => b.name)).toEqual(['Texto más grande', 'Alto contraste']);
  });

  it('sits next to larger text and high contrast when the kiosk can speak, off for a new citizen', () => {
    speechStore.setState({ status: SPEAKS });
    expect(buttons(render())).toEqual([
      { name: 'Texto más grande', pressed: 'false' },
      { name: 'Alto contraste', pressed: 'false' },
      { name: 'Guía hablada', pressed: 'false' },
    ]);
  });

  it('shows "Repeat" while speech is on', () => {
    speechStore.setState({ status: SPEAKS });
    uiStore.setState({ spokenGuidance: true });
    const html = render();
    expect(buttons(html).slice(2)).toEqual([
      { name: 'Guía hablada', pressed: 'true' },
      { name: 'Repetir', pressed: null },
    ]);
    // Touching them must not cut the guidance off (SpokenGuidance.tsx listens for touches elsewhere).
    expect(html.match(/data-keeps-speech=""/g)).toHaveLength(2);
  });

  it('writes out why it could not speak, in a status region', () => {
    speechStore.setState({ status: SPEAKS, error: kioskError('speech.voice_missing') });
    uiStore.setState({ spokenGuidance: true });
    expect(render()).toMatch(/<p[^>]*role="status"[^>]*>La guía hablada no está disponible en este idioma\. Puedes elegir otro idioma\.<\/p>/);
  });
});
