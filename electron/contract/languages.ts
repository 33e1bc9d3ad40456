/**
 * Citizen-facing languages, Spanish (Chile) first, as BCP 47 tags. Kept free
 * of zod so the renderer can import the list without bundling a schema library.
 */
export const LANGUAGES = ['es-CL', 'en', 'ht'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'es-CL';
