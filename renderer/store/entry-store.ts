import { createStore } from 'zustand/vanilla';
import { applyKey, type KeyLimits } from '../components/keyboard/apply-key.ts';
import type { KeyAction, KeyboardLayoutId } from '../components/keyboard/keyboard-layouts.ts';

/** The fields a citizen types into (ChileAtiende mode; the RUT in Civil Digital's card step). */
export type EntryField = 'email' | 'confirmation' | 'phone' | 'password' | 'passwordRepeat' | 'run';

/** A Chilean mobile after the fixed `+56 9`: eight digits. */
export const PHONE_DIGITS = 8;

const isDigit = (char: string) => char >= '0' && char <= '9';
/** A RUT as typed: digits and the K a check digit may be (the dots and hyphen are shown, not typed). */
const isRunCharacter = (char: string) => isDigit(char) || char === 'K' || char === 'k';

/** Nine digits and the check digit (common/run.ts MAX_RUN_NUMBER). */
export const RUN_MAX_CHARACTERS = 10;

/** Each field's limits and the keyboard it opens with. */
export const ENTRY_FIELDS: Readonly<Record<EntryField, KeyLimits & { readonly layout: KeyboardLayoutId }>> = {
  // RFC 5321: 254 characters (the contract's bound).
  email: { maxLength: 254, layout: 'email' },
  confirmation: { maxLength: 254, layout: 'email' },
  phone: { maxLength: PHONE_DIGITS, layout: 'numeric', accepts: isDigit },
  // The contract's bound, not the central's 128: a longer password must show the rule it breaks, not be cut silently.
  password: { maxLength: 1024, layout: 'letters' },
  passwordRepeat: { maxLength: 1024, layout: 'letters' },
  run: { maxLength: RUN_MAX_CHARACTERS, layout: 'rut', accepts: isRunCharacter },
};

/**
 * What the citizen is typing. Lives in memory only, never persisted; cleared
 * when the step changes (bindEntryToSession) and so when the session ends,
 * and the password as soon as it has been sent (kiosk-link.ts).
 */
export interface EntryState {
  readonly email: string;
  readonly confirmation: string;
  readonly phone: string;
  readonly password: string;
  /** The password typed a second time: it must match before it is sent. */
  readonly passwordRepeat: string;
  /** Civil Digital's card step: the RUT typed on the keypad, digits and K only. */
  readonly run: string;
  /** The card step shows the RUT keypad instead of the card instructions. */
  readonly runTyping: boolean;
  readonly passwordVisible: boolean;
  /** The password step shows the field rather than the choice of a generated password. */
  readonly passwordTyping: boolean;
  /** The field the on-screen keyboard types into. */
  readonly activeField: EntryField | null;
  readonly layout: KeyboardLayoutId;
  readonly shift: boolean;
}

export interface EntryActions {
  /** The citizen touched a field (or the screen opened with it): the keyboard now types there. */
  activate(field: EntryField): void;
  press(action: KeyAction): void;
  /** A change made in the field itself (a hardware keyboard at a technician's bench). */
  setValue(field: EntryField, value: string): void;
  togglePasswordVisible(): void;
  setPasswordTyping(typing: boolean): void;
  setRunTyping(typing: boolean): void;
  clearPassword(): void;
  reset(): void;
}

export const INITIAL_ENTRY: EntryState = {
  email: '',
  confirmation: '',
  phone: '',
  password: '',
  passwordRepeat: '',
  run: '',
  runTyping: false,
  passwordVisible: false,
  passwordTyping: false,
  activeField: null,
  layout: 'letters',
  shift: false,
};

function clean(field: EntryField, value: string): string {
  const { maxLength, accepts } = ENTRY_FIELDS[field];
  const kept = accepts === undefined ? [...value] : [...value].filter(accepts);
  return kept.slice(0, maxLength).join('');
}

export function createEntryStore() {
  return createStore<EntryState & EntryActions>()((set) => ({
    ...INITIAL_ENTRY,
    activate: (field) => set((s) => (s.activeField === field ? s : { activeField: field, layout: ENTRY_FIELDS[field].layout, shift: false })),
    press: (action) =>
      set((s) => {
        if (action.kind === 'layout') return { layout: action.to, shift: false };
        if (s.activeField === null) return s;
        const field = s.activeField;
        const next = applyKey({ value: s[field], shift: s.shift }, action, ENTRY_FIELDS[field]);
        return { [field]: next.value, shift: next.shift };
      }),
    setValue: (field, value) => set({ [field]: clean(field, value) }),
    togglePasswordVisible: () => set((s) => ({ passwordVisible: !s.passwordVisible })),
    setPasswordTyping: (typing) =>
      set(typing ? { passwordTyping: true } : { passwordTyping: false, password: '', passwordRepeat: '', passwordVisible: false, activeField: null }),
    setRunTyping: (typing) => set(typing ? { runTyping: true } : { runTyping: false, run: '', activeField: null }),
    clearPassword: () => set({ password: '', passwordRepeat: '', passwordVisible: false }),
    reset: () => set(INITIAL_ENTRY),
  }));
}

export type EntryStore = ReturnType<typeof createEntryStore>;

export const entryStore = createEntryStore();
