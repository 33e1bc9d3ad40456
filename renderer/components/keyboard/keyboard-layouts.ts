/**
 * The on-screen keyboard's layouts as plain data: a grid of keys, each with
 * what it does. Built for a touch kiosk (electron-kiosk.md §4.1): Spanish
 * letters with ñ and the accented vowels on their own row (no dead keys to
 * learn), an e-mail layout with the domains Chileans type most, and a
 * numeric pad for the phone, and one with K for a RUT (its check digit may be K).
 */
export type KeyboardLayoutId = 'letters' | 'symbols' | 'email' | 'numeric' | 'rut';

/** Keys whose name is not the character they show; the catalogue names them (`keyboard.names.*`). */
export type NamedKey = 'shift' | 'backspace' | 'space' | 'symbols' | 'letters' | 'at' | 'dot' | 'hyphen' | 'underscore';

export type KeyAction =
  /** One character; letters follow shift. */
  | { readonly kind: 'char'; readonly char: string }
  /** A fixed piece of text typed at once (`.cl`, `.com`). */
  | { readonly kind: 'text'; readonly text: string }
  /** An e-mail domain: completes or replaces what follows the `@`. */
  | { readonly kind: 'domain'; readonly domain: string }
  | { readonly kind: 'backspace' }
  | { readonly kind: 'shift' }
  | { readonly kind: 'layout'; readonly to: KeyboardLayoutId };

export interface KeyDefinition {
  readonly id: string;
  readonly action: KeyAction;
  /** Set when the key's accessible name comes from the catalogue rather than its character. */
  readonly name?: NamedKey;
  /** Relative width in the row (1 = a letter key). */
  readonly width?: number;
}

export type KeyboardLayout = readonly (readonly KeyDefinition[])[];

const CHAR_NAMES: Readonly<Record<string, NamedKey>> = { '@': 'at', '.': 'dot', '-': 'hyphen', _: 'underscore', ' ': 'space' };

function chars(text: string): KeyDefinition[] {
  return [...text].map((char) => {
    const name = CHAR_NAMES[char];
    return { id: `char:${char}`, action: { kind: 'char', char }, ...(name === undefined ? {} : { name }) };
  });
}

const DIGITS = chars('1234567890');
const BACKSPACE: KeyDefinition = { id: 'backspace', action: { kind: 'backspace' }, name: 'backspace', width: 2 };
const SHIFT: KeyDefinition = { id: 'shift', action: { kind: 'shift' }, name: 'shift', width: 2 };
const SPACE: KeyDefinition = { id: 'space', action: { kind: 'char', char: ' ' }, name: 'space', width: 6 };
const TO_SYMBOLS: KeyDefinition = { id: 'layout:symbols', action: { kind: 'layout', to: 'symbols' }, name: 'symbols', width: 3 };
const TO_LETTERS: KeyDefinition = { id: 'layout:letters', action: { kind: 'layout', to: 'letters' }, name: 'letters', width: 3 };

function text(value: string, width = 2): KeyDefinition {
  return { id: `text:${value}`, action: { kind: 'text', text: value }, width };
}
function domain(value: string): KeyDefinition {
  return { id: `domain:${value}`, action: { kind: 'domain', domain: value }, width: 5 };
}

export const KEYBOARD_LAYOUTS: Readonly<Record<KeyboardLayoutId, KeyboardLayout>> = {
  letters: [DIGITS, chars('qwertyuiop'), chars('asdfghjklñ'), [SHIFT, ...chars('zxcvbnm'), BACKSPACE], chars('áéíóúü'), [TO_SYMBOLS, SPACE, ...chars('.-')]],
  symbols: [DIGITS, chars('!@#$%&*()?'), chars('-_=+/\\:;\'"'), [...chars('.,<>[]{}'), BACKSPACE], chars('¿¡€^`|~'), [TO_LETTERS, SPACE]],
  // No shift and no accents: mail addresses are case-insensitive, and Chilean providers accept only ASCII.
  email: [
    DIGITS,
    chars('qwertyuiop'),
    chars('asdfghjkl'),
    [...chars('zxcvbnm'), BACKSPACE],
    [...chars('@._-'), text('.cl'), text('.com')],
    [domain('gmail.com'), domain('hotmail.com'), domain('outlook.com')],
  ],
  numeric: [chars('123'), chars('456'), chars('789'), [...chars('0'), { ...BACKSPACE, width: 1 }]],
  rut: [chars('123'), chars('456'), chars('789'), [...chars('K0'), { ...BACKSPACE, width: 1 }]],
};
