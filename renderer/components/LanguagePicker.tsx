import { Fragment, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../electron/contract/app.ts';
import { loadLanguage } from '../i18n/kiosk-i18n.ts';
import { CITIZEN_LANGUAGES, LANGUAGE_CAPTION, LANGUAGE_NAMES } from '../i18n/languages.ts';
import { Icon } from './Icon.tsx';

interface LanguagePickerProps {
  readonly current: Language;
  readonly onSelect: (language: Language) => void;
  /** While the service is working for the citizen, a language change would be refused. */
  readonly disabled?: boolean;
}

/** Each button names its language in that language and says so with `lang`. */
export function LanguagePicker({ current, onSelect, disabled = false }: LanguagePickerProps) {
  const captionId = useId();
  const { i18n } = useTranslation();
  return (
    <div className="control-group" role="group" aria-labelledby={captionId}>
      <p id={captionId} className="control-caption">
        <Icon name="globe" />
        {LANGUAGE_CAPTION.map(({ language, text }, index) => (
          <Fragment key={language}>
            {index > 0 ? <span aria-hidden="true"> · </span> : null}
            <span lang={language}>{text}</span>
          </Fragment>
        ))}
      </p>
      <div className="control-row">
        {CITIZEN_LANGUAGES.map((language) => (
          <button
            key={language}
            type="button"
            lang={language}
            className="choice-button"
            aria-pressed={language === current}
            disabled={disabled}
            onClick={() => {
              // The language's texts first (prefetched after the first paint, so normally at once): the screen
              // then changes language in one go, never showing Spanish texts under an English choice.
              if (language !== current) void loadLanguage(i18n, language).then(() => onSelect(language));
            }}
          >
            {language === current ? <Icon name="check" /> : null}
            {LANGUAGE_NAMES[language]}
          </button>
        ))}
      </div>
    </div>
  );
}
