import { useCitizenCommands } from '../citizen-commands.ts';
import { AccessibilityToggles } from '../components/AccessibilityToggles.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Icon, type IconName } from '../components/Icon.tsx';
import { LanguagePicker } from '../components/LanguagePicker.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useProgressCurrent, useProgressTotal, useSessionMode } from '../store/hooks.ts';

type Need = 'cedula' | 'finger' | 'email' | 'phone';
const NEED_ICONS: Record<Need, IconName> = { cedula: 'card', finger: 'fingerprint', email: 'email', phone: 'phone' };

/**
 * First step of a session (step `welcome`): what the citizen will need. There
 * is deliberately no "Continue" yet: the following steps do not exist. The
 * language now belongs to the session, so switching it goes to the service.
 */
export function SessionWelcomeScreen() {
  const { t, language } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const chileAtiende = useSessionMode() === 'chileatiende';
  const current = useProgressCurrent();
  const total = useProgressTotal();
  // ChileAtiende activates at the kiosk, so it also asks for contact details.
  const needs: readonly Need[] = chileAtiende ? ['cedula', 'finger', 'email', 'phone'] : ['cedula', 'finger'];
  return (
    <ScreenFrame
      layout="session"
      controls={
        <>
          <LanguagePicker current={language} onSelect={commands.selectLanguage} />
          <AccessibilityToggles />
        </>
      }
    >
      <div className="screen-body">
        {current > 0 ? <p className="step-indicator">{t('sessionWelcome.step', { current, total })}</p> : null}
        <h1 className="title" tabIndex={-1}>
          {t('sessionWelcome.title')}
        </h1>
        <ErrorBanner />
        <p className="lead">{t('sessionWelcome.needsIntro')}</p>
        <ul className="needs-list">
          {needs.map((need) => (
            <li key={need} className="needs-item">
              <Icon name={NEED_ICONS[need]} />
              <span>{t(`sessionWelcome.needs.${need}`)}</span>
            </li>
          ))}
        </ul>
        <p className="outcome">{chileAtiende ? t('sessionWelcome.outcome.chileatiende') : t('sessionWelcome.outcome.civilDigital')}</p>
        <div className="screen-actions">
          <button type="button" className="secondary-button" onClick={commands.cancel}>
            <Icon name="close" />
            {t('sessionWelcome.cancel')}
          </button>
        </div>
      </div>
    </ScreenFrame>
  );
}
