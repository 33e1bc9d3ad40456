import { useStore } from 'zustand';
import type { Language } from '../../electron/contract/app.ts';
import { displayLanguage } from './display-language.ts';
import { serviceStore } from './service-store.ts';
import { sessionStore } from './session-store.ts';
import { uiStore } from './ui-store.ts';

// Atomic selectors only: in zustand 5 a selector that builds a new object on
// every call makes React re-render forever ("Maximum update depth exceeded").

export const useSessionStep = () => useStore(sessionStore, (s) => s.snapshot?.step ?? null);
export const useSessionMode = () => useStore(sessionStore, (s) => s.snapshot?.mode ?? null);
export const useSessionLanguage = () => useStore(sessionStore, (s) => s.snapshot?.language ?? null);
export const useProgressCurrent = () => useStore(sessionStore, (s) => s.snapshot?.progress.current ?? 0);
export const useProgressTotal = () => useStore(sessionStore, (s) => s.snapshot?.progress.total ?? 0);
export const useSnapshotUnreachable = () => useStore(sessionStore, (s) => s.snapshotUnreachable);
/** The service's error for the current step wins over a failed command's. */
export const useVisibleError = () => useStore(sessionStore, (s) => s.snapshot?.error ?? s.commandError);

export const useServiceState = () => useStore(serviceStore, (s) => s.state);

export const useAttractLanguage = () => useStore(uiStore, (s) => s.language);
export const useTextSize = () => useStore(uiStore, (s) => s.textSize);
export const useHighContrast = () => useStore(uiStore, (s) => s.highContrast);

export function useDisplayLanguage(): Language {
  const step = useSessionStep();
  const sessionLanguage = useSessionLanguage();
  const attractLanguage = useAttractLanguage();
  return displayLanguage(step === null || sessionLanguage === null ? null : { step, language: sessionLanguage }, attractLanguage);
}
