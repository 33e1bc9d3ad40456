import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useFormatDateTime } from '../i18n/use-format-date.ts';
import { useActivationCodeExpiry } from '../store/hooks.ts';

const HOW = ['visit', 'enter', 'choose'] as const;

/** Civil Digital, done: the receipt is printed; take it and activate on the web before it expires. */
export function CodePrintedScreen() {
  const { t } = useCitizenTranslation();
  const formatDateTime = useFormatDateTime();
  const expiresAt = useActivationCodeExpiry();
  return (
    <SessionScreen title={t('codePrinted.title')} icon="printer" exit="finish">
      <p className="lead">{t('codePrinted.lead')}</p>
      <section className="notice-section" aria-labelledby="how-to-activate">
        <h2 id="how-to-activate" className="section-title">
          {t('activation.howTitle')}
        </h2>
        <ol className="instruction-list">
          {HOW.map((step) => (
            <li key={step}>{t(`activation.how.${step}`)}</li>
          ))}
        </ol>
      </section>
      {expiresAt === null ? null : <p className="emphasis">{t('activation.expires', { date: formatDateTime(expiresAt) })}</p>}
      <p className="hint">{t('codePrinted.keepPrivate')}</p>
    </SessionScreen>
  );
}
