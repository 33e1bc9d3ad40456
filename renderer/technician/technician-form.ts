/**
 * The text a technician types on the technician screens (kiosk id, office,
 * URLs, device assignments, a registration token), with the on-screen
 * keyboard. In memory only, and dropped when technician mode closes.
 */
import { createStore } from 'zustand/vanilla';
import { applyKey } from '../components/keyboard/apply-key.ts';
import type { KeyAction, KeyboardLayoutId } from '../components/keyboard/keyboard-layouts.ts';

export type TechFieldId = 'assignment' | 'kioskId' | 'office' | 'centralUrl' | 'centralCaFile' | 'token';

const MAX_LENGTH: Readonly<Record<TechFieldId, number>> = { assignment: 300, kioskId: 64, office: 120, centralUrl: 2048, centralCaFile: 4096, token: 128 };

export interface TechFormState {
  readonly values: Readonly<Record<TechFieldId, string>>;
  readonly active: TechFieldId | null;
  readonly layout: KeyboardLayoutId;
  readonly shift: boolean;
}

export interface TechFormActions {
  activate(field: TechFieldId): void;
  hideKeyboard(): void;
  press(action: KeyAction): void;
  setValue(field: TechFieldId, value: string): void;
  reset(): void;
}

const EMPTY: TechFormState = {
  values: { assignment: '', kioskId: '', office: '', centralUrl: '', centralCaFile: '', token: '' },
  active: null,
  layout: 'letters',
  shift: false,
};

export function createTechForm() {
  return createStore<TechFormState & TechFormActions>()((set) => ({
    ...EMPTY,
    activate: (field) => set((s) => (s.active === field ? s : { active: field, shift: false })),
    hideKeyboard: () => set({ active: null }),
    press: (action) =>
      set((s) => {
        if (action.kind === 'layout') return { layout: action.to, shift: false };
        if (s.active === null) return s;
        const field = s.active;
        const next = applyKey({ value: s.values[field], shift: s.shift }, action, { maxLength: MAX_LENGTH[field] });
        return { values: { ...s.values, [field]: next.value }, shift: next.shift };
      }),
    setValue: (field, value) => set((s) => ({ values: { ...s.values, [field]: value.slice(0, MAX_LENGTH[field]) } })),
    reset: () => set(EMPTY),
  }));
}

export type TechForm = ReturnType<typeof createTechForm>;
export const techForm = createTechForm();
