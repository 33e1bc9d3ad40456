import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../electron/contract/api.ts';
import { CitizenCommandsContext } from './citizen-commands.ts';
import { DevPanelMount } from './dev-panel/DevPanelMount.tsx';
import { CITIZEN_LANGUAGES } from './i18n/languages.ts';
import { loadLanguage } from './i18n/kiosk-i18n.ts';
import { prefetchAfterFirstPaint } from './lazy/prefetch.ts';
import { ScreenLoading } from './lazy/ScreenLoading.tsx';
import { chooseScreen } from './screens/choose-screen.ts';
import { IdleWarning, loadStepScreens, SCREENS } from './screens/screens.ts';
import { loadGuidanceSpeaker, SpokenGuidance } from './speech/SpokenGuidance.tsx';
import { loadTechnicianDialog, TechnicianMount } from './technician/TechnicianMount.tsx';
import { useDisplayLanguage, useHighContrast, useOutOfService, useServiceState, useSessionStep, useSnapshotUnreachable, useTextSize } from './store/hooks.ts';
import { entryStore } from './store/entry-store.ts';
import { createKioskLink } from './store/kiosk-link.ts';
import { serviceStore } from './store/service-store.ts';
import { sessionStore } from './store/session-store.ts';
import { uiStore } from './store/ui-store.ts';
import { useActivityReporter } from './store/use-activity-reporter.ts';
import { useDocumentPresentation } from './theme/use-document-presentation.ts';

/** Picks the screen from the mirrored snapshot and the service status; nothing else decides. */
export function App({ kiosk }: { readonly kiosk: KioskApi | undefined }) {
  const [link] = useState(() =>
    kiosk === undefined ? null : createKioskLink(kiosk, { session: sessionStore, service: serviceStore, ui: uiStore, entry: entryStore }),
  );
  useEffect(() => link?.connect(), [link]);
  const { i18n } = useTranslation();
  // Everything the welcome screen does not need, once it is painted: the session's screens and their Spanish
  // texts first, then spoken guidance, the other languages and technician mode. A tap then finds it loaded.
  useEffect(
    () =>
      prefetchAfterFirstPaint([
        loadStepScreens,
        ...CITIZEN_LANGUAGES.map((language) => () => loadLanguage(i18n, language)),
        loadGuidanceSpeaker,
        ...(kiosk === undefined ? [] : [loadTechnicianDialog]),
      ]),
    [i18n, kiosk],
  );

  const step = useSessionStep();
  const service = useServiceState();
  const snapshotUnreachable = useSnapshotUnreachable();
  const outOfService = useOutOfService().reasons.length > 0;
  const screen = chooseScreen({ kioskPresent: link !== null, service, step, snapshotUnreachable, outOfService });
  const sessionRunning = step !== null && step !== 'idle' && screen !== 'unavailable';

  const language = useDisplayLanguage();
  const textSize = useTextSize();
  const highContrast = useHighContrast();
  useDocumentPresentation(language, textSize, highContrast);
  useActivityReporter(sessionRunning, link?.reportActivity);

  const Screen = SCREENS[screen];
  return (
    <CitizenCommandsContext value={link}>
      <Suspense fallback={<ScreenLoading />}>
        {/* One key for the welcome before and after the first snapshot: the frame stays, "Comenzar" appears in it. */}
        <Screen key={screen === 'connecting' ? 'attract' : screen} />
      </Suspense>
      {sessionRunning ? (
        <Suspense fallback={null}>
          <IdleWarning />
        </Suspense>
      ) : null}
      {/* Both speak the citizen's language: until its catalogue has arrived they wait, and say nothing in another. */}
      <Suspense fallback={null}>
        <SpokenGuidance kiosk={kiosk} screen={screen} />
        <TechnicianMount kiosk={kiosk} onWelcomeScreen={screen === 'attract'} />
      </Suspense>
      <DevPanelMount dev={kiosk?.dev} />
    </CitizenCommandsContext>
  );
}
