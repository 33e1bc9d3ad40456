import { ActivationCode } from '../components/ActivationCode.tsx';
import { Icon } from '../components/Icon.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useFormatDateTime } from '../i18n/use-format-date.ts';
import { useActivationCodeDisplay, useActivationCodeExpiry } from '../store/hooks.ts';

const HOW = ['visit', 'enter', 'choose'] as const;

/**
 * Civil Digital when the receipt could not be printed: the code itself, to
 * copy or photograph (the QR holds exactly the code, nothing else), with a
 * plain warning that it is as good as a key until it is used or expires.
 */
export function CodeOnScreenScreen() {
  const { t } = useCitizenTranslation();
  const formatDateTime = useFormatDateTime();
  const code = useActivationCodeDisplay();
  const expiresAt = useActivationCodeExpiry();
  return (
    <SessionScreen title={t('codeOnScreen.title')} icon="key" exit="finish">
      <p className="lead">{t('codeOnScreen.lead')}</p>
      {code === null ? (
        <p className="emphasis">{t('codeOnScreen.missing')}</p>
      ) : (
        <div className="code-panel">
          <p className="code-caption">{t('codeOnScreen.codeLabel')}</p>
          <ActivationCode code={code} />
          <QrCode text={code} label={t('codeOnScreen.qrLabel')} />
        </div>
      )}
      <div className="warning-box">
        <Icon name="lock" />
        <div>
          <p className="warning-title">{t('codeOnScreen.warningTitle')}</p>
          <p>{t('codeOnScreen.warning')}</p>
        </div>
      </div>
      {expiresAt === null ? null : <p className="emphasis">{t('activation.expires', { date: formatDateTime(expiresAt) })}</p>}
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
    </SessionScreen>
  );
}
