import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useCitizenFirstName, usePasswordMethod } from '../store/hooks.ts';

/** ChileAtiende, done: what happens next and how to sign in from now on. */
export function ActivatedScreen() {
  const { t } = useCitizenTranslation();
  const firstName = useCitizenFirstName();
  const method = usePasswordMethod();
  return (
    <SessionScreen title={firstName === null ? t('activated.title') : t('activated.titleNamed', { name: firstName })} icon="check" exit="finish">
      <p className="lead" role="status">
        {t('activated.lead')}
      </p>
      {method === null ? null : <p>{t(`activated.next.${method}`)}</p>}
      <section className="notice-section" aria-labelledby="how-to-sign-in">
        <h2 id="how-to-sign-in" className="section-title">
          {t('activated.signInTitle')}
        </h2>
        <p>{t('activated.signIn')}</p>
      </section>
      <p className="hint">{t('activated.neverShare')}</p>
    </SessionScreen>
  );
}
