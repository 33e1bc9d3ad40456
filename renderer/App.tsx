import { type ComponentType, useEffect, useState } from 'react';
import type { KioskApi } from '../electron/contract/api.ts';
import { CitizenCommandsContext } from './citizen-commands.ts';
import { ConnectingScreen } from './screens/ConnectingScreen.tsx';
import { type ScreenId, chooseScreen } from './screens/choose-screen.ts';
import { ServiceUnavailableScreen } from './screens/ServiceUnavailableScreen.tsx';
import { SessionWelcomeScreen } from './screens/SessionWelcomeScreen.tsx';
import { WelcomeScreen } from './screens/WelcomeScreen.tsx';
import {
  useDisplayLanguage,
  useHighContrast,
  useServiceState,
  useSessionStep,
  useSnapshotUnreachable,
  useTextSize,
} from './store/hooks.ts';
import { createKioskLink } from './store/kiosk-link.ts';
import { serviceStore } from './store/service-store.ts';
import { sessionStore } from './store/session-store.ts';
import { uiStore } from './store/ui-store.ts';
import { useActivityReporter } from './store/use-activity-reporter.ts';
import { useDocumentPresentation } from './theme/use-document-presentation.ts';

const SCREENS: Record<ScreenId, ComponentType> = {
  unavailable: ServiceUnavailableScreen,
  connecting: ConnectingScreen,
  attract: WelcomeScreen,
  sessionWelcome: SessionWelcomeScreen,
};

/** Picks the screen from the mirrored snapshot and the service status; nothing else decides. */
export function App({ kiosk }: { readonly kiosk: KioskApi | undefined }) {
  const [link] = useState(() =>
    kiosk === undefined ? null : createKioskLink(kiosk, { session: sessionStore, service: serviceStore, ui: uiStore }),
  );
  useEffect(() => link?.connect(), [link]);

  const step = useSessionStep();
  const service = useServiceState();
  const snapshotUnreachable = useSnapshotUnreachable();
  const screen = chooseScreen({ kioskPresent: link !== null, service, step, snapshotUnreachable });

  const language = useDisplayLanguage();
  const textSize = useTextSize();
  const highContrast = useHighContrast();
  useDocumentPresentation(language, textSize, highContrast);
  useActivityReporter(step !== null && step !== 'idle', link?.reportActivity);

  const Screen = SCREENS[screen];
  return (
    <CitizenCommandsContext value={link}>
      <Screen key={screen} />
    </CitizenCommandsContext>
  );
}
