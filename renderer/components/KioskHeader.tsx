import { PROPER_NAMES, PROPER_NAMES_LANG } from '../i18n/proper-names.ts';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';

/** The gob.cl header: the blue-and-red government band, then who runs this kiosk. */
export function KioskHeader() {
  const { t } = useFirstScreenTranslation();
  return (
    <header className="kiosk-header">
      <div className="gob-band" aria-hidden="true">
        <span className="gob-band-blue" />
        <span className="gob-band-red" />
      </div>
      <div className="kiosk-header-row">
        <p className="kiosk-header-government" lang={PROPER_NAMES_LANG}>
          {PROPER_NAMES.government}
        </p>
        <p className="kiosk-header-kiosk">{t('app.kiosk')}</p>
      </div>
    </header>
  );
}
