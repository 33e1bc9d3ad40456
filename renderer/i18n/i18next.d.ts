import 'i18next';
import type { Catalogue } from './catalogues/es-CL.ts';

// Typed keys: `t('attract.strat')` fails to compile instead of showing a raw key on the kiosk.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalogue };
  }
}
