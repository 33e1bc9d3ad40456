import { useStore } from 'zustand';
import { KioskControls } from '../components/KioskControls.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { ScreenHero } from '../components/ScreenHero.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { uiStore } from '../store/ui-store.ts';

/**
 * Instead of the welcome screen while the card or fingerprint reader is
 * unplugged or failed: no Comenzar (the service would refuse it anyway), and
 * where to go instead, in the language the citizen picks. It gives way to the
 * welcome screen by itself when the reader is back.
 */
export function OutOfServiceScreen() {
  const { t } = useCitizenTranslation();
  const chooseLanguage = useStore(uiStore, (s) => s.chooseLanguage);
  return (
    <ScreenFrame controls={<KioskControls onSelectLanguage={chooseLanguage} />}>
      <div className="screen-body screen-body-centered" role="alert">
        <ScreenHero icon="warning" title={t('kioskStatus.outOfService.title')} quiet />
        <p className="lead">{t('kioskStatus.outOfService.body')}</p>
        <p className="lead">{t('kioskStatus.outOfService.where')}</p>
        <p className="hint">
          {t('unavailable.apology')} {t('unavailable.selfUpdating')}
        </p>
      </div>
    </ScreenFrame>
  );
}
