/**
 * Bytes from a serial (virtual COM) MRZ/QR reader → scans. Pure: the reader
 * calls `idle()` when its idle timer fires.
 *
 * What the wire looks like (reference §2.3): ASCII text, one line per MRZ
 * row terminated by CR, LF or CRLF, possibly framed by STX/ETX or a vendor
 * prefix/suffix, and a terminator after the last line; a QR arrives as one
 * line (the URL). Exact framing is vendor-specific and unverified for any
 * model, so the rules are:
 *
 *  - A scan ends on an idle gap (no byte for the reader's `idleGapMs`), on
 *    ETX (0x03) or EOT (0x04), or when STX (0x02) opens the next frame.
 *    Line ends do not end a scan: the three MRZ rows are separate lines,
 *    and vendor prefix/suffix lines belong to the scan they frame (the MRZ
 *    parser skips them, mrz-text.ts). A serial reader sends a scan in one
 *    burst (about 100 ms for an MRZ at 9600 baud), far shorter than a person
 *    takes to present the next card.
 *  - One burst may hold an MRZ and a QR back to back (a document reader
 *    decoding both symbols on the back of the card). A line that is a URL
 *    (`scheme://…`) is a scan of its own; the other lines around it are the
 *    MRZ scan. Pairing them is scan-pairing.ts's job.
 *  - `expectsMore()` tells the reader to allow a longer gap while a frame
 *    is open (STX seen, ETX not yet: the frame's end is explicit, the gap
 *    is only a guard against a lost ETX) and while the buffered text is MRZ
 *    characters only and shorter than a TD1 (3 × 30): "collect lines until
 *    you have 3×30" (§2.3) for readers that pause between rows.
 *  - Bytes are taken as ISO-8859-1, one character each, so a byte outside
 *    ASCII reaches the parsers, which refuse it, rather than vanishing in a
 *    UTF-8 decoder.
 *  - A scan longer than `maxScanBytes` is refused as a whole and the rest of
 *    its burst is dropped: a reader streaming noise (wrong line speed) must
 *    not grow a buffer without bound.
 */
import { MAX_MRZ_INPUT } from './mrz-text.ts';

const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;

export type FramedScan =
  | { readonly kind: 'text'; readonly text: string }
  /** Longer than maxScanBytes: nothing of it is parsed. */
  | { readonly kind: 'overflow'; readonly length: number };

export interface ScanFramerOptions {
  /** Default 4096, the MRZ parser's own input bound (mrz-text.ts). */
  readonly maxScanBytes?: number;
}

export class ScanFramer {
  readonly #maxScanBytes: number;
  #buffer = '';
  /** Dropping the rest of an over-long burst until the next gap or frame boundary. */
  #overflowed = false;
  /** STX seen and its ETX not yet. */
  #inFrame = false;

  constructor(options: ScanFramerOptions = {}) {
    this.#maxScanBytes = options.maxScanBytes ?? MAX_MRZ_INPUT;
  }

  /** Scans completed by a frame boundary in `chunk`; the rest waits for more bytes or `idle()`. */
  push(chunk: Uint8Array): FramedScan[] {
    const out: FramedScan[] = [];
    for (const byte of chunk) {
      if (byte === STX || byte === ETX || byte === EOT) {
        out.push(...this.#end());
        this.#inFrame = byte === STX;
        continue;
      }
      if (this.#overflowed) continue;
      this.#buffer += String.fromCharCode(byte);
      if (this.#buffer.length > this.#maxScanBytes) {
        out.push({ kind: 'overflow', length: this.#buffer.length });
        this.#buffer = '';
        this.#overflowed = true;
      }
    }
    return out;
  }

  /** The line went quiet: whatever is buffered is a complete burst. */
  idle(): FramedScan[] {
    return this.#end();
  }

  /** A burst is in progress (an open frame, or the dropped tail of an over-long one): the reader should arm its idle timer. */
  get hasPending(): boolean {
    return this.#buffer.length > 0 || this.#overflowed || this.#inFrame;
  }

  /** True inside an open frame, or while the buffer looks like the first rows of an MRZ: the reader should wait longer before `idle()`. */
  expectsMore(): boolean {
    if (this.#inFrame) return true;
    const rows = this.#buffer.split(/[\r\n]+/).filter((row) => row.trim() !== '');
    const chars = rows.reduce((n, row) => n + row.trim().length, 0);
    return rows.length > 0 && chars < 90 && rows.every((row) => /^[A-Z0-9<]{1,30}$/.test(row.trim()));
  }

  /** Drops a half-received scan (the device went away mid-burst). */
  reset(): void {
    this.#buffer = '';
    this.#overflowed = false;
    this.#inFrame = false;
  }

  #end(): FramedScan[] {
    const text = this.#buffer;
    this.reset();
    return splitSymbols(text).map((scan) => ({ kind: 'text', text: scan }));
  }
}

/**
 * A line that is a URL with an authority (`https://…`, after an optional AIM
 * identifier): the card's QR always is one. Stricter than looksLikeQr on
 * purpose: a vendor prefix line such as `MRZ:` also looks like a scheme.
 */
const URL_LINE = /^\s*(\][A-Za-z][0-9A-Za-z])?[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A burst → its scans: every URL line on its own, the other lines grouped in
 * order (an MRZ with its framing lines). Blank bursts (a stray CR) are no scan.
 */
export function splitSymbols(burst: string): string[] {
  const scans: string[] = [];
  let group: string[] = [];
  const endGroup = (): void => {
    if (group.some((line) => line.trim() !== '')) scans.push(group.join('\n'));
    group = [];
  };
  // eslint-disable-next-line no-control-regex -- C0 controls separate lines and frames
  for (const line of burst.split(/[\u0000-\u001f\u007f]+/)) {
    if (URL_LINE.test(line)) {
      endGroup();
      scans.push(line.trim());
    } else if (line.trim() !== '') {
      group.push(line);
    }
  }
  endGroup();
  return scans;
}
