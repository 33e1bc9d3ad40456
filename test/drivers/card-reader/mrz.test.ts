import { describe, expect, it } from 'vitest';
import { CARD_READ_ERRORS, type CardParseResult } from '../../../drivers/card-reader/card-read.ts';
import { parseMrz } from '../../../drivers/card-reader/mrz.ts';
import { renderMrz } from '../../../synthetic/citizens/index.ts';
import { REFERENCE_MRZ, REFERENCE_MRZ_READ, TODAY, citizenWhere, mrzOf, options, otherDigit, population, withChar } from './fixtures.ts';

const read = (text: string, today = TODAY): CardParseResult => parseMrz(text, { today });
const codeOf = (result: CardParseResult): string => (result.ok ? 'ok' : result.error.code);
const specimen = REFERENCE_MRZ.join('\n');

describe('parseMrz on the reference specimen (§3.2)', () => {
  it('reads every field', () => {
    expect(read(specimen)).toEqual({ ok: true, value: REFERENCE_MRZ_READ });
  });

  it('reads a foreign resident’s card as CEDULA_EXT with the holder’s nationality', () => {
    const c = citizenWhere((x) => x.cardType === 'CEDULA_EXT');
    const result = read(mrzOf(c));
    expect(result.ok && result.value.documentType).toBe('CEDULA_EXT');
    expect(result.ok && result.value.nationality).toBe(c.nationality);
  });

  it('reads a RUN whose check digit is K, and a 7-digit RUN', () => {
    const k = citizenWhere((x) => x.run.checkDigit === 'K');
    expect(read(mrzOf(k)).ok && (read(mrzOf(k)) as { value: { run: { checkDigit: string } } }).value.run.checkDigit).toBe('K');
    const short = citizenWhere((x) => x.run.number < 10_000_000);
    const result = read(mrzOf(short));
    expect(result.ok && result.value.run.number).toBe(short.run.number);
  });
});

describe('parseMrz framing tolerance (reference §2.3)', () => {
  it.each([
    ['LF', REFERENCE_MRZ.join('\n')],
    ['CR', REFERENCE_MRZ.join('\r')],
    ['CRLF', REFERENCE_MRZ.join('\r\n')],
    ['a terminator after the last row', `${REFERENCE_MRZ.join('\r\n')}\r\n`],
    ['blank lines between rows', REFERENCE_MRZ.join('\r\n\r\n')],
    ['surrounding whitespace', `  \t${REFERENCE_MRZ.join('\n  ')}  \n\n`],
    ['STX … ETX', `\x02${REFERENCE_MRZ.join('\r')}\r\x03`],
    ['STX/ETX around each row', REFERENCE_MRZ.map((l) => `\x02${l}\x03`).join('')],
    ['a prefix line and a suffix line', `MRZ READER v2\r\n${REFERENCE_MRZ.join('\r\n')}\r\nOK\r\n`],
    ['an AIM identifier glued to row 1', `]o0${REFERENCE_MRZ.join('\r')}`],
    ['a vendor prefix and suffix glued on', `MRZ:${REFERENCE_MRZ.join('\n')}#END`],
    ['no separators at all (90 characters)', REFERENCE_MRZ.join('')],
    ['a keyboard wedge on a Latin-American layout (`<` typed as `;`, §2.2)', REFERENCE_MRZ.join('\n').replaceAll('<', ';')],
  ])('reads the specimen with %s', (_framing, text) => {
    const result = read(text);
    expect(result.ok && result.value.run.formatted).toBe('15.234.871-1');
  });

  it('does not take MRZ characters glued before row 1 for framing (an OCR insertion is not a prefix)', () => {
    expect(codeOf(read(`X${specimen}`))).not.toBe('ok');
  });
});

describe('parseMrz OCR corrections (documented in drivers/card-reader/mrz-text.ts)', () => {
  it.each([
    ['O for 0 in the birth date', 1, 2, 'O'],
    ['I for 1 in the RUN', 1, 18, 'I'],
    ['S for 5 in the RUN', 1, 19, 'S'],
    ['B for 8 in the birth date', 1, 0, 'B'],
    ['Z for 2 in the expiry date', 1, 13, 'Z'],
    ['0 for O in the surname', 2, 1, '0'],
    ['1 for I in the given names', 2, 20, '1'],
    ['1 for I in the document code', 0, 0, '1'],
  ])('corrects %s', (_what, row, column, char) => {
    const text = withChar(REFERENCE_MRZ, row, column, char).join('\n');
    expect(read(text)).toEqual(read(specimen));
  });

  it('does not correct the serial, where letters and digits are both legal', () => {
    // 601234567 → 6O1234567: O weighs 24, 0 weighs 0, so the check digit catches it.
    expect(read(withChar(REFERENCE_MRZ, 0, 6, 'O').join('\n'))).toMatchObject({ ok: false, error: { code: 'card.check_digit', field: 'documentNumber' } });
  });
});

describe('parseMrz refusals', () => {
  it.each([
    ['serial', 0, 14, 'documentNumber'],
    ['birth date', 1, 6, 'birthDate'],
    ['expiry date', 1, 14, 'expiryDate'],
    ['composite', 1, 29, 'composite'],
  ] as const)('refuses a wrong %s check digit as card.check_digit naming that field', (_what, row, column, field) => {
    const text = withChar(REFERENCE_MRZ, row, column, otherDigit(REFERENCE_MRZ[row][column]!)).join('\n');
    expect(read(text)).toMatchObject({ ok: false, error: { code: 'card.check_digit', field, messageKey: 'errors.cardCheckDigit' } });
  });

  it('refuses a RUN whose módulo-11 digit is wrong even when every ICAO check digit is right', () => {
    const c = population.citizens[0]!;
    const wrong = c.run.checkDigit === '1' ? '2' : '1';
    const text = renderMrz({ ...c, run: { ...c.run, checkDigit: wrong } }).join('\n');
    expect(read(text)).toMatchObject({ ok: false, error: { code: 'card.invalid_run', field: 'run' } });
  });

  it('refuses a malformed RUN field', () => {
    const lines = withChar(REFERENCE_MRZ, 1, 26, '0'); // 15234871<1<3 → 15234871010…: no separator
    expect(read(lines.join('\n'))).toMatchObject({ ok: false });
    const zeroFilled = withChar(REFERENCE_MRZ, 1, 28, '0'); // filler → 0 weighs the same; refused by shape
    expect(read(zeroFilled.join('\n'))).toMatchObject({ ok: false, error: { code: 'card.invalid_run' } });
  });

  it.each([
    ['the last row missing', REFERENCE_MRZ.slice(0, 2).join('\n')],
    ['row 3 one character short', [REFERENCE_MRZ[0], REFERENCE_MRZ[1], REFERENCE_MRZ[2].slice(0, 29)].join('\n')],
    ['row 2 cut in the middle', [REFERENCE_MRZ[0], REFERENCE_MRZ[1].slice(0, 15), REFERENCE_MRZ[2]].join('\n')],
    ['only the first 45 characters', REFERENCE_MRZ.join('').slice(0, 45)],
    ['an empty read', ''],
  ])('refuses a truncated MRZ (%s) as card.unreadable', (_what, text) => {
    expect(read(text)).toMatchObject({ ok: false, error: { code: 'card.unreadable', messageKey: 'errors.cardUnreadable' } });
  });

  it.each([[[1, 0, 2]], [[0, 2, 1]], [[2, 1, 0]], [[1, 2, 0]], [[2, 0, 1]]])('refuses rows in the order %j as card.unreadable', (order) => {
    const text = order.map((i) => REFERENCE_MRZ[i]).join('\n');
    expect(read(text)).toMatchObject({ ok: false, error: { code: 'card.unreadable', field: 'structure' } });
  });

  it.each([
    ['«', '«'],
    ['space', ' '],
    ['K (same weight as <)', 'K'],
  ])('refuses every `<` corrupted to %s', (_what, char) => {
    expect(codeOf(read(specimen.replaceAll('<', char)))).not.toBe('ok');
  });

  it('refuses a single `<` turned into `;` when the others arrived intact', () => {
    expect(codeOf(read(withChar(REFERENCE_MRZ, 0, 20, ';').join('\n')))).toBe('card.unreadable');
  });

  it('refuses another country’s identity card, and other TD1 documents', () => {
    expect(read(specimen.replace('INCHL', 'INPER'))).toMatchObject({ ok: false, error: { code: 'card.not_chilean_id', field: 'issuingState' } });
    expect(read(specimen.replace('INCHL', 'ACCHL'))).toMatchObject({ ok: false, error: { code: 'card.not_chilean_id', field: 'documentCode' } });
  });

  it('refuses a passport (TD3, 2 × 44) as card.not_chilean_id', () => {
    const passport = ['P<CHLSOTO<VALENZUELA<<CAMILA<FERNANDA<<<<<<<', 'P123456781CHL8503127F3103120<<<<<<<<<<<<<<04'].join('\n');
    expect(read(passport)).toMatchObject({ ok: false, error: { code: 'card.not_chilean_id', messageKey: 'errors.cardNotChileanId' } });
  });

  it('refuses an expired card against the injected today, and accepts it on its last day', () => {
    expect(read(specimen, '2031-03-13')).toMatchObject({ ok: false, error: { code: 'card.expired', field: 'expiryDate', retryable: false } });
    expect(read(specimen, '2031-03-12').ok).toBe(true);
    const expired = population.citizens.find((c) => c.flags.cardExpired)!;
    expect(codeOf(read(mrzOf(expired)))).toBe('card.expired');
  });

  it('refuses a name row with filler followed by letters, or without given names', () => {
    expect(codeOf(read([REFERENCE_MRZ[0], REFERENCE_MRZ[1], 'SOTO<VALENZUELA<<CAMILA<<<<X<<'].join('\n')))).toBe('card.unreadable');
    expect(codeOf(read([REFERENCE_MRZ[0], REFERENCE_MRZ[1], 'SOTO<VALENZUELA<<<<<<<<<<<<<<<'].join('\n')))).toBe('card.unreadable');
  });

  it('throws (a programming error, not a card error) when today is not a calendar date', () => {
    expect(() => parseMrz(specimen, { today: '2026-02-30' })).toThrow(TypeError);
    expect(() => parseMrz(specimen, { today: 'yesterday' })).toThrow(TypeError);
  });

  it('keeps the RUN and names out of error details (data minimisation)', () => {
    const failures = [withChar(REFERENCE_MRZ, 1, 29, '0'), withChar(REFERENCE_MRZ, 1, 25, '<'), withChar(REFERENCE_MRZ, 2, 3, '7')].map((lines) =>
      read(lines.join('\n')),
    );
    for (const result of failures) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.detail).not.toMatch(/15234871|SOTO|CAMILA|601234567/);
        expect(CARD_READ_ERRORS[result.error.code].messageKey).toBe(result.error.messageKey);
      }
    }
  });

  it('gives the same answer for the same input and options (pure)', () => {
    expect(parseMrz(specimen, options)).toEqual(parseMrz(specimen, options));
  });
});
