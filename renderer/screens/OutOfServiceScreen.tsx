import { useStore } from 'zustand';
import { KioskControls } from '../components/KioskControls.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { ScreenHero } from '../components/ScreenHero.tsx';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { useOutOfService } from '../store/hooks.ts';
import { uiStore } from '../store/ui-store.ts';
import { outOfServiceText } from './out-of-service-text.ts';

/**
 * Instead of the welcome screen while the kiosk is out of service (a reader
 * failed, central unreachable in Civil Digital, no room to store, or central
 * said so): no Comenzar (the service would refuse it anyway), why in plain
 * words, and where to go instead, in the language the citizen picks. It gives
 * way to the welcome screen by itself when the reasons clear: the service
 * publishes a new snapshot when a device, central or a directive changes.
 */
export function OutOfServiceScreen() {
  const { t } = useFirstScreenTranslation();
  const chooseLanguage = useStore(uiStore, (s) => s.chooseLanguage);
  const text = outOfServiceText(useOutOfService(), t);
  return (
    <ScreenFrame controls={<KioskControls onSelectLanguage={chooseLanguage} />}>
      <div className="screen-body screen-body-centered" role="alert">
        <ScreenHero icon="warning" title={t('kioskStatus.outOfService.title')} quiet />
        <p className="lead">{t('kioskStatus.outOfService.body')}</p>
        {text.reasons.map(({ reason, title, body }) => (
          <section key={reason} className="kiosk-notice" aria-labelledby={`out-of-service-${reason.replace(':', '-')}`}>
            <h2 id={`out-of-service-${reason.replace(':', '-')}`} className="section-title">
              {title}
            </h2>
            <p>{body}</p>
          </section>
        ))}
        <p className="lead">{text.where}</p>
        <p className="hint">
          {t('unavailable.apology')} {t('unavailable.selfUpdating')}
        </p>
      </div>
    </ScreenFrame>
  );
}
