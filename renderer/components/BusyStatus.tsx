import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { useSessionBusy } from '../store/hooks.ts';
import { Spinner } from './Spinner.tsx';

/**
 * "One moment…" while the service works for the citizen on a screen that
 * otherwise waits for them. The status region is always in the page so the
 * message is announced when it appears (WCAG 4.1.3).
 */
export function BusyStatus() {
  const { t } = useFirstScreenTranslation();
  const busy = useSessionBusy();
  return (
    <div role="status" className={busy ? 'busy-status' : 'busy-status busy-status-empty'}>
      {busy ? (
        <>
          <Spinner />
          <span>{t('session.busy')}</span>
        </>
      ) : null}
    </div>
  );
}
