import { icaoCheckDigit } from './check-digits.ts';
import type { SyntheticCitizen } from './population.ts';

/**
 * The TD1 machine-readable zone on the back of a synthetic cédula, laid out
 * like the Chilean sample in hardware-protocols.md §3.2:
 *
 *   INCHL6012345670D31<<<<<<<<<<<<     code IN, issuer CHL, serial + check, optional data 1
 *   8503127F3103120CHL15234871<1<3     birth, sex, expiry, nationality, RUN<DV, composite
 *   SOTO<VALENZUELA<<CAMILA<FERNAN     names, cut at 30 characters
 */

/**
 * ICAO 9303 Part 3 §6 transliteration for Latin script: accents and the tilde
 * are dropped (Á→A, Ñ→N), apostrophes are omitted, spaces and hyphens become
 * `<`. Ü becomes U as Spanish-language documents write it; ICAO also allows
 * UE — which one the Registro Civil uses is not documented (unverified).
 */
export function mrzName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/'/g, '')
    .replace(/[\s-]+/g, '<');
}

/** Surnames, `<<`, given names; a plain cut at 30 characters, as the sample shows (`CAMILA<FERNAN`). */
export function mrzNameLine(citizen: Pick<SyntheticCitizen, 'surnames' | 'givenNames'>): string {
  const primary = citizen.surnames.map(mrzName).join('<');
  const secondary = citizen.givenNames.map(mrzName).join('<');
  return `${primary}<<${secondary}`.padEnd(30, '<').slice(0, 30);
}

/** The names exactly as the MRZ carries them (transliterated, truncated), with spaces between components. */
export function mrzNames(citizen: Pick<SyntheticCitizen, 'surnames' | 'givenNames'>): { surnames: string; givenNames: string } {
  const [primary = '', secondary = ''] = mrzNameLine(citizen).split('<<');
  const words = (part: string): string => part.split('<').filter(Boolean).join(' ');
  return { surnames: words(primary), givenNames: words(secondary) };
}

/** YYMMDD from an ISO date, the MRZ date format. */
export const yymmdd = (iso: string): string => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);

/**
 * Optional data 1 holds `D31` on the sample, whose card expires in 2031 (and
 * `D26` on the public card it was modelled on). Its meaning is not documented;
 * the synthetic cards copy that shape ('D' + expiry year) and the parser does
 * not interpret it.
 */
const optionalData1 = (citizen: Pick<SyntheticCitizen, 'expiryDate'>): string => `D${citizen.expiryDate.slice(2, 4)}`;

export type MrzCitizen = Pick<SyntheticCitizen, 'serial' | 'birthDate' | 'sex' | 'expiryDate' | 'nationality' | 'run' | 'surnames' | 'givenNames'>;

/** The three 30-character lines. Document code `IN` for both card types (the foreigners' code is not documented). */
export function renderMrz(citizen: MrzCitizen): [string, string, string] {
  const line1 = `INCHL${citizen.serial}${icaoCheckDigit(citizen.serial)}${optionalData1(citizen).padEnd(15, '<')}`;
  const birth = yymmdd(citizen.birthDate);
  const expiry = yymmdd(citizen.expiryDate);
  // RUN digits, `<`, check digit, filler: reference §3.2 (line 2, optional data 2).
  const runField = `${citizen.run.number}<${citizen.run.checkDigit}`.padEnd(11, '<');
  const line2Body = `${birth}${icaoCheckDigit(birth)}${citizen.sex}${expiry}${icaoCheckDigit(expiry)}${citizen.nationality}${runField}`;
  // Composite (ICAO 9303 Part 5 §4.2.2): line 1 pos 6–30, line 2 pos 1–7, 9–15 and 19–29.
  const composite = icaoCheckDigit(line1.slice(5, 30) + line2Body.slice(0, 7) + line2Body.slice(8, 15) + line2Body.slice(18, 29));
  return [line1, line2Body + composite, mrzNameLine(citizen)];
}
