import { createStore } from 'zustand/vanilla';
import type { Language } from '../../electron/contract/app.ts';
import { CITIZEN_LANGUAGES } from '../i18n/languages.ts';

export type TextSize = 'normal' | 'large';

/**
 * What the citizen chose for the screen itself. Lives in memory only (never
 * localStorage): it is reset for the next citizen when a session ends.
 */
export interface UiState {
  /** The language of the attract screen; once a session runs, the snapshot's language rules. */
  readonly language: Language;
  readonly textSize: TextSize;
  readonly highContrast: boolean;
  /** The kiosk speaks each screen's guidance (renderer/speech/). Off for every new citizen, like the others. */
  readonly spokenGuidance: boolean;
}

export interface UiActions {
  chooseLanguage(language: Language): void;
  toggleLargeText(): void;
  toggleHighContrast(): void;
  toggleSpokenGuidance(): void;
  resetForNextCitizen(): void;
}

export const INITIAL_UI_STATE: UiState = { language: CITIZEN_LANGUAGES[0], textSize: 'normal', highContrast: false, spokenGuidance: false };

export function createUiStore() {
  return createStore<UiState & UiActions>()((set) => ({
    ...INITIAL_UI_STATE,
    chooseLanguage: (language) => set({ language }),
    toggleLargeText: () => set((s) => ({ textSize: s.textSize === 'large' ? 'normal' : 'large' })),
    toggleHighContrast: () => set((s) => ({ highContrast: !s.highContrast })),
    toggleSpokenGuidance: () => set((s) => ({ spokenGuidance: !s.spokenGuidance })),
    resetForNextCitizen: () => set(INITIAL_UI_STATE),
  }));
}

export const uiStore = createUiStore();
