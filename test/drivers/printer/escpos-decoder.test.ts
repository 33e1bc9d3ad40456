import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CP858, isCp858Printable } from '../../../drivers/printer/code-pages.ts';
import { encodeReceipt } from '../../../drivers/printer/escpos.ts';
import { decodeEscPos, EscPosDecoder, type DecodedJob, type PrintedLine } from '../../../drivers/printer/escpos-decoder.ts';
import { activationReceipt, testReceipt, type ReceiptLayout } from '../../../drivers/printer/receipt-layout.ts';
import { renderJob } from '../../../drivers/printer/receipt-image.ts';
import { jobTranscript } from '../../../drivers/printer/receipt-transcript.ts';
import { SAMPLE } from './fixtures.ts';

const only = (bytes: Uint8Array): DecodedJob => {
  const { jobs } = decodeEscPos(bytes);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
};
const lines = (job: DecodedJob) => job.items.filter((i): i is PrintedLine => i.kind === 'text');
const lineText = (line: PrintedLine) => line.segments.map((s) => s.text).join('');

describe('encode → decode round trip', () => {
  it('reads back every text line of the layout, with its alignment, emphasis and size', () => {
    const layout = activationReceipt(SAMPLE);
    const job = only(encodeReceipt(layout));
    const printed = lines(job).filter((l) => l.segments.length > 0);
    const expected = layout.blocks.flatMap((b) =>
      b.kind === 'text'
        ? b.lines.map((text) => ({ text, align: b.align, bold: b.bold, width: b.size.width, height: b.size.height }))
        : b.kind === 'rule'
          ? [{ text: '-'.repeat(48), align: 'left', bold: false, width: 1, height: 1 }]
          : [],
    );
    expect(
      printed.map((l) => ({ text: lineText(l), align: l.align, bold: l.segments[0]!.bold, width: l.segments[0]!.width, height: l.segments[0]!.height })),
    ).toEqual(expected);
  });

  it('reads back the QR: data, model 2, module size, error level, alignment', () => {
    const job = only(encodeReceipt(activationReceipt(SAMPLE)));
    expect(job.items.filter((i) => i.kind === 'qr')).toEqual([
      { kind: 'qr', align: 'center', data: SAMPLE.activationUrl, model: 2, moduleSize: 6, errorLevel: 'M' },
    ]);
  });

  it('ends the job at the partial cut and counts its bytes', () => {
    const bytes = encodeReceipt(activationReceipt(SAMPLE));
    const job = only(bytes);
    expect(job.cut).toBe('partial');
    expect(job.byteCount).toBe(bytes.length);
  });

  it('gives the same result whatever the chunking (bytes arriving over TCP in pieces)', () => {
    const bytes = encodeReceipt(testReceipt({ kioskId: 'KSK-SIM-0001', printedAt: new Date('2025-11-21T12:34:56Z') }));
    const whole = decodeEscPos(bytes).jobs;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 20 }), (cuts) => {
        const decoder = new EscPosDecoder();
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const events = points.slice(1).flatMap((end, k) => decoder.push(bytes.subarray(points[k], end)));
        events.push(...decoder.end());
        expect(events.flatMap((e) => (e.type === 'job' ? [e.job] : []))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});

describe('CP858 both ways (reference §4.2)', () => {
  const spanish = 'ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡ €';
  const layout: ReceiptLayout = {
    kind: 'test',
    language: 'es-CL',
    columns: 48,
    blocks: [{ kind: 'text', lines: [spanish], align: 'left', bold: false, size: { width: 1, height: 1 } }],
  };

  it('Spanish text survives encoder → bytes → decoder', () => {
    expect(lines(only(encodeReceipt(layout))).map(lineText)).toContain(spanish);
  });

  it('decodes the reference table’s bytes after ESC t 19', () => {
    const bytes = Uint8Array.from([0x1b, 0x74, 19, 0xa4, 0xa5, 0xa0, 0x82, 0xa1, 0xa2, 0xa3, 0xb5, 0x90, 0xd6, 0xe0, 0xe9, 0x81, 0x9a, 0xa8, 0xad, 0xd5, 0x0a]);
    expect(lineText(lines(only(bytes))[0]!)).toBe('ñÑáéíóúÁÉÍÓÚüÜ¿¡€');
  });

  it('the decoder’s table agrees with the encoder for every character of the upper half', () => {
    const high = CP858.chars.slice(0x80).filter(isCp858Printable);
    const encoded = new ReceiptPrinterEncoder({ columns: 48, newline: '\n' }).initialize().codepage('cp858').text(high.join('')).encode();
    const payload = [...encoded.subarray(encoded.indexOf(0x13) + 1)].filter((b) => b >= 0x80);
    expect(payload.map((b) => CP858.chars[b])).toEqual(high);
  });

  it('keeps ¶ and § out of receipts: the encoder would send them as control bytes 0x14 and 0x15', () => {
    expect(isCp858Printable('¶')).toBe(false);
    expect(isCp858Printable('§')).toBe(false);
  });

  it('shows what a printer left in CP437 (no ESC t) would print: Á is not there', () => {
    expect(lineText(lines(only(Uint8Array.from([0x1b, 0x40, 0xb5, 0xa4, 0x0a])))[0]!)).toBe('╡ñ');
  });
});

describe('commands the decoder meets', () => {
  it('answers nothing itself but reports DLE EOT 1–4 as status requests, in order', () => {
    expect(decodeEscPos(Uint8Array.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04])).statusRequests).toEqual([1, 2, 4]);
  });

  it('logs an unknown ESC command and keeps going', () => {
    const job = only(Uint8Array.from([0x1b, 0x78, 0x41, 0x0a, 0x1d, 0x56, 0x01]));
    expect(jobTranscript(job, 'x')).toContain('[unknown ESC x]');
    expect(lines(job).map(lineText)).toContain('A');
  });

  it('reads GS ! sizes, ESC ! print modes, ESC E and ESC a', () => {
    const bytes = Uint8Array.from([0x1b, 0x61, 0x02, 0x1d, 0x21, 0x12, 0x1b, 0x45, 0x01, 0x41, 0x0a, 0x1b, 0x21, 0x38, 0x42, 0x0a]);
    const [a, b] = lines(only(bytes));
    expect(a).toMatchObject({ align: 'right', segments: [{ text: 'A', bold: true, width: 2, height: 3 }] });
    expect(b).toMatchObject({ align: 'right', segments: [{ text: 'B', bold: true, width: 2, height: 2 }] });
  });

  it('ignores ESC a in the middle of a line, as Epson printers do, and says so', () => {
    const job = only(Uint8Array.from([0x41, 0x1b, 0x61, 0x01, 0x42, 0x0a]));
    expect(lines(job)[0]).toMatchObject({ align: 'left' });
    expect(jobTranscript(job, 'x')).toContain('[ESC a ignored: not at the start of a line]');
  });

  it('wraps a line longer than 576 dots as the printer would', () => {
    const job = only(Uint8Array.from([...'x'.repeat(50)].map((c) => c.charCodeAt(0))));
    expect(lines(job).map(lineText)).toEqual(['x'.repeat(48), 'xx']);
  });

  it('skips a raster image by its declared size instead of printing its bytes as text', () => {
    const image = [0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00, ...new Array<number>(6).fill(0x41)];
    const job = only(Uint8Array.from([...image, 0x42, 0x0a]));
    expect(lines(job).map(lineText)).toEqual(['B']);
    expect(jobTranscript(job, 'x')).toContain('[raster image 16×3 dots]');
  });

  it('skips ESC * bit images and ESC D tab stops by their own lengths', () => {
    const bytes = [0x1b, 0x2a, 0x21, 0x02, 0x00, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x1b, 0x44, 0x41, 0x42, 0x00, 0x43, 0x0a];
    const job = only(Uint8Array.from(bytes));
    expect(lines(job).map(lineText)).toEqual(['C']);
    expect(jobTranscript(job, 'x')).toContain('[bit image 2 dots wide]');
  });

  it('logs a command cut off by the end of the stream', () => {
    const job = only(Uint8Array.from([0x41, 0x1d, 0x28, 0x6b, 0x10, 0x00, 0x31]));
    expect(jobTranscript(job, 'x')).toContain('[truncated GS (]');
  });
});

describe('garbage in', () => {
  it('never throws and finishes promptly on arbitrary bytes, in arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (chunks) => {
        const started = performance.now();
        const decoder = new EscPosDecoder();
        for (const chunk of chunks) decoder.push(chunk);
        const events = decoder.end();
        for (const e of events) if (e.type === 'job') jobTranscript(e.job, 'fuzz');
        // A bound against hangs, generous enough for any machine.
        expect(performance.now() - started).toBeLessThan(5_000);
      }),
      { numRuns: 400 },
    );
  });

  it('survives bytes biased towards command prefixes', () => {
    const byte = fc.oneof(fc.constantFrom(0x1b, 0x1d, 0x1c, 0x10, 0x04, 0x28, 0x6b, 0x56, 0x0a, 0x00, 0xff), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 400 }), (bytes) => {
        expect(() => decodeEscPos(Uint8Array.from(bytes))).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it('draws whatever a garbage job decodes to, without throwing', () => {
    const byte = fc.oneof(fc.constantFrom(0x1b, 0x1d, 0x21, 0x61, 0x45, 0x28, 0x6b, 0x0a, 0x41, 0xd5, 0xb5), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 300 }), (bytes) => {
        for (const job of decodeEscPos(Uint8Array.from(bytes)).jobs) expect(renderJob(job).subarray(1, 4).toString()).toBe('PNG');
      }),
      { numRuns: 25 },
    );
  });

  it('does not buffer a huge declared image: skips it as it streams past', () => {
    const decoder = new EscPosDecoder();
    decoder.push(Uint8Array.from([0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff]));
    for (let k = 0; k < 100; k++) expect(decoder.push(new Uint8Array(65_536).fill(0x41))).toEqual([]);
  });
});
