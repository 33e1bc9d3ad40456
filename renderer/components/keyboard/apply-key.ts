import type { KeyAction, KeyboardLayoutId } from './keyboard-layouts.ts';

/** What a field holds while the on-screen keyboard types into it. */
export interface KeyboardInput {
  readonly value: string;
  /** One-shot shift: the next letter is upper case, then it turns off. */
  readonly shift: boolean;
}

export interface KeyResult extends KeyboardInput {
  /** Set when the key switches layouts (letters ↔ symbols). */
  readonly layout?: KeyboardLayoutId;
}

export interface KeyLimits {
  /** In characters (code points), as the central counts a password. */
  readonly maxLength: number;
  /** Characters the field refuses (the phone takes digits only). */
  readonly accepts?: (char: string) => boolean;
}

const length = (text: string) => [...text].length;

function append(input: KeyboardInput, addition: string, limits: KeyLimits): KeyResult {
  if (limits.accepts !== undefined && ![...addition].every(limits.accepts)) return input;
  if (length(input.value) + length(addition) > limits.maxLength) return input;
  return { value: input.value + addition, shift: false };
}

/**
 * The effect of one key on the field. Keys always act at the end of the
 * value: a touch screen has no reliable caret, and the citizen deletes with
 * backspace and sees the result at once.
 */
export function applyKey(input: KeyboardInput, action: KeyAction, limits: KeyLimits): KeyResult {
  switch (action.kind) {
    case 'char':
      // Spanish case mapping: ñ → Ñ, á → Á, ü → Ü.
      return append(input, input.shift ? action.char.toLocaleUpperCase('es') : action.char, limits);
    case 'text':
      return append(input, action.text, limits);
    case 'domain': {
      // `ana@` + gmail.com, `ana@gmial.co` + gmail.com and `ana` + gmail.com all give ana@gmail.com.
      const at = input.value.indexOf('@');
      const local = at < 0 ? input.value : input.value.slice(0, at);
      const value = `${local}@${action.domain}`;
      return length(value) > limits.maxLength ? input : { value, shift: false };
    }
    case 'backspace':
      return { value: [...input.value].slice(0, -1).join(''), shift: input.shift };
    case 'shift':
      return { value: input.value, shift: !input.shift };
    case 'layout':
      return { value: input.value, shift: false, layout: action.to };
  }
}

/** The character a key shows (and types) in the current shift state. */
export function keyCharacter(char: string, shift: boolean): string {
  return shift ? char.toLocaleUpperCase('es') : char;
}
