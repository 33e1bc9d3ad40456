import { describe, expect, it } from 'vitest';
import { applyKey, type KeyLimits } from '../../renderer/components/keyboard/apply-key.ts';
import { type KeyAction, KEYBOARD_LAYOUTS } from '../../renderer/components/keyboard/keyboard-layouts.ts';
import { ENTRY_FIELDS, createEntryStore } from '../../renderer/store/entry-store.ts';

const WIDE: KeyLimits = { maxLength: 1024 };
const char = (c: string): KeyAction => ({ kind: 'char', char: c });

function type(keys: readonly KeyAction[], limits: KeyLimits = WIDE, start = '') {
  return keys.reduce((input, key) => applyKey(input, key, limits), { value: start, shift: false });
}

const allKeys = (layout: keyof typeof KEYBOARD_LAYOUTS) => KEYBOARD_LAYOUTS[layout].flat();
const charsOf = (layout: keyof typeof KEYBOARD_LAYOUTS) => allKeys(layout).flatMap((key) => (key.action.kind === 'char' ? [key.action.char] : []));

describe('keyboard layouts', () => {
  it('has the Spanish letters on the letters layout: ñ and the accented vowels', () => {
    expect(charsOf('letters')).toEqual(expect.arrayContaining([...'abcdefghijklmnñopqrstuvwxyz', ...'áéíóúü', ...'0123456789']));
  });

  it('has the e-mail characters and the common domains on the e-mail layout', () => {
    expect(charsOf('email')).toEqual(expect.arrayContaining(['@', '.', '_', '-']));
    const shortcuts = allKeys('email').map((key) => key.action);
    expect(shortcuts).toEqual(
      expect.arrayContaining([
        { kind: 'text', text: '.cl' },
        { kind: 'text', text: '.com' },
        { kind: 'domain', domain: 'gmail.com' },
        { kind: 'domain', domain: 'hotmail.com' },
      ]),
    );
  });

  it('has only digits and backspace on the phone pad', () => {
    expect(charsOf('numeric').sort()).toEqual([...'0123456789']);
    expect(
      allKeys('numeric')
        .filter((key) => key.action.kind !== 'char')
        .map((key) => key.action.kind),
    ).toEqual(['backspace']);
  });

  it('has digits, K and backspace on the RUT pad (a check digit may be K)', () => {
    expect(charsOf('rut').sort()).toEqual([...'0123456789K']);
    expect(
      allKeys('rut')
        .filter((key) => key.action.kind !== 'char')
        .map((key) => key.action.kind),
    ).toEqual(['backspace']);
  });

  it('gives every key a unique id within its layout', () => {
    for (const layout of Object.keys(KEYBOARD_LAYOUTS) as (keyof typeof KEYBOARD_LAYOUTS)[]) {
      const ids = allKeys(layout).map((key) => key.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('applyKey', () => {
  it('types ñ and accented vowels as single precomposed characters', () => {
    expect(type([char('a'), char('ñ'), char('o')]).value).toBe('año');
    expect(type([char('c'), char('a'), char('m'), char('i'), char('ó'), char('n')]).value).toBe('camión');
    expect(type([char('p'), char('i'), char('n'), char('g'), char('ü'), char('i'), char('n'), char('o')]).value).toBe('pingüino');
  });

  it('shifts one letter, including ñ and accented vowels, then turns shift off', () => {
    const shift: KeyAction = { kind: 'shift' };
    expect(type([shift, char('ñ'), char('u')])).toEqual({ value: 'Ñu', shift: false });
    expect(type([shift, char('á')]).value).toBe('Á');
    expect(type([shift, char('ü')]).value).toBe('Ü');
    expect(type([shift, shift, char('a')]).value).toBe('a');
  });

  it('deletes one character with backspace, whole even when it was typed as two code units', () => {
    expect(type([{ kind: 'backspace' }], WIDE, 'año').value).toBe('añ');
    expect(type([{ kind: 'backspace' }], WIDE, 'ok😀').value).toBe('ok');
    expect(type([{ kind: 'backspace' }], WIDE, '').value).toBe('');
  });

  it('types .cl and .com as a whole', () => {
    expect(type([{ kind: 'text', text: '.cl' }], WIDE, 'ana@correo').value).toBe('ana@correo.cl');
    expect(type([{ kind: 'text', text: '.com' }], WIDE, 'ana@empresa').value).toBe('ana@empresa.com');
  });

  it('completes or replaces the domain after the @', () => {
    const gmail: KeyAction = { kind: 'domain', domain: 'gmail.com' };
    expect(type([gmail], WIDE, 'ana.perez').value).toBe('ana.perez@gmail.com');
    expect(type([gmail], WIDE, 'ana.perez@').value).toBe('ana.perez@gmail.com');
    expect(type([gmail], WIDE, 'ana.perez@gmial.co').value).toBe('ana.perez@gmail.com');
    expect(type([{ kind: 'domain', domain: 'hotmail.com' }], WIDE, 'ana@gmail.com').value).toBe('ana@hotmail.com');
  });

  it('switches layouts without typing', () => {
    expect(applyKey({ value: 'ab', shift: true }, { kind: 'layout', to: 'symbols' }, WIDE)).toEqual({ value: 'ab', shift: false, layout: 'symbols' });
  });

  it('respects the field limits: the phone takes eight digits and nothing else', () => {
    const phone = ENTRY_FIELDS.phone;
    expect(type([...'9876543210'].map(char), phone).value).toBe('98765432');
    expect(type([char('a'), char('+'), char('5')], phone).value).toBe('5');
  });
});

describe('entry store', () => {
  it('types into the active field with the layout that field opens', () => {
    const entry = createEntryStore();
    entry.getState().activate('email');
    expect(entry.getState().layout).toBe('email');
    for (const c of 'ana') entry.getState().press(char(c));
    entry.getState().press({ kind: 'domain', domain: 'gmail.com' });
    entry.getState().activate('confirmation');
    entry.getState().press(char('a'));
    expect(entry.getState()).toMatchObject({ email: 'ana@gmail.com', confirmation: 'a' });
    entry.getState().activate('phone');
    expect(entry.getState().layout).toBe('numeric');
  });

  it('ignores keys while no field is active', () => {
    const entry = createEntryStore();
    entry.getState().press(char('a'));
    expect(entry.getState()).toMatchObject({ email: '', confirmation: '', phone: '', password: '' });
  });

  it('cleans what a hardware keyboard typed into the phone field', () => {
    const entry = createEntryStore();
    entry.getState().setValue('phone', '9 8765-4321 0');
    expect(entry.getState().phone).toBe('98765432');
  });

  it('keeps a typed RUT to digits and K, ten at most, and drops it when the citizen goes back to the card', () => {
    const entry = createEntryStore();
    entry.getState().setRunTyping(true);
    entry.getState().activate('run');
    expect(entry.getState().layout).toBe('rut');
    entry.getState().setValue('run', '15.234.871-k');
    expect(entry.getState().run).toBe('15234871k');
    entry.getState().setValue('run', '1234567890123');
    expect(entry.getState().run).toBe('1234567890');
    entry.getState().setRunTyping(false);
    expect([entry.getState().run, entry.getState().runTyping, entry.getState().activeField]).toEqual(['', false, null]);
  });

  it('drops the password and hides it when the citizen goes back to the choice', () => {
    const entry = createEntryStore();
    entry.getState().setPasswordTyping(true);
    entry.getState().setValue('password', 'una clave larga');
    entry.getState().togglePasswordVisible();
    entry.getState().setPasswordTyping(false);
    expect(entry.getState()).toMatchObject({ password: '', passwordVisible: false, passwordTyping: false });
  });
});
