import type { SessionStep } from '../../electron/contract/session.ts';
import type { ServiceState } from '../store/service-store.ts';

/**
 * One screen per session step. When the contract gains a step, this stops
 * compiling until the step has a screen, rather than showing a blank page.
 */
const SCREEN_FOR_STEP = {
  idle: 'attract',
  welcome: 'sessionWelcome',
  consent: 'consent',
  card: 'card',
  finger: 'finger',
  verifying: 'verifying',
  'issuing-code': 'issuingCode',
  printing: 'printing',
  'code-printed': 'codePrinted',
  'code-on-screen': 'codeOnScreen',
  email: 'email',
  phone: 'phone',
  password: 'password',
  review: 'review',
  activating: 'activating',
  activated: 'activated',
  'deferred-offer': 'deferredOffer',
  deferring: 'deferring',
  deferred: 'deferred',
  failed: 'failed',
} as const satisfies Record<SessionStep, string>;

export type StepScreenId = (typeof SCREEN_FOR_STEP)[SessionStep];
export type ScreenId = 'unavailable' | 'connecting' | 'outOfService' | StepScreenId;

export interface ScreenInputs {
  /** window.kiosk exists (no host would mean a broken install, not a blank screen). */
  readonly kioskPresent: boolean;
  readonly service: ServiceState;
  readonly step: SessionStep | null;
  readonly snapshotUnreachable: boolean;
  /** The kiosk is out of service (the snapshot's readiness gives the reasons): no session can start, so no welcome screen. */
  readonly outOfService?: boolean;
}

export function chooseScreen({ kioskPresent, service, step, snapshotUnreachable, outOfService = false }: ScreenInputs): ScreenId {
  if (!kioskPresent || service === 'unavailable') return 'unavailable';
  if (step === null) return snapshotUnreachable ? 'unavailable' : 'connecting';
  if (step === 'idle' && outOfService) return 'outOfService';
  return SCREEN_FOR_STEP[step];
}
