import { generatePopulation, renderMrz, renderQrUrl, type SyntheticCitizen } from '../../../synthetic/citizens/index.ts';

/** The population the card-reader tests use, and the day they read cards on. */
export const population = generatePopulation();
export const TODAY = population.referenceDate;
export const options = { today: TODAY } as const;

/** The synthetic specimen of hardware-protocols.md §3.2, exactly as printed there. */
export const REFERENCE_MRZ = ['INCHL6012345670D31<<<<<<<<<<<<', '8503127F3103120CHL15234871<1<3', 'SOTO<VALENZUELA<<CAMILA<FERNAN'] as const;

/** What the specimen's MRZ reads as, every field (the given names cut where the 30-character row ends). */
export const REFERENCE_MRZ_READ = {
  documentType: 'CEDULA',
  run: { number: 15234871, checkDigit: '1', formatted: '15.234.871-1' },
  serial: '601234567',
  surnames: 'SOTO VALENZUELA',
  givenNames: 'CAMILA FERNAN',
  birthDate: '1985-03-12',
  expiryDate: '2031-03-12',
  sex: 'F',
  nationality: 'CHL',
  source: 'mrz',
} as const;

/**
 * The same specimen's QR, built from the §3.3 template (the reference gives the
 * template, the 24-character `mrz` layout and the Latin-1 `name`, not a full
 * payload for this person). Names in the `name` parameter: given, two spaces, surnames.
 */
export const REFERENCE_QR = 'https://portal.sidiv.registrocivil.cl/docstatus?RUN=15234871-1&type=CEDULA&serial=601234567&mrz=601234567085031273103120';
export const REFERENCE_QR_WITH_NAME = `${REFERENCE_QR}&name=CAMILA%20FERNANDA%20%20SOTO%20VALENZUELA`;

export const readable = population.citizens.filter((c) => !c.flags.cardExpired);

export function citizenWhere(predicate: (c: SyntheticCitizen) => boolean): SyntheticCitizen {
  const found = readable.find(predicate);
  if (!found) throw new Error('no synthetic citizen matches the fixture predicate');
  return found;
}

export const mrzOf = (c: SyntheticCitizen, separator = '\n'): string => renderMrz(c).join(separator);
export const qrOf = renderQrUrl;

/** Replace the character at `row`/`column` of MRZ lines. */
export function withChar(lines: readonly string[], row: number, column: number, char: string): string[] {
  return lines.map((line, i) => (i === row ? line.slice(0, column) + char + line.slice(column + 1) : line));
}

/** A check-digit character turned into a different digit. */
export const otherDigit = (digit: string): string => String((Number(digit) + 1) % 10);
