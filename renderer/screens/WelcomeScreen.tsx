import { useStore } from 'zustand';
import { useCitizenCommands } from '../citizen-commands.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Icon } from '../components/Icon.tsx';
import { JourneySteps } from '../components/JourneySteps.tsx';
import { KioskControls } from '../components/KioskControls.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { ScreenHero } from '../components/ScreenHero.tsx';
import { PROPER_NAMES } from '../i18n/proper-names.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { uiStore } from '../store/ui-store.ts';

/** The attract screen (step `idle`): no session yet, so the language is a local choice. */
export function WelcomeScreen() {
  const { t, language } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const chooseLanguage = useStore(uiStore, (s) => s.chooseLanguage);
  return (
    <ScreenFrame controls={<KioskControls onSelectLanguage={chooseLanguage} />}>
      <div className="screen-body screen-body-centered attract">
        <ScreenHero icon="key" title={PROPER_NAMES.product} product />
        <p className="lead">{t('attract.lead')}</p>
        <JourneySteps />
        <p className="hint">{t('attract.hint')}</p>
        <ErrorBanner />
        <button type="button" className="primary-button" onClick={() => commands.start(language)}>
          {t('attract.start')}
          <Icon name="arrowRight" />
        </button>
      </div>
    </ScreenFrame>
  );
}
