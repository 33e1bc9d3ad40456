import { use } from 'react';
import { useTranslation } from 'react-i18next';
import { useDisplayLanguage } from '../store/hooks.ts';
import { hasFirstScreenTexts, isLanguageLoaded, loadLanguage } from './kiosk-i18n.ts';

/**
 * `t` bound to the language the citizen currently sees (see
 * store/display-language.ts). A language whose catalogue has not arrived
 * (a session in English found by a reloaded page) suspends the component, so
 * the nearest Suspense fallback shows instead of Spanish text.
 */
export function useCitizenTranslation() {
  const language = useDisplayLanguage();
  const { t, i18n } = useTranslation(undefined, { lng: language });
  if (!isLanguageLoaded(i18n, language)) use(loadLanguage(i18n, language));
  return { t, language };
}

/**
 * The same for what can be on the first screen (welcome, preparing, out of
 * service, unavailable, and the header, controls and dialogs they show):
 * their texts are in the first chunk in Spanish, so the welcome never waits
 * for a catalogue. Only keys of catalogues/es-CL.ts may be used through it
 * (test/renderer/first-screen-texts.test.tsx renders those screens with that part alone).
 */
export function useFirstScreenTranslation() {
  const language = useDisplayLanguage();
  const { t, i18n } = useTranslation(undefined, { lng: language });
  if (!hasFirstScreenTexts(i18n, language)) use(loadLanguage(i18n, language));
  return { t, language };
}
