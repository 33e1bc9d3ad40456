import { describe, expect, it } from 'vitest';
import { PASSWORD_RULES } from '../../electron/contract/session.ts';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordChecklist,
  passwordLength,
  passwordSendable,
  passwordStrength,
} from '../../renderer/screens/password/password-checklist.ts';

const stateOf = (password: string, failed: Parameters<typeof passwordChecklist>[1] = null) =>
  Object.fromEntries(passwordChecklist(password, failed).map(({ rule, state }) => [rule, state]));

describe('password checklist', () => {
  it('mirrors the central policy: 8 to 128 characters', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it('lists every rule of the contract, in the central order', () => {
    expect(passwordChecklist('', null).map((item) => item.rule)).toEqual([...PASSWORD_RULES]);
  });

  it('checks the length rules while typing', () => {
    expect(stateOf('corto7c')).toMatchObject({ min_length: 'unmet', max_length: 'met' });
    expect(stateOf('ocho8888')).toMatchObject({ min_length: 'met', max_length: 'met' });
    expect(stateOf('x'.repeat(129))).toMatchObject({ min_length: 'met', max_length: 'unmet' });
  });

  it('counts characters as the central does: NFKC, code points', () => {
    // n + combining tilde is one ñ after NFKC; an emoji is one character, not two UTF-16 units.
    expect(passwordLength('n\u0303')).toBe(1);
    expect(passwordLength('🦙🦙🦙🦙')).toBe(4);
    expect(stateOf('año😀año😀')).toMatchObject({ min_length: 'met' });
  });

  it('shows the rules only the service can check as guidance, until it refuses one', () => {
    expect(stateOf('caballo bateria')).toMatchObject({ not_common: 'guidance', no_run: 'guidance', no_names: 'guidance' });
    expect(stateOf('', ['no_names'])).toMatchObject({ not_common: 'guidance', no_run: 'guidance', no_names: 'rejected' });
  });

  it('recomputes the length rules live even after the service refused them', () => {
    expect(stateOf('suficiente largo', ['min_length'])).toMatchObject({ min_length: 'met' });
  });

  it('lets a password be sent once the length rules are met', () => {
    expect(passwordSendable('1234567')).toBe(false);
    expect(passwordSendable('12345678')).toBe(true);
    expect(passwordSendable('x'.repeat(129))).toBe(false);
  });
});

describe('password strength', () => {
  it('says nothing for an empty field and "too short" under the minimum', () => {
    expect(passwordStrength('')).toBe('empty');
    expect(passwordStrength('abc')).toBe('tooShort');
  });

  it('rates repeated and sequential characters as weak', () => {
    expect(passwordStrength('aaaaaaaa')).toBe('weak');
    expect(passwordStrength('12345678')).toBe('weak');
    expect(passwordStrength('abcdefgh')).toBe('weak');
  });

  it('rewards length more than symbols (NIST SP 800-63B: no composition rules)', () => {
    const order = ['empty', 'tooShort', 'weak', 'fair', 'good', 'strong'];
    const rank = (p: string) => order.indexOf(passwordStrength(p));
    expect(rank('caballo bateria grapa correcta')).toBeGreaterThanOrEqual(rank('Xk9#mQ2z'));
    expect(passwordStrength('caballo bateria grapa correcta')).toBe('strong');
  });
});
