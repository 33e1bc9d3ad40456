import { parse } from 'mrz';
import { describe, expect, it } from 'vitest';
import {
  generatePopulation,
  icaoCheckDigit,
  mrzName,
  mrzNames,
  percentEncodeLatin1,
  qrMrzField,
  renderMrz,
  renderQrUrl,
  runCheckDigit,
  type SyntheticCitizen,
} from '../../../synthetic/citizens/index.ts';

const { citizens } = generatePopulation();

/** The synthetic person of hardware-protocols.md §3.2 (a specimen, not a real card). */
const REFERENCE_SPECIMEN = {
  serial: '601234567',
  birthDate: '1985-03-12',
  sex: 'F',
  expiryDate: '2031-03-12',
  nationality: 'CHL',
  run: { number: 15234871, checkDigit: '1', formatted: '15.234.871-1' },
  surnames: ['Soto', 'Valenzuela'],
  givenNames: ['Camila', 'Fernanda'],
} as const satisfies Partial<SyntheticCitizen>;

describe('check digits (synthetic copy)', () => {
  it.each([
    ['104123040', '9'],
    ['900206', '3'],
    ['200206', '4'],
    ['530498060', '5'],
    ['030518', '5'],
    ['330518', '6'],
  ])('ICAO 7-3-1 of %s is %s (reference §3.1, §3.3)', (field, digit) => {
    expect(icaoCheckDigit(field)).toBe(digit);
  });

  it.each([
    [12345678, '5'],
    [11111111, '1'],
    [7775735, 'K'],
    [12845657, '0'],
    [15234871, '1'],
  ])('módulo 11 of %i is %s (reference §3.4)', (run, digit) => {
    expect(runCheckDigit(run)).toBe(digit);
  });
});

describe('the MRZ of a synthetic card', () => {
  it('reproduces the reference specimen exactly (§3.2)', () => {
    expect(renderMrz(REFERENCE_SPECIMEN)).toEqual(['INCHL6012345670D31<<<<<<<<<<<<', '8503127F3103120CHL15234871<1<3', 'SOTO<VALENZUELA<<CAMILA<FERNAN']);
  });

  it('transliterates names per ICAO 9303 Part 3 §6', () => {
    expect(mrzName('Muñoz')).toBe('MUNOZ');
    expect(mrzName('Ángela')).toBe('ANGELA');
    expect(mrzName('Íñigo')).toBe('INIGO');
    expect(mrzName('Agüero')).toBe('AGUERO');
    expect(mrzName('Jean-Baptiste')).toBe('JEAN<BAPTISTE');
    expect(mrzName("D'Alessandro")).toBe('DALESSANDRO');
    expect(mrzName('María José')).toBe('MARIA<JOSE');
  });

  it('is 3 × 30 MRZ characters that the mrz package reads as a valid TD1, for every citizen', () => {
    for (const c of citizens) {
      const lines = renderMrz(c);
      expect(lines.every((line) => /^[A-Z0-9<]{30}$/.test(line))).toBe(true);
      const result = parse(lines);
      expect(result.valid, `citizen #${c.index}`).toBe(true);
      expect(result.format).toBe('TD1');
      expect(result.fields.documentNumber).toBe(c.serial);
      expect(result.fields.issuingState).toBe('CHL');
      expect(result.fields.nationality).toBe(c.nationality);
      expect(result.fields.optional2).toBe(`${c.run.number} ${c.run.checkDigit}`);
      expect(result.fields.lastName).toBe(mrzNames(c).surnames);
      expect(result.fields.firstName).toBe(mrzNames(c).givenNames);
    }
  });
});

describe('the QR of a synthetic card', () => {
  it('percent-encodes Latin-1 bytes, not UTF-8 (reference §3.3: SEBASTI%C1N)', () => {
    expect(percentEncodeLatin1('SEBASTIÁN')).toBe('SEBASTI%C1N');
    expect(percentEncodeLatin1('MUÑOZ PEÑA')).toBe('MU%D1OZ%20PE%D1A');
    expect(() => percentEncodeLatin1('€')).toThrow(RangeError);
  });

  it('carries the 24-character ICAO MRZ information', () => {
    expect(qrMrzField(REFERENCE_SPECIMEN)).toBe('601234567085031273103120');
  });

  it('is the docstatus URL of §3.3, with a name only on the newer (alphanumeric) series', () => {
    for (const c of citizens) {
      const url = renderQrUrl(c);
      expect(url).toMatch(
        /^https:\/\/portal\.sidiv\.registrocivil\.cl\/docstatus\?RUN=\d{7,8}-[0-9K]&type=CEDULA(_EXT)?&serial=[A-Z0-9]{9}&mrz=[A-Z0-9]{9}\d{15}(&name=[A-Z0-9%-]+)?$/,
      );
      expect(url.includes('&name=')).toBe(c.serialSeries === 'alphanumeric');
    }
  });
});
