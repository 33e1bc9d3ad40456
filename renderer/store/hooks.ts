import { useStore } from 'zustand';
import type { Language } from '../../electron/contract/app.ts';
import type { OutOfService } from '../../electron/contract/session.ts';
import { displayLanguage } from './display-language.ts';
import { entryStore } from './entry-store.ts';
import { serviceStore } from './service-store.ts';
import { sessionStore } from './session-store.ts';
import { uiStore } from './ui-store.ts';

// Atomic selectors only: in zustand 5 a selector that builds a new object on
// every call makes React re-render forever ("Maximum update depth exceeded").
// Selecting a field of the snapshot is fine: it is the same reference until
// the next snapshot replaces it.

export const useSessionStep = () => useStore(sessionStore, (s) => s.snapshot?.step ?? null);
export const useSessionMode = () => useStore(sessionStore, (s) => s.snapshot?.mode ?? null);
export const useSessionLanguage = () => useStore(sessionStore, (s) => s.snapshot?.language ?? null);
export const useProgressCurrent = () => useStore(sessionStore, (s) => s.snapshot?.progress.current ?? 0);
export const useProgressTotal = () => useStore(sessionStore, (s) => s.snapshot?.progress.total ?? 0);
export const useSnapshotUnreachable = () => useStore(sessionStore, (s) => s.snapshotUnreachable);
/** The service's error for the current step wins over a failed command's. */
export const useVisibleError = () => {
  const error = useStore(sessionStore, (s) => s.snapshot?.error ?? s.commandError);
  // Central's refusal is about the password it was sent; once the citizen types another one the live
  // checklist speaks for that one, and a banner saying "does not meet the rules" would be stale.
  const retyping = useStore(entryStore, (s) => s.password !== '' || s.passwordRepeat !== '');
  return retyping && error?.code === 'session.password_rejected' ? null : error;
};
export const useIdleDeadline = () => useStore(sessionStore, (s) => s.snapshot?.idleDeadline ?? null);
export const useSessionBusy = () => useStore(sessionStore, (s) => s.snapshot?.busy ?? false);
/** The service is working or a command is on its way: the screen's actions wait. */
export const useActionsLocked = () => useStore(sessionStore, (s) => (s.snapshot?.busy ?? false) || s.commandPending);
export const useDeferred = () => useStore(sessionStore, (s) => s.snapshot?.deferred ?? false);
export const useFailure = () => useStore(sessionStore, (s) => s.snapshot?.failure ?? null);
export const useCitizenFirstName = () => useStore(sessionStore, (s) => s.snapshot?.citizen?.firstName ?? null);
export const useCitizenRunMasked = () => useStore(sessionStore, (s) => s.snapshot?.citizen?.runMasked ?? null);
export const useFingerName = () => useStore(sessionStore, (s) => s.snapshot?.finger?.name ?? null);
export const useFingerFeedback = () => useStore(sessionStore, (s) => s.snapshot?.finger?.feedback ?? null);
export const useFingerAttemptsLeft = () => useStore(sessionStore, (s) => s.snapshot?.finger?.attemptsLeft ?? null);
export const useGuidanceSlip = () => useStore(sessionStore, (s) => s.snapshot?.guidanceSlip ?? null);
const NO_FINGERS: readonly never[] = [];
export const useEnrolledFingers = () => useStore(sessionStore, (s) => s.snapshot?.finger?.enrolled ?? NO_FINGERS);
export const useContactEmail = () => useStore(sessionStore, (s) => s.snapshot?.contact?.email ?? null);
export const useContactPhone = () => useStore(sessionStore, (s) => s.snapshot?.contact?.phone ?? null);
/** The e-mail and phone in full: present only on the review step. */
export const useReviewContact = () => useStore(sessionStore, (s) => s.snapshot?.review ?? null);
export const useEditingFromReview = () => useStore(sessionStore, (s) => s.snapshot?.editingFromReview ?? false);
export const usePasswordMethod = () => useStore(sessionStore, (s) => s.snapshot?.contact?.passwordMethod ?? null);
export const usePasswordFailedRules = () => useStore(sessionStore, (s) => s.snapshot?.passwordFailedRules ?? null);
/** What the RUN and names rules need of the citizen, on the password step only. */
export const usePasswordOwner = () => useStore(sessionStore, (s) => s.snapshot?.passwordOwner ?? null);
export const useActivationCodeDisplay = () => useStore(sessionStore, (s) => s.snapshot?.activationCode?.display ?? null);
export const useActivationCodeExpiry = () => useStore(sessionStore, (s) => s.snapshot?.activationCode?.expiresAt ?? null);

/** What the kiosk knows of its readers, central and printer (the snapshot's readiness; all ready before the first one). */
export const useReadersReady = () => useStore(sessionStore, (s) => s.snapshot?.readiness.readers ?? true);
export const useCentralReachable = () => useStore(sessionStore, (s) => s.snapshot?.readiness.central ?? true);
export const usePrinterReady = () => useStore(sessionStore, (s) => s.snapshot?.readiness.printer ?? true);
const IN_SERVICE: OutOfService = { reasons: [], office: null };
/** Why the kiosk is out of service and where to go instead (no reasons: in service, also before the first snapshot). */
export const useOutOfService = () => useStore(sessionStore, (s) => s.snapshot?.readiness.outOfService ?? IN_SERVICE);
export const useLockLiftsAt = () => useStore(sessionStore, (s) => s.snapshot?.lock?.liftsAt ?? null);
export const useUnlockSlip = () => useStore(sessionStore, (s) => s.snapshot?.lock?.slip ?? null);

export const useServiceState = () => useStore(serviceStore, (s) => s.state);

export const useAttractLanguage = () => useStore(uiStore, (s) => s.language);
export const useTextSize = () => useStore(uiStore, (s) => s.textSize);
export const useHighContrast = () => useStore(uiStore, (s) => s.highContrast);

export const useEntryEmail = () => useStore(entryStore, (s) => s.email);
export const useEntryConfirmation = () => useStore(entryStore, (s) => s.confirmation);
export const useEntryPhone = () => useStore(entryStore, (s) => s.phone);
export const useEntryPassword = () => useStore(entryStore, (s) => s.password);
export const useEntryPasswordRepeat = () => useStore(entryStore, (s) => s.passwordRepeat);
export const usePasswordVisible = () => useStore(entryStore, (s) => s.passwordVisible);
export const usePasswordTyping = () => useStore(entryStore, (s) => s.passwordTyping);
export const useEntryRun = () => useStore(entryStore, (s) => s.run);
export const useRunTyping = () => useStore(entryStore, (s) => s.runTyping);
export const useActiveField = () => useStore(entryStore, (s) => s.activeField);
export const useKeyboardLayout = () => useStore(entryStore, (s) => s.layout);
export const useKeyboardShift = () => useStore(entryStore, (s) => s.shift);

export function useDisplayLanguage(): Language {
  const step = useSessionStep();
  const sessionLanguage = useSessionLanguage();
  const attractLanguage = useAttractLanguage();
  return displayLanguage(step === null || sessionLanguage === null ? null : { step, language: sessionLanguage }, attractLanguage);
}
