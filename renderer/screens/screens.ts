import type { ComponentType } from 'react';
import { ActivatedScreen } from './ActivatedScreen.tsx';
import { CardScreen } from './CardScreen.tsx';
import type { ScreenId } from './choose-screen.ts';
import { CodeOnScreenScreen } from './CodeOnScreenScreen.tsx';
import { CodePrintedScreen } from './CodePrintedScreen.tsx';
import { ConnectingScreen } from './ConnectingScreen.tsx';
import { ConsentScreen } from './ConsentScreen.tsx';
import { DeferredOfferScreen } from './DeferredOfferScreen.tsx';
import { DeferredScreen } from './DeferredScreen.tsx';
import { EmailScreen } from './EmailScreen.tsx';
import { FailedScreen } from './FailedScreen.tsx';
import { FingerScreen } from './FingerScreen.tsx';
import { OutOfServiceScreen } from './OutOfServiceScreen.tsx';
import { PasswordScreen } from './password/PasswordScreen.tsx';
import { PhoneScreen } from './PhoneScreen.tsx';
import { ReviewScreen } from './ReviewScreen.tsx';
import { ServiceUnavailableScreen } from './ServiceUnavailableScreen.tsx';
import { SessionWelcomeScreen } from './SessionWelcomeScreen.tsx';
import { WelcomeScreen } from './WelcomeScreen.tsx';
import { ActivatingScreen, DeferringScreen, IssuingCodeScreen, PrintingScreen, VerifyingScreen } from './WorkingScreen.tsx';

/** The component for each screen; exhaustive, so a new screen id does not compile without one. */
export const SCREENS: Readonly<Record<ScreenId, ComponentType>> = {
  unavailable: ServiceUnavailableScreen,
  connecting: ConnectingScreen,
  outOfService: OutOfServiceScreen,
  attract: WelcomeScreen,
  sessionWelcome: SessionWelcomeScreen,
  consent: ConsentScreen,
  card: CardScreen,
  finger: FingerScreen,
  verifying: VerifyingScreen,
  issuingCode: IssuingCodeScreen,
  printing: PrintingScreen,
  codePrinted: CodePrintedScreen,
  codeOnScreen: CodeOnScreenScreen,
  email: EmailScreen,
  phone: PhoneScreen,
  password: PasswordScreen,
  review: ReviewScreen,
  activating: ActivatingScreen,
  activated: ActivatedScreen,
  deferredOffer: DeferredOfferScreen,
  deferring: DeferringScreen,
  deferred: DeferredScreen,
  failed: FailedScreen,
};
