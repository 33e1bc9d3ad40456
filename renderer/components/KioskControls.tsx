import { Fragment } from 'react';
import type { Language } from '../../electron/contract/app.ts';
import { LANGUAGE_CAPTION } from '../i18n/languages.ts';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { useTextSize } from '../store/hooks.ts';
import { AccessibilityToggles } from './AccessibilityToggles.tsx';
import { DialogButton } from './DialogButton.tsx';
import { HelpButton } from './HelpButton.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';

interface KioskControlsProps {
  readonly onSelectLanguage: (language: Language) => void;
  readonly languageDisabled?: boolean;
}

/**
 * The bar at the bottom of every screen, always in the same order: language,
 * accessibility, help (WCAG 3.2.3, 3.2.6). At normal size the choices are
 * laid out; at double text size they would take half a portrait screen, so
 * each group becomes one button that opens the same choices in a dialog.
 */
export function KioskControls({ onSelectLanguage, languageDisabled = false }: KioskControlsProps) {
  const { t, language } = useFirstScreenTranslation();
  const large = useTextSize() === 'large';
  if (!large) {
    return (
      <>
        <LanguagePicker current={language} onSelect={onSelectLanguage} disabled={languageDisabled} />
        <AccessibilityToggles />
        <HelpButton />
      </>
    );
  }
  // Named in all three languages, each marked with its own lang, so anyone can find their language.
  const languageCaption = LANGUAGE_CAPTION.map(({ language: lang, text }, index) => (
    <Fragment key={lang}>
      {index > 0 ? <span aria-hidden="true"> · </span> : null}
      <span lang={lang}>{text}</span>
    </Fragment>
  ));
  return (
    <div className="compact-controls">
      <DialogButton icon="globe" label={languageCaption} title={languageCaption} className="choice-button compact-control">
        {(close) => (
          <LanguagePicker
            current={language}
            disabled={languageDisabled}
            onSelect={(next) => {
              onSelectLanguage(next);
              close();
            }}
          />
        )}
      </DialogButton>
      <DialogButton icon="textSize" label={t('accessibility.caption')} title={t('accessibility.caption')} className="choice-button compact-control">
        {() => <AccessibilityToggles />}
      </DialogButton>
      <HelpButton />
    </div>
  );
}
