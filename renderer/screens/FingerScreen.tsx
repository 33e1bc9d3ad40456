import { useCitizenCommands } from '../citizen-commands.ts';
import { FingerDiagram } from '../components/FingerDiagram.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, useEnrolledFingers, useFingerAttemptsLeft, useFingerFeedback, useFingerName } from '../store/hooks.ts';

/**
 * Capturing a finger the registry holds: the right index first, and any
 * other enrolled finger the citizen picks on the hand diagram. The reader's
 * live feedback is a polite status region, so a screen-reader user hears
 * "lift your finger" the moment it applies; attempts left are stated, not hidden.
 */
export function FingerScreen() {
  const { t, language } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const finger = useFingerName();
  const enrolled = useEnrolledFingers();
  const locked = useActionsLocked();
  const feedback = useFingerFeedback() ?? 'waiting';
  const attemptsLeft = useFingerAttemptsLeft();
  const label = (name: (typeof enrolled)[number]): string => {
    const text = t(`finger.names.${name}`);
    return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
  };
  return (
    <SessionScreen title={t('finger.title')} icon="fingerprint" exit="cancel">
      <div className="instruction-layout">
        {finger === null ? null : (
          <FingerDiagram
            finger={finger}
            enrolled={enrolled}
            fingerLabel={label}
            chooseLabel={t('finger.chooseLabel')}
            disabled={locked}
            onChoose={(chosen) => commands.send({ type: 'finger.choose', finger: chosen })}
          />
        )}
        <div className="finger-text">
          <p className="lead">{finger === null ? t('finger.useAny') : t('finger.use', { finger: t(`finger.names.${finger}`) })}</p>
          {enrolled.length > 1 ? <p className="hint">{t('finger.chooseHint')}</p> : null}
          <p className="hint">{t('finger.readerLocation')}</p>
        </div>
      </div>
      <p className={`live-status finger-feedback finger-feedback-${feedback}`} role="status">
        {t(`finger.feedback.${feedback}`)}
      </p>
      {attemptsLeft === null ? null : <p className="attempts">{t('finger.attemptsLeft', { count: attemptsLeft })}</p>}
      <p className="hint">{t('finger.privacy')}</p>
    </SessionScreen>
  );
}
