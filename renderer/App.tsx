import { useEffect, useState } from 'react';
import type { KioskApi } from '../electron/contract/api.ts';
import { CitizenCommandsContext } from './citizen-commands.ts';
import { IdleWarning } from './components/IdleWarning.tsx';
import { DevPanelMount } from './dev-panel/DevPanelMount.tsx';
import { chooseScreen } from './screens/choose-screen.ts';
import { SCREENS } from './screens/screens.ts';
import { SpokenGuidance } from './speech/SpokenGuidance.tsx';
import { TechnicianMount } from './technician/TechnicianMount.tsx';
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
      <Screen key={screen} />
      {sessionRunning ? <IdleWarning /> : null}
      <SpokenGuidance kiosk={kiosk} screen={screen} />
      <DevPanelMount dev={kiosk?.dev} />
      <TechnicianMount kiosk={kiosk} onWelcomeScreen={screen === 'attract'} />
    </CitizenCommandsContext>
  );
}
