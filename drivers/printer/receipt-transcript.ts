/**
 * A decoded job as plain text, for people and tests to read: one printed line
 * per line, prefixed with its alignment (L, C, R), with style changes marked
 * inline: `{b 2x2}` starts bold double-size text, `{}` returns to plain. QR
 * codes show their data; everything the printer did not print as text
 * (`[unknown ESC x]`, barcodes…) appears as logged by the decoder.
 */
import type { DecodedJob, TextSegment } from './escpos-decoder.ts';

function styleTag(s: TextSegment): string {
  const parts = [
    s.bold ? 'b' : '',
    s.underline ? 'u' : '',
    s.invert ? 'inv' : '',
    s.font === 'B' ? 'fontB' : '',
    s.width !== 1 || s.height !== 1 ? `${s.width}x${s.height}` : '',
  ].filter((p) => p.length > 0);
  return `{${parts.join(' ')}}`;
}

export function jobTranscript(job: DecodedJob, name: string): string {
  const out = [`== ${name} · ${job.byteCount} bytes received ==`];
  for (const item of job.items) {
    if (item.kind === 'note') out.push(item.text);
    else if (item.kind === 'qr') {
      out.push(`${item.align[0]!.toUpperCase()} |[QR model ${item.model}, module ${item.moduleSize}, level ${item.errorLevel}] ${item.data}`);
    } else {
      let line = '';
      let tag = '{}';
      for (const segment of item.segments) {
        const next = styleTag(segment);
        if (next !== tag) line += next;
        tag = next;
        line += segment.text;
      }
      out.push(`${item.align[0]!.toUpperCase()} |${line}`);
    }
  }
  out.push(job.cut ? `== cut (${job.cut}) ==` : '== end of data (no cut) ==');
  return `${out.join('\n')}\n`;
}
