import { useStore } from 'zustand';
import { useCitizenCommands } from '../citizen-commands.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Icon } from '../components/Icon.tsx';
import { JourneySteps } from '../components/JourneySteps.tsx';
import { KioskControls } from '../components/KioskControls.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { ScreenHero } from '../components/ScreenHero.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { PROPER_NAMES } from '../i18n/proper-names.ts';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { useCentralReachable, usePrinterReady, useReadersReady, useSessionMode } from '../store/hooks.ts';
import { uiStore } from '../store/ui-store.ts';
import { kioskNotice, noticeBlocksStart } from './kiosk-notice.ts';

/** The attract screen (step `idle`): no session yet, so the language is a local choice. */
export function WelcomeScreen() {
  return <Welcome preparing={false} />;
}

/**
 * The welcome painted before the service's first snapshot: the same frame,
 * but in place of "Comenzar" a status saying the kiosk is being prepared.
 * Nothing is offered that the service might refuse; the button appears when
 * the snapshot says what the kiosk can do (an out-of-service kiosk then
 * shows its own screen instead).
 */
export function PreparingWelcomeScreen() {
  return <Welcome preparing />;
}

function Welcome({ preparing }: { readonly preparing: boolean }) {
  const { t, language } = useFirstScreenTranslation();
  const commands = useCitizenCommands();
  const chooseLanguage = useStore(uiStore, (s) => s.chooseLanguage);
  const readiness = { readers: useReadersReady(), central: useCentralReachable(), printer: usePrinterReady() };
  const mode = useSessionMode() ?? 'civil-digital';
  const notice = preparing ? null : kioskNotice(mode, readiness);
  return (
    <ScreenFrame controls={<KioskControls onSelectLanguage={chooseLanguage} />}>
      <div className="screen-body screen-body-centered attract">
        <ScreenHero icon="key" title={PROPER_NAMES.product} product />
        <p className="lead">{t('attract.lead')}</p>
        <JourneySteps />
        <p className="hint">{t('attract.hint')}</p>
        {notice === 'no-codes' ? (
          // Said before anything starts: with central known down, a Civil Digital session could not end with a code.
          <section className="kiosk-notice" role="alert" aria-labelledby="kiosk-notice-title">
            <h2 id="kiosk-notice-title" className="section-title">
              {t('kioskStatus.noCodes.title')}
            </h2>
            <p>{t('kioskStatus.noCodes.body')}</p>
            <p>{t('kioskStatus.noCodes.where')}</p>
          </section>
        ) : null}
        {notice === 'results-later' ? <p className="kiosk-notice">{t('kioskStatus.resultsLater')}</p> : null}
        {notice === 'code-on-screen' ? <p className="kiosk-notice">{t('kioskStatus.codeOnScreen')}</p> : null}
        <ErrorBanner />
        {preparing ? (
          <p className="lead kiosk-preparing" role="status">
            <Spinner />
            {t('connecting.message')}
          </p>
        ) : noticeBlocksStart(notice) ? null : (
          <button type="button" className="primary-button" onClick={() => commands.start(language)}>
            {t('attract.start')}
            <Icon name="arrowRight" />
          </button>
        )}
      </div>
    </ScreenFrame>
  );
}
