import { Icon } from '../components/Icon.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';

/** The moment between start-up and the first snapshot: usually too short to notice. */
export function ConnectingScreen() {
  const { t } = useCitizenTranslation();
  return (
    <ScreenFrame>
      <div className="screen-body screen-body-centered">
        <div className="brand-mark">
          <Icon name="key" />
        </div>
        <h1 className="title title-product" tabIndex={-1}>
          {t('app.product')}
        </h1>
        <p className="lead" role="status">
          {t('connecting.message')}
        </p>
      </div>
    </ScreenFrame>
  );
}
