import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icaoCheckDigit } from '../../../drivers/card-reader/icao-dates.ts';
import { formatRun, makeRun, parseRun, runCheckDigit } from '../../../drivers/card-reader/run.ts';
import { maskRun } from '../../../common/run-mask.ts';
import { icaoCheckDigit as syntheticIcao, runCheckDigit as syntheticRun } from '../../../synthetic/citizens/index.ts';

describe('RUN check digit, módulo 11 (reference §3.4)', () => {
  it.each([
    [12345678, '5'],
    [11111111, '1'],
    [7775735, 'K'],
    [12845657, '0'],
    [15234871, '1'],
    [21302778, '6'],
  ])('%i → %s', (run, digit) => {
    expect(runCheckDigit(run)).toBe(digit);
  });

  it('agrees with the synthetic generator’s copy for every RUN', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_999 }), (run) => runCheckDigit(run) === syntheticRun(run)));
  });

  it('formats with dots and hyphen', () => {
    expect(formatRun(15234871, '1')).toBe('15.234.871-1');
    expect(formatRun(7775735, 'K')).toBe('7.775.735-K');
  });
});

describe('parseRun (normalisation of reference §3.4)', () => {
  it.each(['15.234.871-1', '15234871-1', '152348711', ' 15 234 871 1 ', '015.234.871-1'])('reads %j', (text) => {
    expect(parseRun(text)).toEqual({ number: 15234871, checkDigit: '1', formatted: '15.234.871-1' });
  });

  it('upper-cases k', () => {
    expect(parseRun('7.775.735-k')).toEqual({ number: 7775735, checkDigit: 'K', formatted: '7.775.735-K' });
  });

  it.each(['15.234.871-2', '7775735-0', '', '-', 'K', '0-0', '12a45678-5', '1'.repeat(30)])('refuses %j', (text) => {
    expect(parseRun(text)).toBeNull();
  });

  it('notices any one digit changed (weights 2–7 and 11 prime: w × Δ is never 0 mod 11)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 27_999_999 }), fc.nat(7), fc.integer({ min: 1, max: 9 }), (run, position, delta) => {
        const digits = [...String(run)];
        const index = position % digits.length;
        digits[index] = String((Number(digits[index]) + delta) % 10);
        const changed = Number(digits.join(''));
        expect(makeRun(changed, runCheckDigit(run))).toBeNull();
      }),
    );
  });
});

describe('maskRun', () => {
  it('hides the last three digits before the check digit, as the receipt and snapshots show it', () => {
    expect(maskRun('12.345.678-5')).toBe('12.345.***-5');
    expect(maskRun('7.775.735-K')).toBe('7.775.***-K');
  });

  it('hides everything it does not recognise as a formatted RUN', () => {
    expect(maskRun('12345678-5')).toBe('***');
    expect(maskRun('12.345.678-k')).toBe('***');
    expect(maskRun('')).toBe('***');
  });

  it('masks every formatted RUN, keeping only the digits before the last group and the check digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (number) => {
        const formatted = formatRun(number, runCheckDigit(number));
        const masked = maskRun(formatted);
        return (
          masked.replace(/\*/g, '') === formatted.replace(/\d{1,3}(?=-)/, '') &&
          masked.endsWith(`-${runCheckDigit(number)}`) &&
          !masked.includes(String(number))
        );
      }),
    );
  });
});

describe('ICAO check digit (driver copy, reference §3.1)', () => {
  it.each([
    ['104123040', '9'],
    ['900206', '3'],
    ['200206', '4'],
    ['601234567', '0'],
  ])('%s → %s', (field, digit) => {
    expect(icaoCheckDigit(field)).toBe(digit);
  });

  it('is null for a character outside the MRZ alphabet', () => {
    expect(icaoCheckDigit('12a')).toBeNull();
  });

  it('agrees with the synthetic generator’s copy', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<'), maxLength: 40 }),
        (field) => icaoCheckDigit(field) === syntheticIcao(field),
      ),
    );
  });
});
