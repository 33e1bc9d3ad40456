import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon, type IconName } from '../components/Icon.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, usePrinterReady, useSessionMode } from '../store/hooks.ts';

type Need = 'cedula' | 'finger' | 'email' | 'phone';
const NEED_ICONS: Record<Need, IconName> = { cedula: 'card', finger: 'fingerprint', email: 'email', phone: 'phone' };

/**
 * First step of a session (step `welcome`): what the citizen will need. The
 * language now belongs to the session, so switching it goes to the service.
 */
export function SessionWelcomeScreen() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const chileAtiende = useSessionMode() === 'chileatiende';
  const printerReady = usePrinterReady();
  // ChileAtiende activates at the kiosk, so it also asks for contact details.
  const needs: readonly Need[] = chileAtiende ? ['cedula', 'finger', 'email', 'phone'] : ['cedula', 'finger'];
  return (
    <SessionScreen
      title={t('sessionWelcome.title')}
      exit="cancel"
      actions={
        <button type="button" className="primary-button" disabled={locked} onClick={() => commands.send({ type: 'continue' })}>
          {t('session.continue')}
          <Icon name="arrowRight" />
        </button>
      }
    >
      <p className="lead">{t('sessionWelcome.needsIntro')}</p>
      <ul className="needs-list">
        {needs.map((need) => (
          <li key={need} className="needs-item">
            <Icon name={NEED_ICONS[need]} />
            <span>{t(`sessionWelcome.needs.${need}`)}</span>
          </li>
        ))}
      </ul>
      <p className="outcome">
        {chileAtiende
          ? t('sessionWelcome.outcome.chileatiende')
          : printerReady
            ? t('sessionWelcome.outcome.civilDigital')
            : t('sessionWelcome.outcome.civilDigitalOnScreen')}
      </p>
    </SessionScreen>
  );
}
