import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useProgressCurrent, useProgressTotal } from '../store/hooks.ts';

/** "Step 3 of 8" and a bar; the bar is decoration for the text. */
export function StepIndicator() {
  const { t } = useCitizenTranslation();
  const current = useProgressCurrent();
  const total = useProgressTotal();
  if (current <= 0 || total <= 0) return null;
  const filled = Math.min(current, total);
  return (
    <div className="step-indicator">
      <p className="step-indicator-text">{t('session.step', { current, total })}</p>
      <div className="step-bar" aria-hidden="true">
        {Array.from({ length: total }, (_, index) => (
          <span key={index} className={index < filled ? 'step-bar-cell step-bar-cell-done' : 'step-bar-cell'} />
        ))}
      </div>
    </div>
  );
}
