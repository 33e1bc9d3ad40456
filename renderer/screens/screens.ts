import { type ComponentType, lazy } from 'react';
import { retryImport } from '../lazy/retry-import.ts';
import type { ScreenId } from './choose-screen.ts';
import { OutOfServiceScreen } from './OutOfServiceScreen.tsx';
import { ServiceUnavailableScreen } from './ServiceUnavailableScreen.tsx';
import { PreparingWelcomeScreen, WelcomeScreen } from './WelcomeScreen.tsx';

/**
 * The session's screens, one chunk (step-screens.ts): not in the first chunk,
 * which holds only what can be the first screen (welcome, preparing, out of
 * service, unavailable); imported after the first paint (lazy/prefetch.ts).
 */
export const loadStepScreens = retryImport(() => import('./step-screens.ts'));

type StepScreens = Awaited<ReturnType<typeof loadStepScreens>>;

function fromStepScreens(name: keyof StepScreens): ComponentType {
  return lazy(() => loadStepScreens().then((module) => ({ default: module[name] as ComponentType })));
}

/** The component for each screen; exhaustive, so a new screen id does not compile without one. */
export const SCREENS: Readonly<Record<ScreenId, ComponentType>> = {
  unavailable: ServiceUnavailableScreen,
  connecting: PreparingWelcomeScreen,
  outOfService: OutOfServiceScreen,
  attract: WelcomeScreen,
  sessionWelcome: fromStepScreens('SessionWelcomeScreen'),
  consent: fromStepScreens('ConsentScreen'),
  card: fromStepScreens('CardScreen'),
  finger: fromStepScreens('FingerScreen'),
  verifying: fromStepScreens('VerifyingScreen'),
  issuingCode: fromStepScreens('IssuingCodeScreen'),
  printing: fromStepScreens('PrintingScreen'),
  codePrinted: fromStepScreens('CodePrintedScreen'),
  codeOnScreen: fromStepScreens('CodeOnScreenScreen'),
  email: fromStepScreens('EmailScreen'),
  phone: fromStepScreens('PhoneScreen'),
  password: fromStepScreens('PasswordScreen'),
  review: fromStepScreens('ReviewScreen'),
  activating: fromStepScreens('ActivatingScreen'),
  activated: fromStepScreens('ActivatedScreen'),
  deferredOffer: fromStepScreens('DeferredOfferScreen'),
  deferring: fromStepScreens('DeferringScreen'),
  deferred: fromStepScreens('DeferredScreen'),
  failed: fromStepScreens('FailedScreen'),
};

/** The idle warning, shown only during a session: with the session's screens. */
export const IdleWarning = fromStepScreens('IdleWarning');
