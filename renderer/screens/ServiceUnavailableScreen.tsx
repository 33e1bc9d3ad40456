import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { ScreenHero } from '../components/ScreenHero.tsx';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';

/**
 * Shown while the kiosk service is down (the host is restarting it) or when
 * no host installed window.kiosk. Polite, no technical detail: whoever is
 * standing here can only wait or ask the staff.
 */
export function ServiceUnavailableScreen() {
  const { t } = useFirstScreenTranslation();
  return (
    <ScreenFrame>
      <div className="screen-body screen-body-centered" role="alert">
        <ScreenHero icon="clock" title={t('unavailable.title')} quiet />
        <p className="lead">{t('unavailable.body')}</p>
        <p className="hint">
          {t('unavailable.apology')} {t('unavailable.selfUpdating')}
        </p>
      </div>
    </ScreenFrame>
  );
}
