import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';

/** The deferred enrollment is sealed in the queue; the result comes by e-mail and SMS. */
export function DeferredScreen() {
  const { t } = useCitizenTranslation();
  return (
    <SessionScreen title={t('deferred.title')} icon="check" exit="finish">
      <p className="lead" role="status">
        {t('deferred.lead')}
      </p>
      <p>{t('deferred.notify')}</p>
      <p className="hint">{t('deferred.privacy')}</p>
    </SessionScreen>
  );
}
