/**
 * From what a reader sends to three clean TD1 lines: framing removal, then
 * the OCR corrections. Pure string work; check digits are checked later
 * (mrz.ts), and every correction here must survive them.
 *
 * Framings accepted (reference §2.3: "one line per MRZ row terminated by CR,
 * LF or CRLF, possibly with vendor framing (STX/ETX or prefix/suffix)"):
 *  - rows separated by CR, LF, CRLF, blank lines, or any other whitespace;
 *  - any C0 control character (STX 0x02, ETX 0x03, EOT, GS, RS, …) acts as a separator;
 *  - leading and trailing whitespace, on the whole text and on each row;
 *  - prefix or suffix lines (anything before or after the three rows);
 *  - a prefix glued to row 1, or a suffix glued to row 3, provided it contains
 *    at least one character that cannot occur in an MRZ (e.g. an AIM
 *    identifier `]o0`, `MRZ:`), so an OCR insertion is never mistaken for framing;
 *  - the 90 characters of all three rows with no separator at all.
 */

export type Td1Lines = readonly [string, string, string];

export type Td1Extraction =
  | { readonly kind: 'td1'; readonly lines: Td1Lines }
  /** Two rows of 44 (TD3, passport) or 36 (TD2): a machine-readable document, but not a cédula. */
  | { readonly kind: 'other-document'; readonly format: 'TD2' | 'TD3' }
  | { readonly kind: 'none' };

/** Longer than any framing of 90 characters could plausibly be; bounds the work on hostile input. */
export const MAX_MRZ_INPUT = 4096;

const MRZ_CHARS = /^[A-Z0-9<]+$/;
const isMrz = (s: string): boolean => MRZ_CHARS.test(s);

export function extractTd1(text: string): Td1Extraction {
  if (typeof text !== 'string' || text.length > MAX_MRZ_INPUT) return { kind: 'none' };
  // Keyboard-wedge scanners on a Spanish / Latin-American layout type US `<`
  // (Shift+,) as `;` (reference §2.2). When no `<` arrived at all but `;`
  // did, the whole text went through that layout: map every `;` back. A lone
  // `;` among real `<` is plain corruption and is left to fail.
  const source = !text.includes('<') && text.includes(';') ? text.replaceAll(';', '<') : text;
  // eslint-disable-next-line no-control-regex -- C0 controls are exactly the framing being removed
  const rows = source.split(/[\s\u0000-\u001f\u007f]+/).filter((row) => row.length > 0);

  for (const row of rows) {
    if (row.length === 90 && isMrz(row)) return { kind: 'td1', lines: [row.slice(0, 30), row.slice(30, 60), row.slice(60)] };
  }
  for (let i = 0; i + 2 < rows.length; i++) {
    const first = gluedTail(rows[i]!, 30);
    const middle = rows[i + 1]!;
    const last = gluedHead(rows[i + 2]!, 30);
    if (first !== null && last !== null && middle.length === 30 && isMrz(middle)) return { kind: 'td1', lines: [first, middle, last] };
  }
  for (let i = 0; i + 1 < rows.length; i++) {
    const [a, b] = [rows[i]!, rows[i + 1]!];
    const width = gluedTail(a, 44) !== null && gluedHead(b, 44) !== null ? 44 : gluedTail(a, 36) !== null && gluedHead(b, 36) !== null ? 36 : 0;
    if (width !== 0) return { kind: 'other-document', format: width === 44 ? 'TD3' : 'TD2' };
  }
  return { kind: 'none' };
}

/** The last `width` characters if they are MRZ characters and whatever precedes them is recognisably framing. */
function gluedTail(row: string, width: number): string | null {
  const line = row.slice(-width);
  if (line.length !== width || !isMrz(line)) return null;
  return row.length === width || !isMrz(row.slice(0, -width)) ? line : null;
}

function gluedHead(row: string, width: number): string | null {
  const line = row.slice(0, width);
  if (line.length !== width || !isMrz(line)) return null;
  return row.length === width || !isMrz(row.slice(width)) ? line : null;
}

/**
 * OCR-B look-alikes, the table of the `mrz` package (autoCorrection.ts). A
 * correction is applied only where the field's character class is known, and
 * only in one direction: a letter in a digits-only position becomes its
 * look-alike digit; a digit in a letters-only position becomes its look-alike
 * letter. Nothing is corrected in the serial (letters and digits are both
 * legal there) or in optional data 1.
 */
const LETTER_TO_DIGIT: Readonly<Record<string, string>> = { O: '0', I: '1', Z: '2', S: '5', G: '6', B: '8' };
const DIGIT_TO_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };

/**
 * Positions (0-based, per row) of digits-only and letters-only characters in
 * a Chilean TD1 (reference §3.1/§3.2). Digits: the serial's check digit,
 * both dates and their check digits, the RUN field and the composite. The
 * RUN field (row 2, 18–28) holds digits, `<` and `K`: none of O I Z S G B
 * is legal there, so mapping them cannot turn a legal character into
 * another. Every digits-only position is covered by a check digit or by
 * módulo 11, so a wrong correction is still caught.
 * Letters: document code, issuing state, nationality, and the name row.
 * Those are validated against fixed values or ICAO's list of codes; the
 * names are covered by nothing (see mrz.ts).
 */
const DIGIT_POSITIONS: readonly (readonly number[])[] = [[14], [...range(0, 7), ...range(8, 15), ...range(18, 30)], []];
const LETTER_POSITIONS: readonly (readonly number[])[] = [range(0, 5), range(15, 18), range(0, 30)];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

export interface OcrCorrection {
  readonly row: number;
  readonly column: number;
  readonly read: string;
  readonly corrected: string;
}

export function correctOcr(lines: Td1Lines): { lines: Td1Lines; corrections: OcrCorrection[] } {
  const corrections: OcrCorrection[] = [];
  const fixed = lines.map((line, row) => {
    const chars = [...line];
    for (const column of DIGIT_POSITIONS[row]!) fix(chars, row, column, LETTER_TO_DIGIT, corrections);
    for (const column of LETTER_POSITIONS[row]!) fix(chars, row, column, DIGIT_TO_LETTER, corrections);
    return chars.join('');
  });
  return { lines: [fixed[0]!, fixed[1]!, fixed[2]!], corrections };
}

function fix(chars: string[], row: number, column: number, table: Readonly<Record<string, string>>, out: OcrCorrection[]): void {
  const read = chars[column]!;
  const corrected = table[read];
  if (corrected !== undefined) {
    chars[column] = corrected;
    out.push({ row, column, read, corrected });
  }
}

/** Row 2 starts with seven digits (birth date and check), once look-alikes are allowed for. */
const looksLikeRow2 = (line: string): boolean => /^[0-9OIZSGB]{7}/.test(line);
/**
 * Row 1 has digits where the serial and its check digit are (0-based 5–14);
 * a name row has none, and at worst one misread one there.
 */
const looksLikeRow1 = (line: string): boolean => /^.{14}[0-9]/.test(line) && /[0-9]/.test(line.slice(5, 14)) && !looksLikeRow2(line);

/**
 * Rows in the wrong order are refused rather than reordered: a reader that
 * shuffles rows is faulty, and guessing would be a correction no check digit
 * can confirm for the name row. Row 2 has an unmistakable start (seven
 * digits); row 1 is told from the name row by its digits. Judged on the rows
 * as read, before any correction, since corrections depend on the row.
 */
export function rowsInOrder(lines: Td1Lines): boolean {
  return !looksLikeRow2(lines[0]) && looksLikeRow2(lines[1]) && !looksLikeRow1(lines[2]);
}
