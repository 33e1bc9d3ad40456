import { readFailed, readOk, type CardField, type CardParseOptions, type CardParseResult, type CardRead } from './card-read.ts';
import { parseCedulaQr } from './cedula-qr.ts';
import { parseMrz } from './mrz.ts';
import { extractTd1 } from './mrz-text.ts';

/**
 * One card read twice, by its MRZ and by its QR (reference §3.3: "Cross-check
 * the serial value against the MRZ"). RUN and serial must agree, and so must
 * the dates both carry; a disagreement means two cards, or a misread that
 * passed its check digits (the serial's blind spot, see mrz.ts), and is
 * refused as `card.mismatch`. Names are not compared: the MRZ's are
 * transliterated and cut, and the Registro Civil's transliteration rules
 * (Ü → U or UE) are not documented.
 *
 * The merged read takes names from the QR when it has them (full, with
 * accents), sex and nationality from the MRZ.
 */
export function crossCheck(mrzRead: CardRead, qrRead: CardRead): CardParseResult {
  const pairs: ReadonlyArray<readonly [CardField, unknown, unknown]> = [
    ['run', `${mrzRead.run.number}-${mrzRead.run.checkDigit}`, `${qrRead.run.number}-${qrRead.run.checkDigit}`],
    ['documentNumber', mrzRead.serial, qrRead.serial],
    ['birthDate', mrzRead.birthDate, qrRead.birthDate],
    ['expiryDate', mrzRead.expiryDate, qrRead.expiryDate],
    ['type', mrzRead.documentType, qrRead.documentType],
  ];
  for (const [field, fromMrz, fromQr] of pairs) {
    if (fromMrz !== fromQr) return readFailed('card.mismatch', field, `MRZ and QR disagree on ${field}`);
  }
  const qrHasNames = qrRead.surnames !== null || qrRead.givenNames !== null;
  return readOk({
    ...mrzRead,
    surnames: qrHasNames ? qrRead.surnames : mrzRead.surnames,
    givenNames: qrHasNames ? qrRead.givenNames : mrzRead.givenNames,
    sex: mrzRead.sex ?? qrRead.sex,
    nationality: mrzRead.nationality ?? qrRead.nationality,
    source: 'mrz+qr',
  });
}

/** True when the text is (an attempt at) the card's QR URL rather than MRZ rows. */
export function looksLikeQr(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- leading C0 controls are framing (STX)
  return typeof text === 'string' && /^[\s\u0000-\u001f]*(\][A-Za-z][0-9A-Za-z])?[a-z][a-z0-9+.-]*:/i.test(text.slice(0, 64));
}

/**
 * Which parser a reader's text is for. A vendor prefix such as `MRZ:` in
 * front of the rows (a framing mrz-text.ts accepts) also looks like a URL
 * scheme, so text that holds a machine-readable zone is the MRZ's whatever
 * it starts with.
 */
export function cardSymbol(text: string): 'mrz' | 'qr' {
  return looksLikeQr(text) && extractTd1(text).kind === 'none' ? 'qr' : 'mrz';
}

/**
 * What a reader that delivers either symbol hands over (a serial reader, a
 * scanner, `kioskctl card parse`): a URL goes to the QR parser, anything else
 * to the MRZ parser (cardSymbol).
 */
export function parseCardText(text: string, options: CardParseOptions): CardParseResult {
  return cardSymbol(text) === 'qr' ? parseCedulaQr(text, options) : parseMrz(text, options);
}
