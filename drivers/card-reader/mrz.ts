import { parse as parseIcaoMrz, type Details, type FieldName, type ParseResult } from 'mrz';
import { readFailed, readOk, type CardField, type CardParseOptions, type CardParseResult } from './card-read.ts';
import { assertIsoDay, birthDateFromMrz, expiryDateFromMrz } from './icao-dates.ts';
import { correctOcr, extractTd1, rowsInOrder } from './mrz-text.ts';
import { makeRun } from './run.ts';

/**
 * The cédula's TD1 MRZ (3 × 30, reference §3.1–§3.2) → CardRead.
 *
 * Order of work: framing (mrz-text.ts) → row order → OCR look-alike
 * corrections (mrz-text.ts, documented there) → ICAO field parsing and check
 * digits by the `mrz` package → Chilean rules: document code I*, issuer CHL,
 * a 9-character serial, RUN in optional data 2 with its módulo-11 digit,
 * a well-formed name row → expiry against `today`.
 *
 * What a single corrupted character can and cannot do (the property tests in
 * test/drivers/card-reader state the same):
 *  - RUN, birth date and expiry are never accepted changed: each is covered
 *    by its own check (módulo 11, 7-3-1) and by the composite, and the RUN
 *    field must match `^[1-9]\d{6,7}<[0-9K]<*$` exactly, so the characters the
 *    7-3-1 weights cannot tell apart (`<`, 0, A, K, U all weigh 0 mod 10) are
 *    refused by shape;
 *  - the serial is checked by 7-3-1 only (twice: its own digit and the
 *    composite, with the same weights). A substitution by a character of
 *    equal value mod 10 (0↔A↔K↔U, 1↔B↔L↔V, …) passes both; with two series
 *    whose grammar is not documented, no parser can refuse it without
 *    refusing real cards. The RUN, which identifies the person, is unaffected;
 *  - the name row, sex (row 2 col 8) and nationality (row 2 cols 16–18) are
 *    outside every ICAO check digit (ICAO 9303 Part 5 §4.2.2). A one-letter
 *    misread there yields the same RUN with a name, sex or nationality that
 *    differs in that one character; the central API, which verifies by RUN
 *    and fingerprint, holds the true values. When a QR is read too,
 *    crossCheck compares RUN, serial and dates.
 */
export function parseMrz(text: string, options: CardParseOptions): CardParseResult {
  assertIsoDay(options.today);
  const extraction = extractTd1(text);
  if (extraction.kind === 'other-document') {
    return readFailed('card.not_chilean_id', 'structure', `${extraction.format} machine-readable zone, not a TD1 identity card`);
  }
  if (extraction.kind === 'none') return readFailed('card.unreadable', 'structure', 'no 3 × 30 TD1 block in the input');
  if (!rowsInOrder(extraction.lines)) return readFailed('card.unreadable', 'structure', 'TD1 rows out of order');
  const { lines } = correctOcr(extraction.lines);

  let icao: ParseResult;
  try {
    icao = parseIcaoMrz([...lines], { autocorrect: false });
  } catch {
    return readFailed('card.unreadable', 'structure', 'the mrz package refused the block');
  }
  const detail = (field: FieldName): Details | undefined => icao.details.find((d) => d.field === field);
  const valid = (field: FieldName): boolean => detail(field)?.valid === true;
  const [row1, row2, row3] = lines;

  // ICAO 9303 Part 5 §4.2.2: document code `I` + one letter or `<` for identity cards; the Chilean card says `IN`.
  if (!valid('documentCode') || row1[0] !== 'I') return readFailed('card.not_chilean_id', 'documentCode', 'document code is not I*');
  if (row1.slice(2, 5) !== 'CHL') return readFailed('card.not_chilean_id', 'issuingState', 'issuing state is not CHL');

  const checks: ReadonlyArray<readonly [FieldName, CardField]> = [
    ['documentNumberCheckDigit', 'documentNumber'],
    ['birthDateCheckDigit', 'birthDate'],
    ['expirationDateCheckDigit', 'expiryDate'],
  ];
  // A `<` in the serial's check-digit slot would mean "number continues in optional data" (ICAO 9303 Part 5
  // §4.2.2); Chilean serials are 9 characters, so it can only be a misread check digit.
  if (!/\d/.test(row1[14]!)) return readFailed('card.check_digit', 'documentNumber', 'document number check digit is not a digit');
  for (const [field, cardField] of checks) {
    if (!valid(field)) return readFailed('card.check_digit', cardField, `${cardField} check digit does not match`);
  }
  if (!/^[A-Z0-9]{9}$/.test(row1.slice(5, 14))) return readFailed('card.unreadable', 'documentNumber', 'serial is not 9 letters or digits');
  if (!valid('compositeCheckDigit')) return readFailed('card.check_digit', 'composite', 'composite check digit does not match');
  if (!valid('sex')) return readFailed('card.unreadable', 'sex', 'sex is not M, F or <');
  if (!valid('nationality')) return readFailed('card.unreadable', 'nationality', 'nationality is not an ICAO code');
  const names = nameRow(row3);
  if (names === null || !valid('lastName') || !valid('firstName')) return readFailed('card.unreadable', 'names', 'name row is malformed');

  // RUN, then `<`, then the check digit, then filler (reference §3.2); no leading zero (rut.js does the same).
  const runField = /^([1-9]\d{6,7})<([0-9K])<*$/.exec(row2.slice(18, 29));
  const run = runField ? makeRun(Number(runField[1]), runField[2]!) : null;
  if (run === null) return readFailed('card.invalid_run', 'run', runField ? 'RUN check digit (módulo 11) does not match' : 'RUN field is malformed');

  const birthDate = birthDateFromMrz(row2.slice(0, 6), options.today);
  if (birthDate === null) return readFailed('card.unreadable', 'birthDate', 'birth date is not a calendar date');
  const expiryDate = expiryDateFromMrz(row2.slice(8, 14));
  if (expiryDate === null) return readFailed('card.unreadable', 'expiryDate', 'expiry date is not a calendar date');
  if (expiryDate < options.today) return readFailed('card.expired', 'expiryDate', 'card expired before today');

  const nationality = row2.slice(15, 18);
  const sex = row2[7] === '<' ? 'X' : (row2[7] as 'M' | 'F');
  return readOk({
    // The MRZ has no card-type field; reference §3.2: the foreigners' card carries the holder's nationality.
    documentType: nationality === 'CHL' ? 'CEDULA' : 'CEDULA_EXT',
    run,
    serial: row1.slice(5, 14),
    surnames: names.surnames,
    givenNames: names.givenNames,
    birthDate,
    expiryDate,
    sex,
    nationality,
    source: 'mrz',
  });
}

/**
 * ICAO 9303 Part 3 §4.6: primary identifier, `<<`, secondary identifier,
 * components separated by one `<`, filler at the end. Stricter than the
 * `mrz` package on purpose, because nothing else guards this row: exactly
 * one `<<` separator, given names present, and no filler followed by
 * letters. A card whose surnames alone fill the row, or a mononym, is refused
 * (unverified on real cards; the QR remains).
 */
function nameRow(row: string): { surnames: string; givenNames: string } | null {
  const m = /^([A-Z]+(?:<[A-Z]+)*)<<([A-Z]+(?:<[A-Z]+)*)<*$/.exec(row);
  if (!m) return null;
  const [, primary = '', secondary = ''] = m;
  return { surnames: primary.replaceAll('<', ' '), givenNames: secondary.replaceAll('<', ' ') };
}
