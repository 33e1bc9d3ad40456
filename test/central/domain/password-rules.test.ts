import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPassword, commonPasswordBlocklist, EMPTY_BLOCKLIST, loadBlocklistFile, PASSWORD_POLICY, parseRun } from '../../../central/domain/index.ts';

const owner = { run: parseRun('15.234.871-1')!, givenNames: ['María José', 'Ñuñoa'], surnames: ['Pérez', 'Gómez'] };
const failed = (password: string, blocklist = EMPTY_BLOCKLIST) => checkPassword(password, owner, blocklist).failed;

describe('password rules (NIST SP 800-63B)', () => {
  it('are published as data: 8 to 128 characters, no composition rules, blocklist, RUN and names', () => {
    expect(PASSWORD_POLICY).toMatchObject({ minLength: 8, maxLength: 128, normalization: 'NFKC' });
    expect(PASSWORD_POLICY.rules.map((r) => r.id)).toEqual(['min_length', 'max_length', 'not_common', 'no_run', 'no_names']);
    expect(JSON.parse(JSON.stringify(PASSWORD_POLICY))).toEqual(PASSWORD_POLICY);
  });

  it('accept a long lower-case passphrase, and anything printable or Unicode, with no composition rules', () => {
    expect(failed('lluvia en el desierto florido')).toEqual([]);
    expect(failed('tortuga')).toEqual(['min_length']);
    expect(failed('añoranza')).toEqual([]);
    expect(failed('x'.repeat(64) + 'yz')).toEqual([]);
    expect(failed('ab'.repeat(60) + 'xyzwvuts' + 'q')).toEqual(['max_length']);
  });

  it('count code points after NFKC, so a decomposed ñ is one character', () => {
    expect(checkPassword('n\u0303'.repeat(7), owner, EMPTY_BLOCKLIST).failed).toContain('min_length');
  });

  it.each(['15234871', '15.234.871-1', '15234871-1', '152348711', 'casa15.234.871azul', 'x 15 234 871 y'])('refuse the RUN written as %s', (pw) => {
    expect(failed(pw.length < 8 ? `${pw}padding` : pw)).toContain('no_run');
  });

  it('refuse given names and surnames, whatever their case and accents', () => {
    expect(failed('perezperezpass')).toContain('no_names');
    expect(failed('GOMEZ y la luna')).toContain('no_names');
    expect(failed('mi amiga maria')).toContain('no_names');
    expect(failed('jose de la montaña')).toContain('no_names');
    expect(failed('nunoa en primavera')).toContain('no_names');
    expect(failed('el perro y el gato')).toEqual([]);
  });

  it('refuse repetitive and sequential strings and the service’s name, without a list', () => {
    for (const pw of [
      'aaaaaaaa',
      'abababab',
      '12341234',
      'abcdefgh',
      '98765432',
      'qwertyuiop',
      'poiuytrewq',
      'asdfghjklñ',
      'MiClaveÚnica2026',
      'chileatiende!!',
    ]) {
      expect(failed(pw), pw).toContain('not_common');
    }
  });

  it('refuse what a blocklist file lists, case-insensitively', () => {
    const dir = mkdtempSync(join(tmpdir(), 'blocklist-'));
    try {
      writeFileSync(join(dir, 'common.txt'), '# comment\nmonopoly123\nsuperman1\n');
      const blocklist = loadBlocklistFile(join(dir, 'common.txt'));
      expect(blocklist.size).toBe(2);
      expect(failed('Monopoly123', blocklist)).toEqual(['not_common']);
      expect(failed('monopoly1234', blocklist)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('the common-password blocklist', () => {
  it('holds at least the top 10,000 common passwords and refuses them', () => {
    const list = commonPasswordBlocklist();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    for (const common of ['password', 'qwerty123', 'iloveyou', 'dragon']) expect(list.has(common), common).toBe(true);
    expect(checkPassword('iloveyou', owner, list).failed).toContain('not_common');
  });
});
