import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBlocklist, type PasswordBlocklist, type PasswordOwner } from '../../common/password-rules.ts';
import { PASSWORD_RULES } from '../../electron/contract/session.ts';
import {
  brokenRules,
  type ChecklistItem,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordChecklist,
  type PasswordKnowledge,
  passwordLength,
  passwordSendable,
  passwordStrength,
  repeatState,
} from '../../renderer/screens/password/password-checklist.ts';

// Synthetic: Valentina Rojas Soto, RUN 12.345.678-5.
const OWNER: PasswordOwner = { runNumber: '12345678', nameParts: ['valentina', 'rojas', 'soto'] };
const LIST: PasswordBlocklist = createBlocklist(['password', 'iloveyou', 'contraseña'], 'test');
const KNOWN: PasswordKnowledge = { owner: OWNER, blocklist: LIST };

const items = (password: string, known = KNOWN, failed: Parameters<typeof passwordChecklist>[2] = null) => passwordChecklist(password, known, failed);
const stateOf = (...args: Parameters<typeof items>) => Object.fromEntries(items(...args).map(({ rule, state }) => [rule, state]));

describe('password checklist', () => {
  it('uses the central policy: 8 to 128 characters', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it('lists every rule of the contract, in the central order', () => {
    expect(items('').map((item) => item.rule)).toEqual([...PASSWORD_RULES]);
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

  it('checks the names, the RUN and the common-password list live', () => {
    expect(stateOf('mi amiga Valentina')).toMatchObject({ no_names: 'unmet', no_run: 'met', not_common: 'met' });
    expect(stateOf('ROJAS y la luna')).toMatchObject({ no_names: 'unmet' });
    expect(stateOf('casa 12.345.678-5')).toMatchObject({ no_run: 'unmet', no_names: 'met' });
    expect(stateOf('iloveyou')).toMatchObject({ not_common: 'unmet' });
    expect(stateOf('MiClaveÚnica2026')).toMatchObject({ not_common: 'unmet' });
    expect(brokenRules(items('valentina12345678'))).toEqual(['no_run', 'no_names']);
    expect(brokenRules(items('kiosco verde lejano'))).toEqual([]);
  });

  it('says central checks what the kiosk cannot know yet (list still loading, no owner)', () => {
    expect(stateOf('caballo bateria', { owner: null, blocklist: null })).toMatchObject({ not_common: 'guidance', no_run: 'guidance', no_names: 'guidance' });
    expect(stateOf('iloveyou', { owner: OWNER, blocklist: null })).toMatchObject({ not_common: 'guidance' });
    // Repetitive and sequential strings need no list.
    expect(stateOf('12345678', { owner: OWNER, blocklist: null })).toMatchObject({ not_common: 'unmet' });
  });

  it('shows what central refused until the citizen types another password, then the live verdict', () => {
    expect(stateOf('', KNOWN, ['no_names'])).toMatchObject({ no_names: 'rejected', not_common: 'guidance' });
    expect(stateOf('suficiente largo', KNOWN, ['min_length', 'no_names'])).toMatchObject({ min_length: 'met', no_names: 'met' });
  });

  it('lets a password be sent once it breaks no rule and the second field matches', () => {
    const sendable = (password: string, repeat = password) => passwordSendable(items(password), repeatState(password, repeat));
    expect(sendable('1234567')).toBe(false);
    expect(sendable('kiosco verde lejano')).toBe(true);
    expect(sendable('kiosco verde lejano', 'kiosco verde lejana')).toBe(false);
    expect(sendable('kiosco verde lejano', '')).toBe(false);
    expect(sendable('valentina verde lejano')).toBe(false);
    expect(sendable('x'.repeat(129))).toBe(false);
  });

  it('compares the repeated password as central stores it (NFKC)', () => {
    expect(repeatState('año', 'an\u0303o')).toBe('matches');
    expect(repeatState('año', '')).toBe('empty');
    expect(repeatState('año', 'ano')).toBe('differs');
  });
});

describe('password strength', () => {
  const strength = (password: string, known = KNOWN) => passwordStrength(password, items(password, known));

  it('says nothing for an empty field and "too short" under the minimum', () => {
    expect(strength('')).toBe('empty');
    expect(strength('abc')).toBe('tooShort');
  });

  it('rates repeated and sequential characters as weak', () => {
    expect(strength('aaaaaaaa')).toBe('weak');
    expect(strength('12345678')).toBe('weak');
    expect(strength('abcdefgh')).toBe('weak');
  });

  it('rewards length more than symbols (NIST SP 800-63B: no composition rules)', () => {
    const order = ['empty', 'tooShort', 'weak', 'fair', 'good', 'strong'];
    const rank = (p: string) => order.indexOf(strength(p));
    expect(rank('caballo bateria grapa correcta')).toBeGreaterThanOrEqual(rank('Xk9#mQ2z'));
    expect(strength('caballo bateria grapa correcta')).toBe('strong');
  });

  it('never rates a password that breaks a rule above weak, however long and varied', () => {
    expect(strength('Valentina y Rojas #2026 en primavera')).toBe('weak');
    expect(strength('Casa-12.345.678-Luna-Verde!')).toBe('weak');
  });

  it('rates no better than fair while a rule could not be checked here', () => {
    expect(strength('caballo bateria grapa correcta', { owner: null, blocklist: LIST })).toBe('fair');
  });

  it('property: good or strong only when every rule is met', () => {
    const word = fc.constantFrom('valentina', 'rojas', 'soto', '12345678', '12.345.678-5', 'password', 'casa', 'verde', ' ', '#', 'Ñandú', 'X9');
    const password = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.array(word, { maxLength: 8 }).map((words) => words.join('')),
    );
    fc.assert(
      fc.property(password, fc.boolean(), fc.boolean(), (pw, knowOwner, knowList) => {
        const known = { owner: knowOwner ? OWNER : null, blocklist: knowList ? LIST : null };
        const list: readonly ChecklistItem[] = items(pw, known);
        const rated = passwordStrength(pw, list);
        if (rated === 'good' || rated === 'strong') expect(list.every((item) => item.state === 'met')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
