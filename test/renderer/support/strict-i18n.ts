/**
 * An i18next instance over the three catalogues with no fallback language, for
 * rendering and speaking screens in tests: a key a catalogue lacks is recorded
 * in `missing` instead of quietly shown in Spanish or as its raw name.
 */
import { createInstance, type i18n as I18n } from 'i18next';
import { LANGUAGES } from '../../../electron/contract/app.ts';
import { CATALOGUES } from '../../../renderer/i18n/catalogues.ts';

export interface StrictI18n {
  readonly i18n: I18n;
  /** `language:key` for every key looked up and not found. */
  readonly missing: string[];
  /** Loads the catalogues (call in beforeAll). */
  init(): Promise<void>;
}

export function strictI18n(): StrictI18n {
  const i18n = createInstance();
  const missing: string[] = [];
  return {
    i18n,
    missing,
    init: async () => {
      await i18n.init({
        resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: CATALOGUES[language] }])),
        lng: 'es-CL',
        fallbackLng: false,
        supportedLngs: [...LANGUAGES],
        load: 'currentOnly',
        interpolation: { escapeValue: false },
        react: { useSuspense: false },
        saveMissing: true,
        missingKeyHandler: (lngs, _ns, key) => missing.push(`${lngs.join()}:${key}`),
      });
    },
  };
}
