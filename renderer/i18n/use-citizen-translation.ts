import { useTranslation } from 'react-i18next';
import { useDisplayLanguage } from '../store/hooks.ts';

/** `t` bound to the language the citizen currently sees (see store/display-language.ts). */
export function useCitizenTranslation() {
  const language = useDisplayLanguage();
  const { t } = useTranslation(undefined, { lng: language });
  return { t, language };
}
