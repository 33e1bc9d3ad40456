import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeHidPosReports,
  HidPosReportError,
  type HidPosEvent,
  HidPosScanAssembler,
  HONEYWELL_HID_POS_LAYOUT,
  parseHidPosReport,
} from '../../../drivers/transport/hid-pos-report.ts';

const latin1 = (text: string): Uint8Array => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const CEDULA_QR = 'https://portal.sidiv.registrocivil.cl/docstatus?RUN=12345678-5&type=CEDULA&serial=100000000&mrz=100000000195010123601011';

/** A Honeywell-layout report, byte by byte as the reference tabulates it (§2.1). */
function handMadeReport(data: string, aim: string, more: boolean, codeId = 0x73): Uint8Array {
  const report = new Uint8Array(64);
  report[0] = 0x02; // report ID
  report[1] = data.length; // offset 0: valid data bytes
  report.set(latin1(aim), 2); // offsets 1–3: AIM id
  report.set(latin1(data), 5); // offset 4…: data
  report[61] = codeId; // offset 60: Honeywell Code ID
  report[63] = more ? 1 : 0; // offset 62: more reports follow
  return report;
}

function pushAll(assembler: HidPosScanAssembler, reports: Uint8Array[], now = 0): HidPosEvent[] {
  return reports.flatMap((report) => assembler.push(report, now));
}

describe('parseHidPosReport (Honeywell HID POS layout, reference §2.1)', () => {
  it('reads length, AIM id, data, Code ID and the continued flag from their offsets', () => {
    const result = parseHidPosReport(handMadeReport('HELLO', ']Q1', true));
    expect(result).toEqual({
      ok: true,
      report: { data: latin1('HELLO'), aim: { id: ']Q1', code: 'Q', modifier: '1', name: 'qr-code' }, vendorCodeId: 0x73, continued: true },
    });
  });

  it.each([
    [']C0', 'code-128'],
    [']E0', 'ean-upc'],
    [']L0', 'pdf417'],
    [']d1', 'data-matrix'],
    [']z0', 'other'],
  ])('names AIM %s as %s', (aim, name) => {
    const result = parseHidPosReport(handMadeReport('1', aim, false));
    expect(result.ok && result.report.aim?.name).toBe(name);
  });

  it('takes an all-zero identifier as "no AIM prefix configured"', () => {
    const result = parseHidPosReport(handMadeReport('X', '\0\0\0', false));
    expect(result.ok && result.report.aim).toBeNull();
  });

  it.each([
    ['an empty report', new Uint8Array(), 'scanner.empty_report'],
    ['another report ID', Uint8Array.of(0x04, ...new Array<number>(63).fill(0)), 'scanner.unexpected_report_id'],
    ['a report cut short', handMadeReport('AB', ']Q1', false).subarray(0, 40), 'scanner.report_truncated'],
    ['a length beyond the data buffer', Object.assign(handMadeReport('AB', ']Q1', false), { 1: 57 }), 'scanner.bad_length'],
    ['identifier bytes that are not AIM', handMadeReport('AB', 'Q1]', false), 'scanner.bad_symbology'],
  ])('rejects %s with a typed error', (_what, bytes, code) => {
    const result = parseHidPosReport(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(HidPosReportError);
      expect(result.error.code).toBe(code);
    }
  });
});

describe('HidPosScanAssembler', () => {
  it('reassembles a cédula QR URL sent in three reports and strips the trailing CR', () => {
    const data = `${CEDULA_QR}\r`;
    const reports = [
      handMadeReport(data.slice(0, 56), ']Q1', true),
      handMadeReport(data.slice(56, 112), ']Q1', true),
      handMadeReport(data.slice(112), ']Q1', false),
    ];
    const events = pushAll(new HidPosScanAssembler(), reports);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'scan', scan: { text: CEDULA_QR, symbology: { id: ']Q1', name: 'qr-code' }, vendorCodeId: 0x73 } });
  });

  it('keeps Latin-1 bytes as they are (a QR name parameter with ñ)', () => {
    const bytes = Uint8Array.of(...latin1('name=PE'), 0xd1, ...latin1('A'));
    const [event] = pushAll(new HidPosScanAssembler(), encodeHidPosReports(bytes, { aim: ']Q1' }));
    expect(event).toMatchObject({ type: 'scan', scan: { bytes, text: 'name=PEÑA' } });
  });

  it('reassembles a scan split across reports at every byte boundary', () => {
    const data = latin1(CEDULA_QR);
    for (let cut = 1; cut < data.length; cut++) {
      const reports = [...encodeHidPosReports(data.subarray(0, cut), { aim: ']Q1' }), ...encodeHidPosReports(data.subarray(cut), { aim: ']Q1' })];
      // Two independent encodings: mark every report but the last as continued.
      reports.forEach((report, i) => (report[1 + HONEYWELL_HID_POS_LAYOUT.continuedOffset] = i < reports.length - 1 ? 1 : 0));
      const events = pushAll(new HidPosScanAssembler(), reports);
      expect(events).toEqual([{ type: 'scan', scan: expect.objectContaining({ bytes: data }) }]);
    }
  });

  it('reassembles any scan under any chunking (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 700 }).filter((b) => b.at(-1) !== 0x0d),
        fc.array(fc.integer({ min: 1, max: 56 }), { maxLength: 60 }),
        fc.constantFrom(']Q1', ']L0', ']C0', null),
        (data, chunkSizes, aim) => {
          const events = pushAll(new HidPosScanAssembler(), encodeHidPosReports(data, { aim, chunkSizes }));
          expect(events).toHaveLength(1);
          const [event] = events;
          expect(event?.type).toBe('scan');
          if (event?.type === 'scan') {
            expect(event.scan.bytes).toEqual(data);
            expect(event.scan.symbology?.id ?? null).toBe(aim);
          }
        },
      ),
    );
  });

  it('never throws on arbitrary report sequences; everything it emits is a scan or a HidPosReportError', () => {
    const report = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.uint8Array({ minLength: 63, maxLength: 63 }).map((body) => Uint8Array.of(0x02, ...body)),
      fc.tuple(fc.uint8Array({ maxLength: 60 }), fc.boolean()).map(([data, more]) => {
        const [first] = encodeHidPosReports(data, { aim: ']Q1', chunkSizes: [56] });
        first![63] = more ? 1 : 0;
        return first!;
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(report, fc.integer({ min: 0, max: 3000 })), { maxLength: 30 }), (sequence) => {
        const assembler = new HidPosScanAssembler({ maxScanBytes: 200 });
        let now = 0;
        for (const [bytes, gap] of sequence) {
          now += gap;
          for (const event of assembler.push(bytes, now)) {
            if (event.type === 'error') expect(event.error).toBeInstanceOf(HidPosReportError);
            else expect(event.scan.bytes.length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  it('abandons a scan whose next report comes too late, then reads the next scan whole', () => {
    const assembler = new HidPosScanAssembler({ staleAfterMs: 500 });
    const [first] = encodeHidPosReports(latin1('A'.repeat(60)), { aim: ']Q1' });
    expect(assembler.push(first!, 0)).toEqual([]);
    const events = pushAll(assembler, encodeHidPosReports(latin1('NEXT'), { aim: ']C0' }), 2000);
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.scan.text))).toEqual(['scanner.incomplete_scan', 'NEXT']);
  });

  it('refuses an overlong scan and skips the rest of it, without merging it into the next scan', () => {
    const assembler = new HidPosScanAssembler({ maxScanBytes: 100 });
    const events = [
      ...pushAll(assembler, encodeHidPosReports(new Uint8Array(300).fill(0x41), { aim: ']Q1' })),
      ...pushAll(assembler, encodeHidPosReports(latin1('OK'), { aim: ']Q1' })),
    ];
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.scan.text))).toEqual(['scanner.scan_too_long', 'OK']);
  });

  it('reports a scan whose symbology changes before it ends, and keeps the new one', () => {
    const assembler = new HidPosScanAssembler();
    const [qrStart] = encodeHidPosReports(latin1('A'.repeat(60)), { aim: ']Q1' });
    const events = pushAll(assembler, [qrStart!, ...encodeHidPosReports(latin1('7801234567890'), { aim: ']E0' })]);
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.scan.text))).toEqual(['scanner.symbology_changed', '7801234567890']);
  });

  it('reports an empty scan (only a CR) instead of delivering nothing', () => {
    const events = pushAll(new HidPosScanAssembler(), encodeHidPosReports(Uint8Array.of(0x0d), { aim: ']Q1' }));
    expect(events.map((e) => e.type === 'error' && e.error.code)).toEqual(['scanner.empty_scan']);
  });

  it('lets other report IDs interleave with a multi-report scan', () => {
    const [a, b] = encodeHidPosReports(latin1('B'.repeat(80)), { aim: ']L0' });
    const events = pushAll(new HidPosScanAssembler(), [a!, Uint8Array.of(0x04, 1, 2, 3), b!]);
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.scan.bytes.length))).toEqual(['scanner.unexpected_report_id', 80]);
  });
});
