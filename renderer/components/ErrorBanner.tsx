import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import type { Catalogue } from '../i18n/catalogues/es-CL.ts';
import { useVisibleError } from '../store/hooks.ts';
import { Icon } from './Icon.tsx';

/** Contract message keys all live under `errors.` (test/renderer/i18n-catalogues.test.ts checks it). */
type ErrorMessageKey = `errors.${keyof Catalogue['errors']}`;

/**
 * The service's error for this step, or the last command's. The alert region
 * is always in the page so that a message appearing in it is announced.
 */
export function ErrorBanner() {
  const { t } = useFirstScreenTranslation();
  const error = useVisibleError();
  return (
    <div role="alert" className={error === null ? 'error-banner error-banner-empty' : 'error-banner'}>
      {error === null ? null : (
        <>
          <Icon name="warning" />
          <p>{t(error.messageKey as ErrorMessageKey, { defaultValue: t('errors.internal') })}</p>
        </>
      )}
    </div>
  );
}
