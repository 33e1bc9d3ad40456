import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScanFramer, splitSymbols, type FramedScan } from '../../../drivers/card-reader/scan-framer.ts';
import { REFERENCE_MRZ, REFERENCE_QR } from './fixtures.ts';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const texts = (scans: readonly FramedScan[]): string[] => scans.map((s) => (s.kind === 'text' ? s.text : `<overflow ${s.length}>`));

/** Feeds `input` in one chunk, then ends the burst. */
function frame(input: string): string[] {
  const framer = new ScanFramer();
  return texts([...framer.push(bytes(input)), ...framer.idle()]);
}

describe('ScanFramer: MRZ rows and QR lines from a serial reader (reference §2.3)', () => {
  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('keeps three rows ended by %s together as one scan until the line goes quiet', (_, end) => {
    const framer = new ScanFramer();
    expect(framer.push(bytes(REFERENCE_MRZ.map((row) => row + end).join('')))).toEqual([]);
    expect(texts(framer.idle())).toEqual([REFERENCE_MRZ.join('\n')]);
  });

  it('ends a scan on ETX without waiting for the gap, and drops the STX', () => {
    const framer = new ScanFramer();
    expect(texts(framer.push(bytes(`\x02${REFERENCE_MRZ.join('\r\n')}\r\n\x03`)))).toEqual([REFERENCE_MRZ.join('\n')]);
    expect(framer.hasPending).toBe(false);
  });

  it('ends a scan on EOT, and an STX closes whatever came before it as a scan of its own', () => {
    const framer = new ScanFramer();
    expect(texts(framer.push(bytes(`${REFERENCE_QR}\r\x04`)))).toEqual([REFERENCE_QR]);
    expect(texts(framer.push(bytes(`NOISE\x02${REFERENCE_QR}\x03`)))).toEqual(['NOISE', REFERENCE_QR]);
  });

  it('splits one burst holding an MRZ and a QR into two scans, keeping framing lines with the MRZ', () => {
    const burst = `MRZ:\r\n${REFERENCE_MRZ.join('\r\n')}\r\n${REFERENCE_QR}\r\nOK\r\n`;
    expect(frame(burst)).toEqual([['MRZ:', ...REFERENCE_MRZ].join('\n'), REFERENCE_QR, 'OK']);
  });

  it('finds the QR behind an AIM identifier (]Q1) and keeps the identifier for the parser', () => {
    expect(frame(`]Q1${REFERENCE_QR}\r`)).toEqual([`]Q1${REFERENCE_QR}`]);
  });

  it('makes no scan of a burst that is only line ends and framing', () => {
    expect(frame('\r\n\r\n\x02\x03')).toEqual([]);
  });

  it('passes bytes beyond ASCII through as Latin-1 characters, for the parser to refuse', () => {
    expect(frame('\xc1\xff\r')).toEqual(['\u00c1\u00ff']);
  });

  it('refuses an over-long scan once and drops the rest of its burst, then frames the next burst normally', () => {
    const framer = new ScanFramer({ maxScanBytes: 100 });
    const out = framer.push(bytes('A'.repeat(250)));
    expect(out).toEqual([{ kind: 'overflow', length: 101 }]);
    expect(framer.idle()).toEqual([]);
    expect(texts(framer.push(bytes(`\x02${REFERENCE_QR.slice(0, 50)}\x03`)))).toEqual([REFERENCE_QR.slice(0, 50)]);
  });

  it('expects more while fewer than three MRZ rows have come, and not once they have', () => {
    const framer = new ScanFramer();
    framer.push(bytes(`${REFERENCE_MRZ[0]}\r\n`));
    expect(framer.expectsMore()).toBe(true);
    framer.push(bytes(`${REFERENCE_MRZ[1]}\r\n`));
    expect(framer.expectsMore()).toBe(true);
    framer.push(bytes(`${REFERENCE_MRZ[2]}\r\n`));
    expect(framer.expectsMore()).toBe(false);
    framer.reset();
    framer.push(bytes('https://portal'));
    expect(framer.expectsMore()).toBe(false);
  });

  it('expects more while a frame is open, even with nothing buffered yet, and not once it is closed', () => {
    const framer = new ScanFramer();
    framer.push(bytes('\x02'));
    expect([framer.hasPending, framer.expectsMore()]).toEqual([true, true]);
    framer.push(bytes(`${REFERENCE_QR}\r\n`));
    expect(framer.expectsMore()).toBe(true);
    expect(texts(framer.push(bytes('\x03')))).toEqual([REFERENCE_QR]);
    expect([framer.hasPending, framer.expectsMore()]).toEqual([false, false]);
  });

  it('keeps the idle timer wanted while it drops the tail of an over-long burst', () => {
    const framer = new ScanFramer({ maxScanBytes: 10 });
    framer.push(bytes('A'.repeat(11)));
    expect(framer.hasPending).toBe(true);
    framer.idle();
    expect(framer.hasPending).toBe(false);
  });

  it('frames the same bytes the same way however the transport chunks them, and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(600), { maxLength: 8 }), (input, cuts) => {
        const whole = new ScanFramer({ maxScanBytes: 256 });
        const expected = texts([...whole.push(input), ...whole.idle()]);
        const chunked = new ScanFramer({ maxScanBytes: 256 });
        const points = [0, ...cuts.map((c) => c % (input.length + 1)).sort((a, b) => a - b), input.length];
        const got: FramedScan[] = [];
        for (let i = 1; i < points.length; i++) got.push(...chunked.push(input.subarray(points[i - 1], points[i])));
        got.push(...chunked.idle());
        expect(texts(got)).toEqual(expected);
      }),
    );
  });

  it('splitSymbols keeps an MRZ that is not interrupted by a URL as one group', () => {
    expect(splitSymbols(`${REFERENCE_MRZ[0]}\r\n\r\n${REFERENCE_MRZ[1]}\n${REFERENCE_MRZ[2]}`)).toEqual([REFERENCE_MRZ.join('\n')]);
  });
});
