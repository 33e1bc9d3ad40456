import { icaoCheckDigit } from './check-digits.ts';
import { yymmdd } from './card-mrz.ts';
import type { SyntheticCitizen } from './population.ts';

/** The Registro Civil's document-status page that the QR on the back points to (reference §3.3). */
export const CEDULA_QR_BASE = 'https://portal.sidiv.registrocivil.cl/docstatus';

/**
 * Percent-encoding over ISO-8859-1 bytes, as the card's `name` parameter is
 * written (`SEBASTI%C1N`, reference §3.3). Unreserved characters (RFC 3986
 * §2.3) stay as they are; a space becomes `%20`, as on the public samples.
 */
export function percentEncodeLatin1(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code > 0xff) throw new RangeError(`U+${code.toString(16).toUpperCase()} is not in ISO-8859-1`);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Given names, two spaces, surnames, upper case with accents kept. The double
 * space is how the one public 2025-series sample separates them; the
 * reference only documents the Latin-1 encoding (§3.3).
 */
export function qrName(citizen: Pick<SyntheticCitizen, 'givenNames' | 'surnames'>): string {
  return `${citizen.givenNames.join(' ')}  ${citizen.surnames.join(' ')}`.toUpperCase();
}

/**
 * `mrz` = serial + check, birth YYMMDD + check, expiry YYMMDD + check: the 24
 * characters of ICAO "MRZ information" (the BAC key seed), reference §3.3.
 */
export function qrMrzField(citizen: Pick<SyntheticCitizen, 'serial' | 'birthDate' | 'expiryDate'>): string {
  const birth = yymmdd(citizen.birthDate);
  const expiry = yymmdd(citizen.expiryDate);
  return `${citizen.serial}${icaoCheckDigit(citizen.serial)}${birth}${icaoCheckDigit(birth)}${expiry}${icaoCheckDigit(expiry)}`;
}

export type QrCitizen = Pick<SyntheticCitizen, 'run' | 'cardType' | 'serial' | 'serialSeries' | 'birthDate' | 'expiryDate' | 'givenNames' | 'surnames'>;

/** The QR text as the card carries it; only the newer (alphanumeric-series) cards add `name`. */
export function renderQrUrl(citizen: QrCitizen): string {
  const params = [`RUN=${citizen.run.number}-${citizen.run.checkDigit}`, `type=${citizen.cardType}`, `serial=${citizen.serial}`, `mrz=${qrMrzField(citizen)}`];
  if (citizen.serialSeries === 'alphanumeric') params.push(`name=${percentEncodeLatin1(qrName(citizen))}`);
  return `${CEDULA_QR_BASE}?${params.join('&')}`;
}
