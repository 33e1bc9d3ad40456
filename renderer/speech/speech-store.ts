import { createStore } from 'zustand/vanilla';
import type { KioskError } from '../../electron/contract/errors.ts';
import type { SpeechStatus } from '../../electron/contract/speech.ts';

/**
 * What the renderer knows about the kiosk's speech: whether it can speak at
 * all (the toggle is only offered when it can), the last failure to show
 * beside the toggle, and the citizen's "repeat" taps. Whether speech is on is
 * the citizen's choice and lives in the ui store with the other options.
 */
export interface SpeechState {
  /** Null until the service has answered speech.status. */
  readonly status: SpeechStatus | null;
  readonly error: KioskError | null;
  /** Bumped by "Repeat": the guidance is spoken again in full. */
  readonly repeats: number;
}

export interface SpeechActions {
  statusKnown(status: SpeechStatus): void;
  sayFailed(error: KioskError): void;
  clearError(): void;
  repeat(): void;
}

export function createSpeechStore() {
  return createStore<SpeechState & SpeechActions>()((set) => ({
    status: null,
    error: null,
    repeats: 0,
    statusKnown: (status) => set({ status }),
    sayFailed: (error) => set({ error }),
    clearError: () => set((s) => (s.error === null ? s : { error: null })),
    repeat: () => set((s) => ({ repeats: s.repeats + 1 })),
  }));
}

export const speechStore = createSpeechStore();
