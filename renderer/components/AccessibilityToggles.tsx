import { useId } from 'react';
import { useStore } from 'zustand';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { useHighContrast, useTextSize } from '../store/hooks.ts';
import { uiStore } from '../store/ui-store.ts';
import { SpeechProblem, SpeechToggles } from '../speech/SpeechToggles.tsx';
import { Icon } from './Icon.tsx';

/**
 * The citizen cannot reach the operating system's settings, so the kiosk
 * offers its own larger text and high contrast (WCAG 1.4.4, EN 301 549 5.1.4),
 * and spoken guidance where the kiosk can speak (EN 301 549 5.1.3).
 */
export function AccessibilityToggles() {
  const { t } = useFirstScreenTranslation();
  const captionId = useId();
  const largeText = useTextSize() === 'large';
  const highContrast = useHighContrast();
  const toggleLargeText = useStore(uiStore, (s) => s.toggleLargeText);
  const toggleHighContrast = useStore(uiStore, (s) => s.toggleHighContrast);
  return (
    <div className="control-group" role="group" aria-labelledby={captionId}>
      <p id={captionId} className="control-caption">
        {t('accessibility.caption')}
      </p>
      <div className="control-row">
        <button type="button" className="choice-button" aria-pressed={largeText} onClick={toggleLargeText}>
          <Icon name="textSize" />
          {t('accessibility.largerText')}
        </button>
        <button type="button" className="choice-button" aria-pressed={highContrast} onClick={toggleHighContrast}>
          <Icon name="contrast" />
          {t('accessibility.highContrast')}
        </button>
        <SpeechToggles />
      </div>
      <SpeechProblem />
    </div>
  );
}
