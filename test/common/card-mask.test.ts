import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskBirthDate, maskCardSerial, maskName } from '../../common/card-mask.ts';
import { CardTestResultSchema } from '../../electron/contract/technician.ts';

describe('masking what a card says about its holder', () => {
  it('keeps only the last three characters of the card serial', () => {
    expect(maskCardSerial('B5F089055')).toBe('******055');
    expect(maskCardSerial('523456789')).toBe('******789');
    expect(maskCardSerial('123')).toBe('***');
    expect(maskCardSerial('')).toBe('***');
  });

  it('keeps the first character of each word of a name', () => {
    expect(maskName('GONZÁLEZ PÉREZ')).toBe('G******* P****');
    expect(maskName('  MARÍA   JOSÉ ')).toBe('M**** J***');
    expect(maskName('Ñ')).toBe('Ñ');
  });

  it('keeps the year of a birth date, and nothing of a value that is not a date', () => {
    expect(maskBirthDate('1987-05-14')).toBe('1987-**-**');
    expect(maskBirthDate('14/05/1987')).toBe('****-**-**');
  });

  it('never leaves two characters of a name side by side, nor more than three of a serial', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        expect(maskName(text)).not.toMatch(/[^\s*]{2}/u);
        expect(maskCardSerial(text).replaceAll('*', '').length).toBeLessThanOrEqual(3);
      }),
      { seed: 13 },
    );
  });

  it('is what the card test result takes: a card field in clear is refused by the contract', () => {
    const card = {
      documentType: 'CEDULA',
      runMasked: '12.345.***-5',
      serialMasked: maskCardSerial('B5F089055'),
      surnamesMasked: maskName('GONZÁLEZ PÉREZ'),
      givenNamesMasked: maskName('MARÍA JOSÉ'),
      birthDateMasked: maskBirthDate('1987-05-14'),
      expiryDate: '2031-05-14',
      sex: 'F',
      nationality: 'CHL',
      source: 'mrz+qr',
    };
    expect(CardTestResultSchema.safeParse({ outcome: 'pass', card }).success).toBe(true);
    for (const clear of [
      { serialMasked: 'B5F089055' },
      { surnamesMasked: 'GONZÁLEZ PÉREZ' },
      { givenNamesMasked: 'MARÍA' },
      { birthDateMasked: '1987-05-14' },
    ]) {
      expect(CardTestResultSchema.safeParse({ outcome: 'pass', card: { ...card, ...clear } }).success, JSON.stringify(clear)).toBe(false);
    }
  });
});
