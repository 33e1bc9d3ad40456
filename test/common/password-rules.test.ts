import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonPasswordBlocklist } from '../../common/common-passwords.ts';
import { checkPassword, createBlocklist, PASSWORD_POLICY, PASSWORD_RULE_IDS, passwordOwner } from '../../common/password-rules.ts';
import { checkPassword as centralCheck, parseRun } from '../../central/domain/index.ts';
import { cardInput } from '../../electron/service/session/session-runner.ts';
import type { CardRead } from '../../drivers/card-reader/card-read.ts';
import { passwordChecklist } from '../../renderer/screens/password/password-checklist.ts';
import { PASSWORD_RULES } from '../../electron/contract/session.ts';
import { defaultPopulation } from '../../synthetic/index.ts';
import { REPO_ROOT } from '../support/kiosk-process.ts';

const list = createBlocklist(['password', 'iloveyou', 'monopoly123'], 'test');

describe('the shared password rules (common/password-rules.ts)', () => {
  it('are the rules central publishes and the contract lists', () => {
    expect(PASSWORD_POLICY.rules.map((r) => r.id)).toEqual([...PASSWORD_RULE_IDS]);
    expect([...PASSWORD_RULES]).toEqual([...PASSWORD_RULE_IDS]);
  });

  it('fold names to lower-case parts without accents, dropping parts too short to be names', () => {
    expect(passwordOwner(15234871, ['María José', 'Pérez de la Ñuñoa'])).toEqual({
      runNumber: '15234871',
      nameParts: ['maria', 'jose', 'perez', 'nunoa'],
    });
    expect(passwordOwner('15.234.871', ['PEREZ'])).toEqual({ runNumber: '15234871', nameParts: ['perez'] });
  });

  it('check the RUN in any written form and the names whatever their case and accents', () => {
    const owner = passwordOwner(15234871, ['María José', 'Pérez']);
    expect(checkPassword('casa 15.234.871-1', owner, list).failed).toEqual(['no_run']);
    expect(checkPassword('JOSÉ de la montaña', owner, list).failed).toEqual(['no_names']);
    expect(checkPassword('iloveyou', owner, list).failed).toEqual(['not_common']);
    expect(checkPassword('el perro y el gato', owner, list).ok).toBe(true);
  });

  it('are one copy, imported by central and by the kiosk renderer', () => {
    const source = (path: string) => readFileSync(`${REPO_ROOT}/${path}`, 'utf8');
    expect(source('central/domain/password-rules.ts')).toMatch(/from '\.\.\/\.\.\/common\/password-rules\.ts'/);
    expect(source('central/domain/password-blocklist.ts')).toMatch(/from '\.\.\/\.\.\/common\/common-passwords\.ts'/);
    expect(source('renderer/screens/password/password-checklist.ts')).toMatch(/from '\.\.\/\.\.\/\.\.\/common\/password-rules\.ts'/);
    expect(source('renderer/screens/password/use-common-passwords.ts')).toMatch(/import\('\.\.\/\.\.\/\.\.\/common\/common-passwords\.ts'\)/);
    // Nothing else defines the rules: central's files hold no rule of their own.
    expect(source('central/domain/password-rules.ts')).not.toMatch(/isBlockedPassword|nameParts\.some/);
  });

  it('share central’s common-password list of at least 10,000 entries', () => {
    expect(commonPasswordBlocklist().size).toBeGreaterThanOrEqual(10_000);
    expect(commonPasswordBlocklist().has('qwerty123')).toBe(true);
  });
});

/** A card as the MRZ gives it: upper case, accents and ñ transliterated away (ICAO 9303 part 3 §6). */
function mrzCard(run: { number: number; checkDigit: string; formatted: string }, givenNames: readonly string[], surnames: readonly string[]): CardRead {
  const mrz = (names: readonly string[]) => names.join(' ').normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  return {
    documentType: 'CEDULA',
    run,
    serial: '100000001',
    surnames: mrz(surnames),
    givenNames: mrz(givenNames),
    birthDate: '1990-01-01',
    expiryDate: '2030-01-01',
    sex: 'X',
    nationality: 'CHL',
    source: 'mrz',
  };
}

describe('central and the kiosk agree on every password', () => {
  const citizens = defaultPopulation().citizens.slice(0, 40);
  const citizen = fc.constantFrom(...citizens);
  /** Random strings, and strings built from the citizen's own names and RUN, common passwords and filler. */
  const candidate = (c: (typeof citizens)[number]) =>
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc
        .array(
          fc.constantFrom(...c.givenNames, ...c.surnames, c.run.formatted, String(c.run.number), 'password', 'iloveyou', ' ', '-', 'ñandú', 'x7', 'LUNA'),
          {
            maxLength: 6,
          },
        )
        .map((parts) => parts.join('')),
    );

  it('property: the kiosk’s live checklist (from the card) says exactly what central (from its registry) decides', () => {
    const blocklist = commonPasswordBlocklist();
    fc.assert(
      fc.property(
        citizen.chain((c) => fc.tuple(fc.constant(c), candidate(c))),
        ([c, password]) => {
          const central = centralCheck(password, { run: parseRun(c.run.formatted)!, givenNames: c.givenNames, surnames: c.surnames }, blocklist);
          const read = cardInput(1, { ok: true, value: mrzCard(c.run, c.givenNames, c.surnames), scan: { reader: 'simulated', scans: [] } });
          if (read.type !== 'card.read') throw new Error('the card was not read');
          const kiosk = passwordChecklist(password, { owner: read.card.passwordOwner, blocklist }, null);
          expect(kiosk.filter((item) => item.state === 'unmet').map((item) => item.rule)).toEqual(central.failed);
          expect(kiosk.every((item) => item.state === 'met' || item.state === 'unmet')).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
