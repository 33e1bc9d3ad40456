/**
 * Every screen after the welcome, and what only a running session shows: one
 * chunk, imported by screens.ts after the first paint (never with the first
 * screen), so the citizen's first tap finds it loaded.
 */
export { ActivatedScreen } from './ActivatedScreen.tsx';
export { CardScreen } from './CardScreen.tsx';
export { CodeOnScreenScreen } from './CodeOnScreenScreen.tsx';
export { CodePrintedScreen } from './CodePrintedScreen.tsx';
export { ConsentScreen } from './ConsentScreen.tsx';
export { DeferredOfferScreen } from './DeferredOfferScreen.tsx';
export { DeferredScreen } from './DeferredScreen.tsx';
export { EmailScreen } from './EmailScreen.tsx';
export { FailedScreen } from './FailedScreen.tsx';
export { FingerScreen } from './FingerScreen.tsx';
export { PasswordScreen } from './password/PasswordScreen.tsx';
export { PhoneScreen } from './PhoneScreen.tsx';
export { ReviewScreen } from './ReviewScreen.tsx';
export { SessionWelcomeScreen } from './SessionWelcomeScreen.tsx';
export { ActivatingScreen, DeferringScreen, IssuingCodeScreen, PrintingScreen, VerifyingScreen } from './WorkingScreen.tsx';
export { IdleWarning } from '../components/IdleWarning.tsx';
