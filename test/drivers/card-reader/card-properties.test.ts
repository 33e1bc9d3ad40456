import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_READ_ERRORS, type CardParseResult, type CardRead } from '../../../drivers/card-reader/card-read.ts';
import { parseCedulaQr } from '../../../drivers/card-reader/cedula-qr.ts';
import { crossCheck, parseCardText } from '../../../drivers/card-reader/cross-check.ts';
import { parseMrz } from '../../../drivers/card-reader/mrz.ts';
import { mrzNames, qrName, renderMrz, renderQrUrl, type SyntheticCitizen } from '../../../synthetic/citizens/index.ts';
import { options, population, readable } from './fixtures.ts';

/** What the MRZ of `c` must read back as. */
function expectMrzRead(read: CardRead, c: SyntheticCitizen): void {
  expect(read).toEqual({
    documentType: c.cardType,
    run: c.run,
    serial: c.serial,
    ...mrzNames(c),
    birthDate: c.birthDate,
    expiryDate: c.expiryDate,
    sex: c.sex,
    nationality: c.nationality,
    source: 'mrz',
  });
}

function expectQrRead(read: CardRead, c: SyntheticCitizen): void {
  const named = c.serialSeries === 'alphanumeric';
  const [given, surnames] = qrName(c).split('  ');
  expect(read).toEqual({
    documentType: c.cardType,
    run: c.run,
    serial: c.serial,
    givenNames: named ? given : null,
    surnames: named ? surnames : null,
    birthDate: c.birthDate,
    expiryDate: c.expiryDate,
    sex: null,
    nationality: c.cardType === 'CEDULA' ? 'CHL' : null,
    source: 'qr',
  });
}

const wellFormed = (result: CardParseResult): boolean =>
  result.ok || (CARD_READ_ERRORS[result.error.code]?.messageKey === result.error.messageKey && typeof result.error.detail === 'string');

describe('every synthetic citizen reads back as that citizen', () => {
  it('from the MRZ and the QR, and their cross-check, for the whole population', () => {
    for (const c of readable) {
      const mrz = parseMrz(renderMrz(c).join('\r\n'), options);
      const qr = parseCedulaQr(renderQrUrl(c), options);
      if (!mrz.ok || !qr.ok) throw new Error(`citizen #${c.index} did not read: ${JSON.stringify([mrz, qr])}`);
      expectMrzRead(mrz.value, c);
      expectQrRead(qr.value, c);
      expect(crossCheck(mrz.value, qr.value).ok).toBe(true);
    }
    for (const c of population.citizens.filter((x) => x.flags.cardExpired)) {
      expect(parseMrz(renderMrz(c).join('\n'), options)).toMatchObject({ ok: false, error: { code: 'card.expired' } });
      expect(parseCedulaQr(renderQrUrl(c), options)).toMatchObject({ ok: false, error: { code: 'card.expired' } });
    }
  });

  it('whatever line endings, whitespace and framing the reader adds', () => {
    const mrzFraming = fc.record({
      eol: fc.constantFrom('\n', '\r', '\r\n', '\r\n\r\n', '\x03\x02'),
      before: fc.constantFrom('', ' ', '\x02', 'READER>\r\n', ']o0'),
      after: fc.constantFrom('', '\r\n', '\x03', '  \n', '\r\nOK'),
    });
    const qrFraming = fc.record({ before: fc.constantFrom('', ' ', '\x02', ']Q1', '\x02]Q1'), after: fc.constantFrom('', '\r', '\r\n', '\x03', ' \n') });
    fc.assert(
      fc.property(fc.constantFrom(...readable), mrzFraming, qrFraming, (c, m, q) => {
        const mrz = parseCardText(m.before + renderMrz(c).join(m.eol) + m.after, options);
        const qr = parseCardText(q.before + renderQrUrl(c) + q.after, options);
        expect(mrz.ok && qr.ok).toBe(true);
        if (mrz.ok) expectMrzRead(mrz.value, c);
        if (qr.ok) expectQrRead(qr.value, c);
      }),
      { numRuns: 300 },
    );
  });
});

/* ------------------------------------------------------------------------ */

const MUTATIONS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<', ';', ' ', 'a', '«', '\n', '\x00'];
/** ICAO 7-3-1 value of an MRZ character (`<` = 0). */
const weight = (char: string): number => (char === '<' ? 0 : /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 55);

/**
 * The guarantee of mrz.ts for one corrupted character at `row`/`column`:
 * refused, or read as the same person. "Same person" is exact for RUN,
 * birth and expiry dates. The fields no check digit can protect (ICAO 9303
 * Part 5 §4.2.2) may differ in that one character only: the serial, when the
 * new character weighs the same mod 10 as the old; the name row; sex;
 * nationality (and with it the card type).
 */
function checkMutation(c: SyntheticCitizen, row: number, column: number, char: string): void {
  const lines = renderMrz(c);
  const original = lines[row]![column]!;
  if (original === char) return;
  const mutated = lines.map((line, i) => (i === row ? line.slice(0, column) + char + line.slice(column + 1) : line));
  const started = performance.now();
  const result = parseMrz(mutated.join('\n'), options);
  // A bound against hangs, generous enough for any machine (tests must not depend on its speed).
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(wellFormed(result)).toBe(true);
  if (!result.ok) return;
  const read = result.value;
  const where = `#${c.index} row ${row} col ${column} ${original}→${JSON.stringify(char)}`;
  expect(read.run, where).toEqual(c.run);
  expect(read.birthDate, where).toBe(c.birthDate);
  expect(read.expiryDate, where).toBe(c.expiryDate);
  const inSerial = row === 0 && column >= 5 && column < 14;
  if (read.serial !== c.serial) {
    expect(inSerial && weight(original) % 10 === weight(char) % 10, `serial changed: ${where}`).toBe(true);
    expect(read.serial, where).toBe(mutated[0]!.slice(5, 14));
  }
  const names = mrzNames(c);
  if (read.surnames !== names.surnames || read.givenNames !== names.givenNames) {
    expect(row, `names changed: ${where}`).toBe(2);
    const rebuilt = `${read.surnames!.replaceAll(' ', '<')}<<${read.givenNames!.replaceAll(' ', '<')}`.padEnd(30, '<');
    const differing = [...rebuilt].flatMap((ch, i) => (ch === lines[2]![i] ? [] : [i]));
    expect(differing, where).toEqual([column]);
  }
  if (read.sex !== c.sex) expect([row, column], where).toEqual([1, 7]);
  if (read.nationality !== c.nationality || read.documentType !== c.cardType) {
    expect(row === 1 && column >= 15 && column < 18, `nationality changed: ${where}`).toBe(true);
  }
}

describe('a single corrupted MRZ character is corrected or refused, never read as another person', () => {
  it('for every position and character, on citizens covering both series, K, 7-digit RUNs, foreigners and cut names', () => {
    const pickers: Array<(c: SyntheticCitizen) => boolean> = [
      (c) => c.serialSeries === 'numeric' && c.cardType === 'CEDULA',
      (c) => c.serialSeries === 'alphanumeric' && c.cardType === 'CEDULA',
      (c) => c.cardType === 'CEDULA_EXT',
      (c) => c.run.checkDigit === 'K' && c.run.number < 10_000_000,
      (c) => c.run.checkDigit === '0',
      (c) => !renderMrz(c)[2].endsWith('<'),
    ];
    for (const c of pickers.map((p) => readable.find(p)!)) {
      for (let row = 0; row < 3; row++) {
        for (let column = 0; column < 30; column++) for (const char of MUTATIONS) checkMutation(c, row, column, char);
      }
    }
  });

  it('for random citizens, positions and characters (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...readable), fc.nat(2), fc.nat(29), fc.constantFrom(...MUTATIONS), (c, row, column, char) => {
        checkMutation(c, row, column, char);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('arbitrary input never throws and returns promptly', () => {
  const assertTyped = (text: string): void => {
    for (const parse of [parseMrz, parseCedulaQr, parseCardText]) {
      const started = performance.now();
      const result = parse(text, options);
      // A bound against hangs, generous enough for any machine (tests must not depend on its speed).
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(wellFormed(result)).toBe(true);
    }
  };

  it('for any Unicode string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), assertTyped), { numRuns: 2000 });
  });

  it('for any bytes, as a serial port would hand them over (Latin-1)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => assertTyped(Buffer.from(bytes).toString('latin1'))),
      { numRuns: 2000 },
    );
  });

  it('for strings made of MRZ characters and line breaks, near the real shape', () => {
    const mrzish = fc.string({ unit: fc.constantFrom(...'0123456789ABCIKLNOSZ<<<<\n'), minLength: 60, maxLength: 120 });
    fc.assert(fc.property(mrzish, assertTyped), { numRuns: 2000 });
  });

  it('for the QR URL with arbitrary parameters', () => {
    const query = fc.string({ unit: fc.constantFrom(...'RUNtypesrialmzn=&%0123456789ABCDEFK-_'), maxLength: 200 });
    fc.assert(
      fc.property(query, (q) => assertTyped(`https://portal.sidiv.registrocivil.cl/docstatus?${q}`)),
      { numRuns: 2000 },
    );
  });

  it('for inputs far larger than any card', () => {
    assertTyped('<'.repeat(1_000_000));
    assertTyped(`${'A'.repeat(30)}\n`.repeat(50_000));
  });
});
