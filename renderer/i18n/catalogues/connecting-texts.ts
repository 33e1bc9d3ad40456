import type { Language } from '../../../electron/contract/app.ts';

/**
 * The `connecting` section of each catalogue, kept in one small file because
 * the renderer's first chunk carries it in all three languages: en and ht are
 * loaded when a citizen picks them (i18n/kiosk-i18n.ts), and until theirs has
 * arrived a screen that waits for it still says, in its own language, that it
 * is coming rather than flashing Spanish.
 */
export const CONNECTING_TEXTS = {
  'es-CL': {
    message: 'Preparando el kiosco…',
    loading: 'Un momento, por favor…',
  },
  en: {
    message: 'Getting the kiosk ready…',
    loading: 'One moment, please…',
  },
  ht: {
    message: 'N ap prepare kyòs la…',
    loading: 'Yon ti moman, tanpri…',
  },
} satisfies Record<Language, { message: string; loading: string }>;
