import { useStore } from 'zustand';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import type { Catalogue } from '../i18n/catalogues/es-CL.ts';
import { uiStore } from '../store/ui-store.ts';
import { SpeechIcon } from './SpeechIcon.tsx';
import { KEEPS_SPEECH } from './keeps-speech.ts';
import { speechStore } from './speech-store.ts';

type ErrorMessageKey = `errors.${keyof Catalogue['errors']}`;

/** Touching these does not cut the guidance off (SpokenGuidance.tsx). */
const KEEP = { [KEEPS_SPEECH]: '' };

const useSpeechAvailable = () => useStore(speechStore, (s) => s.status?.available ?? false);

/**
 * "Spoken guidance" beside larger text and high contrast, offered only when
 * the kiosk can speak; while it is on, "Repeat" says the screen's guidance
 * again (EN 301 549 5.1.3.4).
 */
export function SpeechToggles() {
  const { t } = useFirstScreenTranslation();
  const available = useSpeechAvailable();
  const repeat = useStore(speechStore, (s) => s.repeat);
  const on = useStore(uiStore, (s) => s.spokenGuidance);
  const toggle = useStore(uiStore, (s) => s.toggleSpokenGuidance);
  if (!available) return null;
  return (
    <>
      <button type="button" className="choice-button" aria-pressed={on} onClick={toggle} {...KEEP}>
        <SpeechIcon name="speaker" />
        {t('accessibility.spokenGuidance')}
      </button>
      {on ? (
        <button type="button" className="choice-button" onClick={repeat} {...KEEP}>
          <SpeechIcon name="repeat" />
          {t('accessibility.repeat')}
        </button>
      ) : null}
    </>
  );
}

/** Why the kiosk could not speak, written out, since it cannot be heard. Present whenever the toggle is, so it is announced. */
export function SpeechProblem() {
  const { t } = useFirstScreenTranslation();
  const available = useSpeechAvailable();
  const on = useStore(uiStore, (s) => s.spokenGuidance);
  const error = useStore(speechStore, (s) => s.error);
  if (!available) return null;
  return (
    <p className="control-caption" role="status">
      {on && error !== null ? t(error.messageKey as ErrorMessageKey, { defaultValue: t('errors.speechUnavailable') }) : ''}
    </p>
  );
}
