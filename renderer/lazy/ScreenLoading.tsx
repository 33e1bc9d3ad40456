import { useTranslation } from 'react-i18next';
import { Spinner } from '../components/Spinner.tsx';
import { useDisplayLanguage } from '../store/hooks.ts';

/**
 * The Suspense fallback while a screen's chunk (or its language's catalogue)
 * is on its way, which after the prefetch is rare and brief: the kiosk's
 * frame, busy, saying so in the citizen's language. It uses only the
 * `connecting` texts, which the first chunk holds for every language
 * (i18n/catalogues/connecting-texts.ts), so it never suspends itself.
 */
export function ScreenLoading() {
  const language = useDisplayLanguage();
  const { i18n } = useTranslation();
  return (
    <div className="kiosk-frame">
      <div className="gob-band" aria-hidden="true">
        <span className="gob-band-blue" />
        <span className="gob-band-red" />
      </div>
      <main className="kiosk-main screen-loading" aria-busy="true">
        <Spinner large />
        <p className="lead" role="status" lang={language}>
          {i18n.getFixedT(language)('connecting.loading')}
        </p>
      </main>
    </div>
  );
}
