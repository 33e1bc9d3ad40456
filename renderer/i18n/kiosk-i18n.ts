import { createInstance, type i18n as I18n } from 'i18next';
import type { Language } from '../../electron/contract/app.ts';
import type { TechnicianCatalogue } from '../technician/i18n/technician-es-CL.ts';
import { retryImport } from '../lazy/retry-import.ts';
import { CONNECTING_TEXTS } from './catalogues/connecting-texts.ts';
import { type CitizenCatalogue, esCLFirstScreens } from './catalogues/es-CL.ts';
import { CITIZEN_LANGUAGES } from './languages.ts';

/** The language the kiosk opens in, whose catalogue is in the first chunk; the fallback for a missing key. */
export const FIRST_LANGUAGE = 'es-CL' satisfies Language;

/**
 * What each language's citizen texts still need once the first chunk is in:
 * es-CL's session texts, the whole of en and ht. Each a chunk of its own.
 */
const LATER_TEXTS: Readonly<Record<Language, () => Promise<Partial<CitizenCatalogue>>>> = {
  'es-CL': retryImport(() => import('./catalogues/es-CL-session.ts').then((module) => module.esCLSession)),
  en: retryImport(() => import('./catalogues/en.ts').then((module) => module.en)),
  ht: retryImport(() => import('./catalogues/ht.ts').then((module) => module.ht)),
};

interface CatalogueState {
  readonly loading: Map<Language, Promise<void>>;
  /** Languages whose citizen texts are all in the instance. */
  readonly loaded: Set<Language>;
  technician: Readonly<Record<Language, TechnicianCatalogue>> | null;
}

/** Only instances made by createKioskI18n load catalogues; any other (a test's, with every catalogue given) counts as complete. */
const states = new WeakMap<I18n, CatalogueState>();

/**
 * The state of an instance, found also through the copy react-i18next's
 * useTranslation hands out (a new object per language, which keeps the
 * instance as `__original`).
 */
function stateOf(i18n: I18n): CatalogueState | undefined {
  return states.get(i18n) ?? states.get((i18n as I18n & { readonly __original?: I18n }).__original ?? i18n);
}

/**
 * The kiosk's i18next instance: es-CL's first screens' texts, and of the
 * other languages only the `connecting` section (catalogues/connecting-texts.ts),
 * so init is synchronous and the first screen paints at once. `loadLanguage`
 * brings the rest. Components ask for their language explicitly
 * (use-citizen-translation.ts) instead of changing the instance's language,
 * and a component whose language has not arrived yet suspends rather than
 * show Spanish.
 */
export function createKioskI18n(): I18n {
  const i18n = createInstance();
  void i18n.init({
    resources: Object.fromEntries(
      // Copies: i18next merges what loads later into the objects it holds, and the modules' own must stay as written.
      CITIZEN_LANGUAGES.map((language) => [
        language,
        { translation: language === FIRST_LANGUAGE ? { ...esCLFirstScreens } : { connecting: { ...CONNECTING_TEXTS[language] } } },
      ]),
    ),
    lng: FIRST_LANGUAGE,
    fallbackLng: FIRST_LANGUAGE,
    supportedLngs: [...CITIZEN_LANGUAGES],
    // 'es-CL' must not also look for a bare 'es' catalogue.
    load: 'currentOnly',
    initAsync: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  states.set(i18n, { loading: new Map(), loaded: new Set(), technician: null });
  return i18n;
}

/** Whether every citizen text of `language` is in the instance. */
export function isLanguageLoaded(i18n: I18n, language: Language): boolean {
  return stateOf(i18n)?.loaded.has(language) ?? true;
}

/** Whether what the first screens say in `language` is in the instance (es-CL's always is). */
export function hasFirstScreenTexts(i18n: I18n, language: Language): boolean {
  return language === FIRST_LANGUAGE || isLanguageLoaded(i18n, language);
}

/** Loads a language's citizen catalogue (once; the same promise each time), with technician mode's texts if those are loaded. */
export function loadLanguage(i18n: I18n, language: Language): Promise<void> {
  const state = stateOf(i18n);
  if (state === undefined || state.loaded.has(language)) return Promise.resolve();
  let loading = state.loading.get(language);
  if (loading === undefined) {
    loading = LATER_TEXTS[language]().then((catalogue) => {
      i18n.addResourceBundle(language, 'translation', catalogue, true, true);
      if (state.technician !== null) i18n.addResourceBundle(language, 'translation', { technician: state.technician[language] }, true, true);
      state.loaded.add(language);
    });
    state.loading.set(language, loading);
  }
  return loading;
}

/** Technician mode's texts, added by its chunk when it opens, for the languages loaded now and those loaded later. */
export function addTechnicianTexts(i18n: I18n, catalogues: Readonly<Record<Language, TechnicianCatalogue>>): void {
  const state = stateOf(i18n);
  if (state === undefined || state.technician === catalogues) return;
  state.technician = catalogues;
  for (const language of state.loaded) i18n.addResourceBundle(language, 'translation', { technician: catalogues[language] }, true, true);
}

/** The citizen catalogue of a loaded language (dates are formatted from it). */
export function citizenCatalogue(i18n: I18n, language: Language): CitizenCatalogue {
  return i18n.getResourceBundle(language, 'translation') as CitizenCatalogue;
}
