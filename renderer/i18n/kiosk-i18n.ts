import { createInstance, type i18n as I18n } from 'i18next';
import { CITIZEN_LANGUAGES } from './languages.ts';
import { CATALOGUES, FALLBACK_LANGUAGE } from './catalogues.ts';

/**
 * One i18next instance with every catalogue bundled: nothing is fetched, so
 * init is synchronous and a language switch shows on the very next render.
 * Components ask for their language explicitly (use-citizen-translation.ts)
 * instead of changing the instance's global language.
 */
export function createKioskI18n(): I18n {
  const i18n = createInstance();
  void i18n.init({
    resources: Object.fromEntries(CITIZEN_LANGUAGES.map((language) => [language, { translation: CATALOGUES[language] }])),
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: [...CITIZEN_LANGUAGES],
    // 'es-CL' must not also look for a bare 'es' catalogue.
    load: 'currentOnly',
    initAsync: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return i18n;
}
