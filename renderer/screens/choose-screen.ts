import type { SessionStep } from '../../electron/contract/session.ts';
import type { ServiceState } from '../store/service-store.ts';

export type ScreenId = 'unavailable' | 'connecting' | 'attract' | 'sessionWelcome';

/**
 * One screen per session step. When the contract gains a step, this stops
 * compiling until the step has a screen, rather than showing a blank page.
 */
const SCREEN_FOR_STEP = {
  idle: 'attract',
  welcome: 'sessionWelcome',
} as const satisfies Record<SessionStep, ScreenId>;

export interface ScreenInputs {
  /** window.kiosk exists (no host would mean a broken install, not a blank screen). */
  readonly kioskPresent: boolean;
  readonly service: ServiceState;
  readonly step: SessionStep | null;
  readonly snapshotUnreachable: boolean;
}

export function chooseScreen({ kioskPresent, service, step, snapshotUnreachable }: ScreenInputs): ScreenId {
  if (!kioskPresent || service === 'unavailable') return 'unavailable';
  if (step === null) return snapshotUnreachable ? 'unavailable' : 'connecting';
  return SCREEN_FOR_STEP[step];
}
