import type { Language } from '../../electron/contract/app.ts';
import { TECHNICIAN_CATALOGUES } from '../technician/i18n/technician-catalogues.ts';
import { en } from './catalogues/en.ts';
import { type Catalogue, esCLFirstScreens } from './catalogues/es-CL.ts';
import { esCLSession } from './catalogues/es-CL-session.ts';
import { ht } from './catalogues/ht.ts';

/**
 * Every language whole (the citizen's texts and technician mode's), for tests
 * and tools. The renderer itself never imports this file: it starts with
 * es-CL's citizen texts and loads the rest when needed (kiosk-i18n.ts).
 */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = {
  'es-CL': { ...esCLFirstScreens, ...esCLSession, technician: TECHNICIAN_CATALOGUES['es-CL'] },
  en: { ...en, technician: TECHNICIAN_CATALOGUES.en },
  ht: { ...ht, technician: TECHNICIAN_CATALOGUES.ht },
};

/** Spanish is complete by rule; any key another language lacks falls back to it. */
export const FALLBACK_LANGUAGE = 'es-CL' satisfies Language;
