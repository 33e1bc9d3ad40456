import type { Language } from '../../electron/contract/app.ts';
import { en } from './catalogues/en.ts';
import { type Catalogue, esCL } from './catalogues/es-CL.ts';
import { ht } from './catalogues/ht.ts';

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { 'es-CL': esCL, en, ht };

/** Spanish is complete by rule; any key another language lacks falls back to it. */
export const FALLBACK_LANGUAGE = 'es-CL' satisfies Language;
