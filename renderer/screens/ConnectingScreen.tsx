import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { ScreenHero } from '../components/ScreenHero.tsx';
import { PROPER_NAMES } from '../i18n/proper-names.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';

/** The moment between start-up and the first snapshot: usually too short to notice. */
export function ConnectingScreen() {
  const { t } = useCitizenTranslation();
  return (
    <ScreenFrame>
      <div className="screen-body screen-body-centered">
        <ScreenHero icon="key" title={PROPER_NAMES.product} product />
        <p className="lead" role="status">
          {t('connecting.message')}
        </p>
      </div>
    </ScreenFrame>
  );
}
