/**
 * Names, not words: the service and the government that runs it are called
 * the same in every language the kiosk speaks, as on the card and on gob.cl
 * ("Gouvènman Chili" is not what anyone will find on a sign). They live
 * outside the catalogues so no translation can touch them; where they stand
 * alone on a screen in another language, they are marked `lang="es"` so a
 * screen reader pronounces them as Spanish (WCAG 3.1.2).
 */
export const PROPER_NAMES = {
  product: 'ClaveÚnica',
  government: 'Gobierno de Chile',
} as const;

/** The language the names are in. */
export const PROPER_NAMES_LANG = 'es';
