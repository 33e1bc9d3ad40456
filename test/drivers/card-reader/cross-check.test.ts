import { describe, expect, it } from 'vitest';
import { CARD_READ_ERRORS, CARD_READ_MESSAGE_KEYS, type CardParseResult, type CardRead } from '../../../drivers/card-reader/card-read.ts';
import { parseCedulaQr } from '../../../drivers/card-reader/cedula-qr.ts';
import { crossCheck, looksLikeQr, parseCardText } from '../../../drivers/card-reader/cross-check.ts';
import { parseMrz } from '../../../drivers/card-reader/mrz.ts';
import { renderMrz, renderQrUrl } from '../../../synthetic/citizens/index.ts';
import { REFERENCE_MRZ, REFERENCE_QR, REFERENCE_QR_WITH_NAME, citizenWhere, mrzOf, options, qrOf } from './fixtures.ts';

const value = (result: CardParseResult): CardRead => {
  if (!result.ok) throw new Error(`expected a read, got ${result.error.code}`);
  return result.value;
};
const specimenMrz = value(parseMrz(REFERENCE_MRZ.join('\n'), options));

describe('crossCheck', () => {
  it('merges MRZ and QR of one card, names from the QR (full, accented), sex and nationality from the MRZ', () => {
    const c = citizenWhere((x) => x.serialSeries === 'alphanumeric' && x.surnames.some((s) => /[ÁÉÍÓÚÑ]/i.test(s)));
    const merged = crossCheck(value(parseMrz(mrzOf(c), options)), value(parseCedulaQr(qrOf(c), options)));
    expect(merged).toMatchObject({
      ok: true,
      value: {
        source: 'mrz+qr',
        run: { number: c.run.number },
        serial: c.serial,
        surnames: c.surnames.join(' ').toUpperCase(),
        givenNames: c.givenNames.join(' ').toUpperCase(),
        sex: c.sex,
        nationality: c.nationality,
        documentType: c.cardType,
      },
    });
  });

  it('keeps the MRZ names when the QR has none (older cards)', () => {
    const merged = value(crossCheck(specimenMrz, value(parseCedulaQr(REFERENCE_QR, options))));
    expect([merged.givenNames, merged.surnames]).toEqual(['CAMILA FERNAN', 'SOTO VALENZUELA']);
    const withName = value(crossCheck(specimenMrz, value(parseCedulaQr(REFERENCE_QR_WITH_NAME, options))));
    expect(withName.givenNames).toBe('CAMILA FERNANDA');
  });

  it('refuses two different people as card.mismatch on the RUN', () => {
    const a = citizenWhere((x) => x.cardType === 'CEDULA');
    const b = citizenWhere((x) => x.cardType === 'CEDULA' && x.index !== a.index);
    expect(crossCheck(value(parseMrz(mrzOf(a), options)), value(parseCedulaQr(qrOf(b), options)))).toMatchObject({
      ok: false,
      error: { code: 'card.mismatch', field: 'run', messageKey: 'errors.cardMismatch' },
    });
  });

  it('refuses the same person’s MRZ and QR from two different cards as card.mismatch on the serial', () => {
    const c = citizenWhere((x) => x.serialSeries === 'numeric');
    const reissued = { ...c, serial: 'A1B234567', serialSeries: 'alphanumeric' as const };
    const result = crossCheck(value(parseMrz(renderMrz(c).join('\n'), options)), value(parseCedulaQr(renderQrUrl(reissued), options)));
    expect(result).toMatchObject({ ok: false, error: { code: 'card.mismatch', field: 'documentNumber' } });
  });

  it('refuses disagreeing dates', () => {
    const c = citizenWhere(() => true);
    const renewed = { ...c, expiryDate: `${Number(c.expiryDate.slice(0, 4)) + 1}${c.expiryDate.slice(4)}` };
    const result = crossCheck(value(parseMrz(mrzOf(c), options)), value(parseCedulaQr(renderQrUrl(renewed), options)));
    expect(result).toMatchObject({ ok: false, error: { code: 'card.mismatch', field: 'expiryDate' } });
  });
});

describe('parseCardText', () => {
  it('sends a URL to the QR parser and anything else to the MRZ parser', () => {
    expect(looksLikeQr(REFERENCE_QR)).toBe(true);
    expect(looksLikeQr(`\x02]Q1${REFERENCE_QR}`)).toBe(true);
    expect(looksLikeQr(REFERENCE_MRZ.join('\n'))).toBe(false);
    expect(value(parseCardText(REFERENCE_QR, options)).source).toBe('qr');
    expect(value(parseCardText(REFERENCE_MRZ.join('\r\n'), options)).source).toBe('mrz');
  });
});

describe('error catalogue', () => {
  it('lists every message key once, for the i18n catalogues', () => {
    const keys = new Set(Object.values(CARD_READ_ERRORS).map((e) => e.messageKey));
    expect(new Set(CARD_READ_MESSAGE_KEYS)).toEqual(keys);
    expect(CARD_READ_MESSAGE_KEYS).toHaveLength(keys.size);
    for (const key of CARD_READ_MESSAGE_KEYS) expect(key).toMatch(/^errors\.card[A-Z]\w+$/);
  });
});
