import { describe, expect, it } from 'vitest';
import { readFailed, type CardParseResult } from '../../../drivers/card-reader/card-read.ts';
import type { ScanInfo } from '../../../drivers/card-reader/card-reader.ts';
import { cardSymbol, parseCardText } from '../../../drivers/card-reader/cross-check.ts';
import { ScanPairer, pairResults, parseScan } from '../../../drivers/card-reader/scan-pairing.ts';
import { REFERENCE_MRZ, REFERENCE_QR, TODAY, citizenWhere, mrzOf, options, qrOf, withChar } from './fixtures.ts';
import { ManualClock } from './reader-support.ts';

const WINDOW = 600;

function pairer(windowMs = WINDOW) {
  const clock = new ManualClock();
  const reports: { result: CardParseResult; scans: readonly ScanInfo[] }[] = [];
  const p = new ScanPairer({ windowMs, schedule: clock.schedule, report: (result, scans) => reports.push({ result, scans }) });
  return { clock, reports, p };
}

const a = citizenWhere((c) => c.scenario === 'ok' && c.serialSeries === 'alphanumeric');
const b = citizenWhere((c) => c.scenario === 'ok' && c.run.number !== a.run.number);

describe('parseScan', () => {
  it('classifies and parses an MRZ and a QR, keeping only the length of the text in the scan info', () => {
    const mrz = parseScan(mrzOf(a), TODAY);
    expect(mrz.info).toEqual({ symbol: 'mrz', aim: null, length: mrzOf(a).length });
    expect(mrz.result).toMatchObject({ ok: true, value: { source: 'mrz', run: a.run } });
    expect(parseScan(qrOf(a), TODAY)).toMatchObject({ info: { symbol: 'qr' }, result: { ok: true, value: { source: 'qr' } } });
  });

  it('picks up an AIM identifier in front of the text, and trusts one passed beside it', () => {
    expect(parseScan(`]Q1${qrOf(a)}`, TODAY).info.aim).toBe(']Q1');
    expect(parseScan(qrOf(a), TODAY, ']Q1').info.aim).toBe(']Q1');
  });

  it('sends a QR symbology to the QR parser even when the text is not a URL', () => {
    const scan = parseScan('HELLO WORLD', TODAY, ']Q1');
    expect(scan.info.symbol).toBe('qr');
    expect(scan.result).toMatchObject({ ok: false, error: { code: 'card.unreadable', field: 'url' } });
  });
});

describe('parseCardText routes an MRZ with a vendor prefix to the MRZ parser (bug fix)', () => {
  // `MRZ:` looks like a URL scheme; before the fix the text went to the QR parser and was refused.
  it.each([
    ['on a line of its own', `MRZ:\n${REFERENCE_MRZ.join('\n')}`],
    ['glued to the first row', `MRZ:${REFERENCE_MRZ.join('\r\n')}`],
  ])('%s', (_, text) => {
    expect(cardSymbol(text)).toBe('mrz');
    expect(parseCardText(text, options)).toMatchObject({ ok: true, value: { source: 'mrz', run: { number: 15234871 } } });
    expect(cardSymbol(REFERENCE_QR)).toBe('qr');
  });
});

describe('pairResults', () => {
  const mrz = parseScan(mrzOf(a), TODAY).result;
  const qr = parseScan(qrOf(a), TODAY).result;

  it('cross-checks two reads of one card into one mrz+qr read', () => {
    expect(pairResults(mrz, qr)).toMatchObject({ ok: true, value: { source: 'mrz+qr', run: a.run, serial: a.serial } });
  });

  it('refuses the MRZ of one card with the QR of another as card.mismatch', () => {
    expect(pairResults(mrz, parseScan(qrOf(b), TODAY).result)).toMatchObject({ ok: false, error: { code: 'card.mismatch', field: 'run' } });
  });

  it('keeps the good symbol when the other was misread', () => {
    const misread = parseScan(withChar(REFERENCE_MRZ, 1, 6, '0').join('\n'), TODAY).result;
    expect(misread).toMatchObject({ ok: false, error: { code: 'card.check_digit' } });
    expect(pairResults(misread, qr)).toEqual(qr);
    expect(pairResults(mrz, readFailed('card.unreadable', 'url', 'x'))).toEqual(mrz);
  });

  it('calls a read against a refusal about the card itself a mismatch, and prefers that refusal when both fail', () => {
    const expired = readFailed('card.expired', 'expiryDate', 'x');
    expect(pairResults(mrz, expired)).toMatchObject({ ok: false, error: { code: 'card.mismatch', field: 'expiryDate' } });
    expect(pairResults(readFailed('card.unreadable', 'structure', 'x'), expired)).toEqual(expired);
    const unreadable = readFailed('card.unreadable', 'structure', 'mrz');
    expect(pairResults(unreadable, readFailed('card.unreadable', 'url', 'qr'))).toEqual(unreadable);
  });
});

describe('ScanPairer', () => {
  it('reports a lone scan only once its window has closed', () => {
    const { clock, reports, p } = pairer();
    p.accept(parseScan(mrzOf(a), TODAY));
    clock.advance(WINDOW - 1);
    expect(reports).toEqual([]);
    clock.advance(1);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.result).toMatchObject({ ok: true, value: { source: 'mrz' } });
    expect(clock.pending).toBe(0);
  });

  it.each([
    ['MRZ then QR', 'mrz'],
    ['QR then MRZ', 'qr'],
  ])('reports %s at once as one cross-checked read, with both scans described', (_, first) => {
    const { clock, reports, p } = pairer();
    const scans = [parseScan(mrzOf(a), TODAY), parseScan(qrOf(a), TODAY)];
    if (first === 'qr') scans.reverse();
    p.accept(scans[0]!);
    p.accept(scans[1]!);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.result).toMatchObject({ ok: true, value: { source: 'mrz+qr' } });
    expect(reports[0]!.scans.map((s) => s.symbol)).toEqual(first === 'qr' ? ['qr', 'mrz'] : ['mrz', 'qr']);
    expect(clock.pending).toBe(0);
  });

  it('with a zero window reports every scan at once, unpaired', () => {
    const { reports, p } = pairer(0);
    p.accept(parseScan(mrzOf(a), TODAY));
    p.accept(parseScan(qrOf(a), TODAY));
    expect(reports.map((r) => r.result.ok && r.result.value.source)).toEqual(['mrz', 'qr']);
  });

  it('drops a repeat of the waiting scan, and reports the waiting scan first when another card comes', () => {
    const { clock, reports, p } = pairer();
    p.accept(parseScan(mrzOf(a), TODAY));
    p.accept(parseScan(mrzOf(a), TODAY));
    expect(reports).toEqual([]);
    p.accept(parseScan(mrzOf(b), TODAY));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.result).toMatchObject({ ok: true, value: { run: a.run } });
    clock.advance(WINDOW);
    expect(reports[1]!.result).toMatchObject({ ok: true, value: { run: b.run } });
  });

  it('flush reports the waiting scan now; discard forgets it', () => {
    const { clock, reports, p } = pairer();
    p.accept(parseScan(qrOf(a), TODAY));
    p.flush();
    expect(reports).toHaveLength(1);
    p.accept(parseScan(qrOf(b), TODAY));
    p.discard();
    clock.advance(WINDOW * 2);
    expect(reports).toHaveLength(1);
  });

  it('refuses a window that is not a duration', () => {
    expect(() => pairer(-1)).toThrow(RangeError);
  });
});
