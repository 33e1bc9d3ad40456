import { readFailed, readOk, type CardParseOptions, type CardParseResult, type DocumentType } from './card-read.ts';
import { assertIsoDay, birthDateFromMrz, expiryDateFromMrz, icaoCheckDigit } from './icao-dates.ts';
import { makeRun } from './run.ts';

/**
 * The QR on the back of 2013-series and newer cards (reference §3.3):
 *
 *   https://portal.sidiv.registrocivil.cl/docstatus?RUN=<RUN>-<DV>&type=<TYPE>&serial=<DOCNUM>&mrz=<24>[&name=<Latin-1 %-encoded>]
 *
 * A QR symbol carries its own Reed–Solomon error correction, so the text is
 * taken exactly as decoded: no OCR-style corrections here.
 *
 * Framing accepted: surrounding whitespace and C0 controls (CR, LF, STX, ETX),
 * and an AIM symbology identifier prefix (`]Q1`, reference §2.1).
 * Parameter names are matched case-insensitively (reference §3.3); unknown
 * parameters are ignored, a repeated one is refused (which value would be
 * meant?). `+` in `name` is read as a space (form encoding).
 */

export const CEDULA_QR_ORIGIN = 'https://portal.sidiv.registrocivil.cl';
export const CEDULA_QR_PATH = '/docstatus';
/** Far above the ~170 characters of a real payload; bounds the work on hostile input. */
export const MAX_QR_INPUT = 2048;

const CARD_TYPES: Readonly<Record<string, DocumentType>> = { CEDULA: 'CEDULA', CEDULA_EXT: 'CEDULA_EXT' };

export function parseCedulaQr(text: string, options: CardParseOptions): CardParseResult {
  assertIsoDay(options.today);
  if (typeof text !== 'string' || text.length > MAX_QR_INPUT) return readFailed('card.unreadable', 'url', 'input is not text of a plausible length');
  // eslint-disable-next-line no-control-regex -- C0 controls are the framing being removed
  const payload = text.replace(/^[\s\u0000-\u001f\u007f]+|[\s\u0000-\u001f\u007f]+$/g, '').replace(/^\][A-Za-z][0-9A-Za-z]/, '');
  // A URL is printable ASCII (RFC 3986 §2). Anything else, in particular a
  // character beyond Latin-1, means this is not the text a card carries.
  if (!/^[\x21-\x7e]+$/.test(payload)) return readFailed('card.unreadable', 'url', 'not printable ASCII');

  const query = splitCardUrl(payload);
  if (query === null) {
    return /^[a-z][a-z0-9+.-]*:/i.test(payload)
      ? readFailed('card.not_chilean_id', 'url', 'a URL, but not the Registro Civil document-status page')
      : readFailed('card.unreadable', 'url', 'not a URL');
  }
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return readFailed('card.unreadable', 'url', 'malformed query parameter');
    const key = pair.slice(0, eq).toLowerCase();
    if (params.has(key)) return readFailed('card.unreadable', 'url', `parameter ${key} repeated`);
    params.set(key, pair.slice(eq + 1));
  }
  const [runText, typeText, serial, mrz] = ['run', 'type', 'serial', 'mrz'].map((key) => params.get(key));
  if (typeText === undefined) return readFailed('card.unreadable', 'type', 'type parameter missing');
  // Passports appear as PASAPORTE_PG, PASAPORTE_OFICIAL (reference §3.3).
  const documentType = CARD_TYPES[typeText];
  if (documentType === undefined) return readFailed('card.not_chilean_id', 'type', 'type is not CEDULA or CEDULA_EXT');
  if (runText === undefined || serial === undefined || mrz === undefined) return readFailed('card.unreadable', 'url', 'RUN, serial or mrz missing');

  const runMatch = /^([1-9]\d{6,7})-([0-9Kk])$/.exec(runText);
  const run = runMatch ? makeRun(Number(runMatch[1]), runMatch[2]!) : null;
  if (run === null) return readFailed('card.invalid_run', 'run', runMatch ? 'RUN check digit (módulo 11) does not match' : 'RUN is malformed');

  if (!/^[A-Z0-9]{9}$/.test(serial)) return readFailed('card.unreadable', 'documentNumber', 'serial is not 9 letters or digits');
  // mrz = serial + check, birth YYMMDD + check, expiry YYMMDD + check (ICAO "MRZ information").
  if (!/^[A-Z0-9]{9}\d{15}$/.test(mrz)) return readFailed('card.unreadable', 'mrz', 'mrz is not 24 characters of the expected shape');
  const fields = [
    [mrz.slice(0, 9), mrz[9], 'documentNumber'],
    [mrz.slice(10, 16), mrz[16], 'birthDate'],
    [mrz.slice(17, 23), mrz[23], 'expiryDate'],
  ] as const;
  for (const [value, digit, field] of fields) {
    if (icaoCheckDigit(value) !== digit) return readFailed('card.check_digit', field, `${field} check digit does not match`);
  }
  if (mrz.slice(0, 9) !== serial) return readFailed('card.unreadable', 'documentNumber', 'serial and mrz disagree');

  const birthDate = birthDateFromMrz(mrz.slice(10, 16), options.today);
  if (birthDate === null) return readFailed('card.unreadable', 'birthDate', 'birth date is not a calendar date');
  const expiryDate = expiryDateFromMrz(mrz.slice(17, 23));
  if (expiryDate === null) return readFailed('card.unreadable', 'expiryDate', 'expiry date is not a calendar date');

  let names: { surnames: string | null; givenNames: string | null } = { surnames: null, givenNames: null };
  const nameParam = params.get('name');
  if (nameParam !== undefined) {
    const decoded = decodeLatin1Name(nameParam);
    if (decoded === null) return readFailed('card.unreadable', 'names', 'name is not Latin-1 upper-case text');
    names = splitQrName(decoded);
  }
  if (expiryDate < options.today) return readFailed('card.expired', 'expiryDate', 'card expired before today');

  return readOk({
    documentType,
    run,
    serial,
    ...names,
    birthDate,
    expiryDate,
    sex: null,
    // CEDULA is issued to Chilean citizens only; a foreigner's nationality is not in the QR.
    nationality: documentType === 'CEDULA' ? 'CHL' : null,
    source: 'qr',
  });
}

/** The query string if the URL is https://portal.sidiv.registrocivil.cl/docstatus?… (scheme and host case-insensitive). */
function splitCardUrl(url: string): string | null {
  const prefix = `${CEDULA_QR_ORIGIN}${CEDULA_QR_PATH}?`;
  if (url.length <= prefix.length) return null;
  const head = url.slice(0, prefix.length);
  if (head.slice(0, CEDULA_QR_ORIGIN.length).toLowerCase() !== CEDULA_QR_ORIGIN || head.slice(CEDULA_QR_ORIGIN.length) !== `${CEDULA_QR_PATH}?`) {
    return null;
  }
  const query = url.slice(prefix.length);
  return query.includes('#') ? null : query;
}

/**
 * `name` is percent-encoded ISO-8859-1, not UTF-8 (reference §3.3:
 * `SEBASTI%C1N`), so decodeURIComponent would throw or mangle it. Each
 * escape is one Latin-1 byte = one code point. Refused: a stray `%`, a byte
 * that is not a Latin-1 graphic character (C0 or C1 control: 0x00–0x1F,
 * 0x7F–0x9F; this is also what a UTF-8-encoded Á, É, Ñ … produces, 0xC3
 * followed by 0x81–0x9C), and any character that cannot be part of an
 * upper-case name: the card writes names in capitals.
 */
export function decodeLatin1Name(encoded: string): string | null {
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const char = encoded[i]!;
    if (char === '%') {
      const hex = encoded.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else {
      out += char === '+' ? ' ' : char;
    }
  }
  // Upper-case Latin letters, Latin-1 capitals À–Ö and Ø–Þ (not × 0xD7), space, apostrophe, hyphen.
  return /^[A-Z\u00c0-\u00d6\u00d8-\u00de '-]+$/.test(out) && /[^ ]/.test(out) ? out : null;
}

/**
 * Given names, then two spaces, then surnames: the separator observed on the
 * one public sample that has a `name` (not documented in the reference).
 * Without a double space the split is unknown, so everything is kept as
 * given names and surnames stay null.
 */
function splitQrName(name: string): { surnames: string | null; givenNames: string | null } {
  const tidy = (part: string): string => part.trim().split(/ +/).join(' ');
  const gap = / {2,}/.exec(name.trim());
  if (gap === null) return { surnames: null, givenNames: tidy(name) };
  const trimmed = name.trim();
  return { givenNames: tidy(trimmed.slice(0, gap.index)), surnames: tidy(trimmed.slice(gap.index + gap[0].length)) };
}
