import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { sessionStore } from '../store/session-store.ts';
import { formatDateTime } from './format-date.ts';
import { citizenCatalogue } from './kiosk-i18n.ts';
import { useCitizenTranslation } from './use-citizen-translation.ts';

/** Dates in the citizen's language, from the catalogue (format-date.ts), in the kiosk's configured time zone. */
export function useFormatDateTime(): (iso: string) => string {
  const { language } = useCitizenTranslation();
  const { i18n } = useTranslation();
  // Every date shown comes from a snapshot, which carries the zone; before the first one there is nothing to format.
  const timeZone = useStore(sessionStore, (s) => s.snapshot?.timeZone ?? 'UTC');
  return (iso) => formatDateTime(iso, citizenCatalogue(i18n, language).dates, timeZone);
}
