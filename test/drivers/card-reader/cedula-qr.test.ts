import { describe, expect, it } from 'vitest';
import type { CardParseResult } from '../../../drivers/card-reader/card-read.ts';
import { decodeLatin1Name, parseCedulaQr } from '../../../drivers/card-reader/cedula-qr.ts';
import { REFERENCE_QR, REFERENCE_QR_WITH_NAME, TODAY, citizenWhere, qrOf } from './fixtures.ts';

const read = (text: string, today = TODAY): CardParseResult => parseCedulaQr(text, { today });
const codeOf = (result: CardParseResult): string => (result.ok ? 'ok' : result.error.code);
const BASE = 'https://portal.sidiv.registrocivil.cl/docstatus?';

describe('parseCedulaQr on the reference layout (§3.3)', () => {
  it('reads the specimen’s QR without a name (older cards)', () => {
    expect(read(REFERENCE_QR)).toEqual({
      ok: true,
      value: {
        documentType: 'CEDULA',
        run: { number: 15234871, checkDigit: '1', formatted: '15.234.871-1' },
        serial: '601234567',
        surnames: null,
        givenNames: null,
        birthDate: '1985-03-12',
        expiryDate: '2031-03-12',
        sex: null,
        nationality: 'CHL',
        source: 'qr',
      },
    });
  });

  it('reads the name, given names before the double space and surnames after', () => {
    const result = read(REFERENCE_QR_WITH_NAME);
    expect(result.ok && [result.value.givenNames, result.value.surnames]).toEqual(['CAMILA FERNANDA', 'SOTO VALENZUELA']);
  });

  it('decodes the name as ISO-8859-1, not UTF-8 (SEBASTI%C1N)', () => {
    expect(decodeLatin1Name('SEBASTI%C1N')).toBe('SEBASTIÁN');
    const result = read(REFERENCE_QR.replace('RUN=', 'name=MAT%CDAS%20SEBASTI%C1N%20%20MU%D1OZ%20PE%D1A&RUN='));
    expect(result.ok && [result.value.givenNames, result.value.surnames]).toEqual(['MATÍAS SEBASTIÁN', 'MUÑOZ PEÑA']);
  });

  it('keeps a name without the double space whole, as given names', () => {
    const result = read(`${REFERENCE_QR}&name=CAMILA%20SOTO`);
    expect(result.ok && [result.value.givenNames, result.value.surnames]).toEqual(['CAMILA SOTO', null]);
  });

  it('reads the check digits of the 24-character mrz vector in §3.3', () => {
    const url = `${BASE}RUN=15234871-1&type=CEDULA&serial=530498060&mrz=530498060503051853305186`;
    expect(read(url)).toMatchObject({ ok: true, value: { serial: '530498060', birthDate: '2003-05-18', expiryDate: '2033-05-18' } });
  });

  it('reads a foreign resident’s QR as CEDULA_EXT, nationality unknown', () => {
    const c = citizenWhere((x) => x.cardType === 'CEDULA_EXT');
    expect(read(qrOf(c))).toMatchObject({ ok: true, value: { documentType: 'CEDULA_EXT', nationality: null, serial: c.serial } });
  });
});

describe('parseCedulaQr tolerance', () => {
  it.each([
    ['a trailing CR LF', `${REFERENCE_QR}\r\n`],
    ['surrounding spaces', `  ${REFERENCE_QR}  `],
    ['STX … ETX', `\x02${REFERENCE_QR}\x03`],
    ['an AIM ]Q1 prefix', `]Q1${REFERENCE_QR}`],
    ['parameter names in any case', REFERENCE_QR.replace('RUN=', 'run=').replace('type=', 'TYPE=')],
    ['parameters in another order', `${BASE}serial=601234567&mrz=601234567085031273103120&type=CEDULA&RUN=15234871-1`],
    ['an unknown extra parameter', `${REFERENCE_QR}&v=2`],
    ['the host in capitals', REFERENCE_QR.replace('portal.sidiv.registrocivil.cl', 'PORTAL.SIDIV.REGISTROCIVIL.CL')],
    ['a lower-case k', `${BASE}RUN=7775735-k&type=CEDULA&serial=601234567&mrz=601234567085031273103120`],
  ])('reads the QR with %s', (_what, text) => {
    expect(codeOf(read(text))).toBe('ok');
  });
});

describe('parseCedulaQr refusals', () => {
  it.each(['PASAPORTE_PG', 'PASAPORTE_OFICIAL', 'LICENCIA'])('refuses type=%s as card.not_chilean_id', (type) => {
    expect(read(REFERENCE_QR.replace('type=CEDULA', `type=${type}`))).toMatchObject({
      ok: false,
      error: { code: 'card.not_chilean_id', field: 'type', messageKey: 'errors.cardNotChileanId' },
    });
  });

  it.each([
    ['another site', 'https://example.cl/docstatus?RUN=15234871-1&type=CEDULA'],
    ['a look-alike host', REFERENCE_QR.replace('registrocivil.cl', 'registrocivil.cl.example.com')],
    ['another path', REFERENCE_QR.replace('/docstatus', '/status')],
    ['plain http', REFERENCE_QR.replace('https:', 'http:')],
  ])('refuses a URL to %s as card.not_chilean_id', (_what, text) => {
    expect(codeOf(read(text))).toBe('card.not_chilean_id');
  });

  it.each([
    ['a raw byte above Latin-1', `${REFERENCE_QR}&name=CAMILA€`, 'url'],
    ['a raw accented letter', `${REFERENCE_QR}&name=SEBASTIÁN`, 'url'],
    ['a C1 control byte escape', `${REFERENCE_QR}&name=CAMILA%81`, 'names'],
    ['UTF-8 percent-encoding of Á', `${REFERENCE_QR}&name=SEBASTI%C3%81N`, 'names'],
    ['a C0 control byte escape', `${REFERENCE_QR}&name=CAMILA%00`, 'names'],
    ['a stray percent sign', `${REFERENCE_QR}&name=CAMILA%2`, 'names'],
    ['lower-case letters', `${REFERENCE_QR}&name=camila`, 'names'],
  ])('refuses a QR with %s as card.unreadable', (_what, text, field) => {
    expect(read(text)).toMatchObject({ ok: false, error: { code: 'card.unreadable', field } });
  });

  it.each([
    ['serial', 9, 'documentNumber'],
    ['birth date', 16, 'birthDate'],
    ['expiry date', 23, 'expiryDate'],
  ] as const)('refuses a wrong %s check digit in mrz as card.check_digit', (_what, index, field) => {
    const mrz = '601234567085031273103120';
    const bad = mrz.slice(0, index) + String((Number(mrz[index]) + 1) % 10) + mrz.slice(index + 1);
    expect(read(REFERENCE_QR.replace(mrz, bad))).toMatchObject({ ok: false, error: { code: 'card.check_digit', field } });
  });

  it('refuses a RUN with a wrong check digit, or malformed, as card.invalid_run', () => {
    expect(read(REFERENCE_QR.replace('15234871-1', '15234871-2'))).toMatchObject({ ok: false, error: { code: 'card.invalid_run' } });
    expect(read(REFERENCE_QR.replace('15234871-1', '15.234.871-1'))).toMatchObject({ ok: false, error: { code: 'card.invalid_run' } });
    expect(read(REFERENCE_QR.replace('15234871-1', '015234871-1'))).toMatchObject({ ok: false, error: { code: 'card.invalid_run' } });
  });

  it('refuses a serial that disagrees with the mrz value, and missing or repeated parameters', () => {
    expect(codeOf(read(REFERENCE_QR.replace('serial=601234567', 'serial=601234568')))).toBe('card.unreadable');
    expect(codeOf(read(REFERENCE_QR.replace('&serial=601234567', '')))).toBe('card.unreadable');
    expect(codeOf(read(`${REFERENCE_QR}&RUN=7775735-K`))).toBe('card.unreadable');
    expect(codeOf(read(`${REFERENCE_QR}&`))).toBe('card.unreadable');
    expect(codeOf(read(`${REFERENCE_QR}#fragment`))).toBe('card.not_chilean_id');
  });

  it('refuses an expired card against the injected today', () => {
    expect(read(REFERENCE_QR, '2031-03-13')).toMatchObject({ ok: false, error: { code: 'card.expired', retryable: false } });
    expect(codeOf(read(REFERENCE_QR, '2031-03-12'))).toBe('ok');
  });

  it.each([
    ['an empty read', ''],
    ['plain words', 'hola'],
    ['an MRZ', 'INCHL6012345670D31<<<<<<<<<<<<'],
    ['far too long a text', `${REFERENCE_QR}&x=${'A'.repeat(5000)}`],
  ])('refuses %s as card.unreadable', (_what, text) => {
    expect(codeOf(read(text))).toBe('card.unreadable');
  });
});
