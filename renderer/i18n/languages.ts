import { type Language, LANGUAGES } from '../../electron/contract/languages.ts';

/** The contract's languages, in its order (Spanish first). */
export const CITIZEN_LANGUAGES = LANGUAGES;

/**
 * Each language named in itself, so a citizen who does not read Spanish can
 * still find theirs (WCAG 3.1.2: every button carries its own `lang`).
 */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  'es-CL': 'Español',
  en: 'English',
  ht: 'Kreyòl ayisyen',
};

/** The language picker's caption, written in all three languages for the same reason. */
export const LANGUAGE_CAPTION: ReadonlyArray<{ readonly language: Language; readonly text: string }> = [
  { language: 'es-CL', text: 'Idioma' },
  { language: 'en', text: 'Language' },
  { language: 'ht', text: 'Lang' },
];
