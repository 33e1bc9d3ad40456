import { FingerDiagram } from '../components/FingerDiagram.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useFingerAttemptsLeft, useFingerFeedback, useFingerName } from '../store/hooks.ts';

/**
 * Capturing the finger the registry asks for. The reader's live feedback is
 * a polite status region, so a screen-reader user hears "lift your finger"
 * the moment it applies; attempts left are stated, not hidden.
 */
export function FingerScreen() {
  const { t } = useCitizenTranslation();
  const finger = useFingerName();
  const feedback = useFingerFeedback() ?? 'waiting';
  const attemptsLeft = useFingerAttemptsLeft();
  return (
    <SessionScreen title={t('finger.title')} icon="fingerprint" exit="cancel">
      <div className="instruction-layout">
        {finger === null ? null : <FingerDiagram finger={finger} />}
        <div className="finger-text">
          <p className="lead">{finger === null ? t('finger.useAny') : t('finger.use', { finger: t(`finger.names.${finger}`) })}</p>
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
