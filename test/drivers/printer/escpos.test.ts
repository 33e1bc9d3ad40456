import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeReceipt, isStatusByte, notReadyReason, parseStatus, statusAnswer, statusRequest, type PrinterStatus } from '../../../drivers/printer/escpos.ts';
import { activationReceipt, type ReceiptLayout } from '../../../drivers/printer/receipt-layout.ts';
import { SAMPLE } from './fixtures.ts';

const hex = (bytes: Uint8Array | number[]) => Buffer.from(Uint8Array.from(bytes)).toString('hex');
const textLayout = (line: string): ReceiptLayout => ({
  kind: 'test',
  language: 'es-CL',
  columns: 48,
  blocks: [{ kind: 'text', lines: [line], align: 'left', bold: false, size: { width: 1, height: 1 } }],
});

describe('encodeReceipt (reference §4.1)', () => {
  const bytes = encodeReceipt(activationReceipt(SAMPLE));

  it('starts with ESC @, FS . and ESC M 0, then selects CP858 with ESC t 19', () => {
    expect(hex(bytes.subarray(0, 7))).toBe('1b401c2e1b4d00');
    expect(hex(bytes)).toContain('1b7413');
  });

  it('stores the QR with GS ( k, model 2, pL + pH×256 = k + 3, then prints it', () => {
    const url = Buffer.from(SAMPLE.activationUrl, 'latin1');
    expect(hex(bytes)).toContain('1d286b040031413200'); // model 2
    expect(hex(bytes)).toContain(hex([0x1d, 0x28, 0x6b, url.length + 3, 0, 0x31, 0x50, 0x30, ...url]));
    expect(hex(bytes)).toContain('1d286b0300315130');
  });

  it('matches the reference’s vector for https://example.cl (pL = 0x15)', () => {
    const qr = encodeReceipt({ ...textLayout(''), blocks: [{ kind: 'qr', data: 'https://example.cl', align: 'left', moduleSize: 6, errorLevel: 'm' }] });
    expect(hex(qr)).toContain('1d286b15003150306874747073');
  });

  it('centres with ESC a 1 and enlarges with GS ! 0x22 for the 3× code', () => {
    expect(hex(bytes)).toContain('1b6101');
    expect(hex(bytes)).toContain('1d2122');
  });

  it('ends with a feed of 4 lines and a partial cut (GS V 1), and nothing after it', () => {
    expect(hex(bytes)).toMatch(/0a0a0a0a1d5601$/);
  });

  it.each([
    ['á é í ó ú', 'a0 20 82 20 a1 20 a2 20 a3'],
    ['Á É Í Ó Ú', 'b5 20 90 20 d6 20 e0 20 e9'],
    ['ñ Ñ ü Ü ¿ ¡ €', 'a4 20 a5 20 81 20 9a 20 a8 20 ad 20 d5'],
  ])('encodes %s as CP858 (reference §4.2)', (text, expected) => {
    expect(hex(encodeReceipt(textLayout(text)))).toContain(expected.replace(/ /g, ''));
  });
});

describe('status requests and answers (DLE EOT, reference §4.1)', () => {
  it('builds DLE EOT n', () => {
    expect(hex(statusRequest(1))).toBe('100401');
    expect(hex(statusRequest(4))).toBe('100404');
  });

  it('reads an all-clear printer', () => {
    expect(parseStatus({ printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 })).toEqual({
      online: true,
      coverOpen: false,
      paperOut: false,
      paperNearEnd: false,
      error: false,
    });
  });

  it.each([
    ['paper out', { printer: 0x1a, offlineCause: 0x32, paperSensor: 0x7e }, { online: false, paperOut: true, paperNearEnd: true }, 'printer.paper_out'],
    ['cover open', { printer: 0x1a, offlineCause: 0x16, paperSensor: 0x12 }, { online: false, coverOpen: true }, 'printer.cover_open'],
    ['paper near end only', { printer: 0x12, offlineCause: 0x12, paperSensor: 0x1e }, { online: true, paperNearEnd: true }, null],
    ['an error latched', { printer: 0x1a, offlineCause: 0x52, paperSensor: 0x12 }, { online: false, error: true }, 'printer.offline'],
    ['a clone that sets one paper-out bit', { printer: 0x12, offlineCause: 0x12, paperSensor: 0x32 }, { paperOut: true }, 'printer.paper_out'],
  ])('reads %s', (_, answers, expected, reason) => {
    const status = parseStatus(answers);
    expect(status).toMatchObject(expected);
    expect(notReadyReason(status)).toBe(reason);
  });

  it.each([0x00, 0xff, 0x13, 0x92, 0x02, 0x10])('refuses 0x%s as garbage with printer.bad_status', (byte) => {
    expect(() => parseStatus({ printer: byte, offlineCause: 0x12, paperSensor: 0x12 })).toThrow(expect.objectContaining({ code: 'printer.bad_status' }));
  });

  it('answers what it parses back, for every condition (simulator ↔ driver)', () => {
    const status = fc.record({ online: fc.boolean(), coverOpen: fc.boolean(), paperOut: fc.boolean(), paperNearEnd: fc.boolean(), error: fc.boolean() });
    fc.assert(
      fc.property(status, (s: PrinterStatus) => {
        const answers = { printer: statusAnswer(1, s), offlineCause: statusAnswer(2, s), paperSensor: statusAnswer(4, s) };
        expect(Object.values(answers).every(isStatusByte)).toBe(true);
        expect(parseStatus(answers)).toEqual({ ...s, paperNearEnd: s.paperNearEnd || s.paperOut });
      }),
    );
  });

  it('classifies every byte as a status answer or not, without throwing', () => {
    for (let b = 0; b < 256; b++) expect(isStatusByte(b)).toBe((b & 0x93) === 0x12);
  });
});
