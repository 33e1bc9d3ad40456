import { CATALOGUES } from './catalogues.ts';
import { formatDateTime } from './format-date.ts';
import { useCitizenTranslation } from './use-citizen-translation.ts';

/** Dates in the citizen's language, from the catalogue (format-date.ts), in the kiosk's time zone. */
export function useFormatDateTime(): (iso: string) => string {
  const { language } = useCitizenTranslation();
  return (iso) => formatDateTime(iso, CATALOGUES[language].dates);
}
