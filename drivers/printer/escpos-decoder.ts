/**
 * ESC/POS decoder: what a printer makes of the bytes it is sent. Pure and
 * incremental (bytes in, events out, no I/O), so the simulated printer can
 * feed it whatever a socket or a pty delivers, in chunks of any size, and a
 * test can feed it anything at all. Commands per reference §4.1 (Epson
 * ESC/POS); the ones a receipt never uses are skipped by their declared length
 * and logged, so they cannot be misread as text. Unknown commands are logged
 * as `[unknown ESC x]` and skipped; nothing a sender does makes it throw.
 */
import { CODE_PAGES, type CodePage } from './code-pages.ts';
import type { Align } from './receipt-layout.ts';

export interface TextSegment {
  readonly text: string;
  readonly bold: boolean;
  readonly underline: boolean;
  readonly invert: boolean;
  /** GS ! magnification, 1–8. */
  readonly width: number;
  readonly height: number;
  readonly font: 'A' | 'B';
}
/** A printed line; no segments means a blank line (a bare LF). */
export interface PrintedLine {
  readonly kind: 'text';
  readonly align: Align;
  readonly segments: readonly TextSegment[];
}
export interface PrintedQr {
  readonly kind: 'qr';
  readonly align: Align;
  readonly data: string;
  readonly model: 1 | 2;
  readonly moduleSize: number;
  readonly errorLevel: 'L' | 'M' | 'Q' | 'H';
}
/** Something the printer did not print as text: `[unknown ESC x]`, a barcode, an ignored command. */
export interface DecoderNote {
  readonly kind: 'note';
  readonly text: string;
}
export type PrintedItem = PrintedLine | PrintedQr | DecoderNote;

export interface DecodedJob {
  readonly items: readonly PrintedItem[];
  /** How the job ended: a cut, or the sender closing the connection (`null`). */
  readonly cut: 'full' | 'partial' | null;
  readonly byteCount: number;
}

export type DecoderEvent = { readonly type: 'status-request'; readonly n: number } | { readonly type: 'job'; readonly job: DecodedJob };

const LF = 0x0a;
const CR = 0x0d;
const HT = 0x09;
const DLE = 0x10;
const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;

const PAPER_DOTS = 576; // 80 mm at 203 dpi
const FONT_DOTS = { A: 12, B: 9 } as const;
/** A job longer than this is split: a sender that never cuts must not grow the simulator without bound. */
const MAX_ITEMS_PER_JOB = 5000;
const ALIGNS: readonly Align[] = ['left', 'center', 'right'];
const QR_LEVELS = ['L', 'M', 'Q', 'H'] as const;

/** ESC commands of fixed length (bytes including ESC and the command byte). */
const ESC_LENGTHS: Readonly<Record<string, number>> = {
  '@': 2,
  E: 3,
  G: 3,
  '-': 3,
  '!': 3,
  a: 3,
  t: 3,
  M: 3,
  d: 3,
  J: 3,
  K: 3,
  e: 3,
  '2': 2,
  '3': 3,
  R: 3,
  '4': 3,
  p: 5,
  '{': 3,
  V: 3,
  ' ': 3,
  $: 4,
  '\\': 4,
  c: 4,
  U: 3,
  '=': 3,
  L: 2,
  S: 2,
  T: 3,
  W: 10,
  i: 2,
  m: 2,
  r: 3,
  '%': 3,
  '?': 3,
};
/** GS commands with one parameter byte that a receipt can ignore (barcode geometry, ASB, status transmission…). */
const GS_ONE_PARAM = new Set('hwHfarIbT/'.split('').map((c) => c.charCodeAt(0)));
const GS_TWO_PARAMS = new Set('LWP$\\'.split('').map((c) => c.charCodeAt(0)));

const show = (byte: number) => (byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `0x${byte.toString(16).padStart(2, '0')}`);
const u16 = (buf: Uint8Array, at: number) => buf[at]! | (buf[at + 1]! << 8);

interface Style {
  bold: boolean;
  underline: boolean;
  invert: boolean;
  width: number;
  height: number;
  font: 'A' | 'B';
}
const initialStyle = (): Style => ({ bold: false, underline: false, invert: false, width: 1, height: 1, font: 'A' });

/** Parsing a command: bytes consumed, or `need` when the buffer ends inside it. */
const NEED = -1;

export class EscPosDecoder {
  #pending: Uint8Array = new Uint8Array(0);
  /** Bytes still to discard from a long command (raster image, graphics) without buffering them. */
  #skip = 0;
  #events: DecoderEvent[] = [];
  #items: PrintedItem[] = [];
  #segments: TextSegment[] = [];
  #lineDots = 0;
  #lineAlign: Align = 'left';
  #align: Align = 'left';
  #style: Style = initialStyle();
  #codePage: CodePage | null = CODE_PAGES.get(0)!;
  #qr = { data: null as string | null, model: 2 as 1 | 2, moduleSize: 3, errorLevel: 'L' as PrintedQr['errorLevel'] };
  /** Stream offsets: of the first unconsumed byte, of the command being read, of the current job's first byte. */
  #consumed = 0;
  #at = 0;
  #jobStart = 0;

  /** Feed bytes; returns what they caused, in order. Status requests come out as soon as their third byte arrives. */
  push(chunk: Uint8Array): DecoderEvent[] {
    let bytes = chunk;
    if (this.#skip > 0) {
      const skipped = Math.min(this.#skip, bytes.length);
      this.#skip -= skipped;
      this.#consumed += skipped;
      bytes = bytes.subarray(skipped);
    }
    const buf = this.#pending.length > 0 ? concat(this.#pending, bytes) : bytes;
    let i = 0;
    while (i < buf.length) {
      this.#at = this.#consumed + i;
      const used = this.#step(buf, i);
      if (used === NEED) break;
      i += used;
      if (this.#skip > 0) {
        const skipped = Math.min(this.#skip, buf.length - i);
        this.#skip -= skipped;
        i += skipped;
      }
    }
    this.#consumed += i;
    this.#pending = buf.slice(i);
    return this.#drain();
  }

  /** The sender is done (connection closed): an unfinished command is logged, unprinted content becomes a job. */
  end(): DecoderEvent[] {
    this.#at = this.#consumed + this.#pending.length;
    if (this.#pending.length > 0) {
      const [first, second] = this.#pending;
      this.#note(`[truncated ${first === ESC ? 'ESC' : first === GS ? 'GS' : first === FS ? 'FS' : 'DLE'} ${show(second ?? 0)}]`);
      this.#consumed = this.#at;
      this.#pending = new Uint8Array(0);
    }
    this.#skip = 0;
    this.#finishJob(null, this.#at);
    return this.#drain();
  }

  #drain(): DecoderEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #step(buf: Uint8Array, i: number): number {
    const b = buf[i]!;
    if (b === LF) return (this.#endLine(), 1);
    if (b === CR) return 1; // LF alone advances the line on ESC/POS printers (reference §4.1)
    if (b === HT) return (this.#text(' '.repeat(8 - (Math.round(this.#lineDots / FONT_DOTS.A) % 8))), 1);
    if (b === ESC) return this.#esc(buf, i);
    if (b === GS) return this.#gs(buf, i);
    if (b === FS) return this.#fs(buf, i);
    if (b === DLE) return this.#dle(buf, i);
    if (b < 0x20 || b === 0x7f) return (this.#note(`[unknown byte ${show(b)}]`), 1);
    let end = i;
    while (end < buf.length && buf[end]! >= 0x20 && buf[end] !== 0x7f) end++;
    const table = this.#codePage;
    let text = '';
    for (let k = i; k < end; k++) text += table ? table.chars[buf[k]!]! : buf[k]! < 0x80 ? String.fromCharCode(buf[k]!) : '?';
    this.#text(text);
    return end - i;
  }

  #esc(buf: Uint8Array, i: number): number {
    if (i + 1 >= buf.length) return NEED;
    const cmd = String.fromCharCode(buf[i + 1]!);
    if (cmd === 'D') {
      // ESC D n1…nk NUL: horizontal tab stops, at most 32.
      const nul = buf.subarray(i + 2, i + 35).indexOf(0);
      return nul >= 0 ? nul + 3 : buf.length - i >= 35 ? (this.#note('[ESC D without terminator]'), 2) : NEED;
    }
    if (cmd === '*') {
      // ESC * m nL nH d…: bit image, nL + nH×256 columns of 1 byte (8-dot modes 0, 1) or 3 bytes (24-dot modes 32, 33).
      if (i + 4 >= buf.length) return NEED;
      const columns = u16(buf, i + 3);
      return this.#skipBytes(`[bit image ${columns} dots wide]`, 5, columns * (buf[i + 2]! >= 32 ? 3 : 1));
    }
    const length = ESC_LENGTHS[cmd];
    if (length === undefined) return (this.#note(`[unknown ESC ${show(buf[i + 1]!)}]`), 2);
    if (i + length > buf.length) return NEED;
    const n = buf[i + 2] ?? 0;
    switch (cmd) {
      case '@':
        this.#reset();
        break;
      case 'E':
      case 'G':
        this.#style.bold = (n & 1) === 1;
        break;
      case '-':
        this.#style.underline = (n & 3) !== 0;
        break;
      case '!': // print mode: bit 0 font B, bit 3 emphasised, bit 4 double height, bit 5 double width, bit 7 underline
        Object.assign(this.#style, {
          font: n & 1 ? 'B' : 'A',
          bold: (n & 8) !== 0,
          height: n & 0x10 ? 2 : 1,
          width: n & 0x20 ? 2 : 1,
          underline: (n & 0x80) !== 0,
        });
        break;
      case 'M':
        this.#style.font = (n & 1) === 1 ? 'B' : 'A';
        break;
      case 'a': {
        const align = ALIGNS[n >= 0x30 ? n - 0x30 : n];
        if (!align) this.#note(`[ESC a ${n} out of range]`);
        else if (this.#segments.length > 0) this.#note('[ESC a ignored: not at the start of a line]');
        else this.#align = align;
        break;
      }
      case 't':
        this.#codePage = CODE_PAGES.get(n) ?? null;
        if (!this.#codePage) this.#note(`[code page ${n} not simulated]`);
        break;
      case 'd':
        this.#feed(n);
        break;
      case 'J':
        if (this.#segments.length > 0) this.#endLine();
        break;
      case 'p':
        this.#note('[cash drawer pulse]');
        break;
    }
    return length;
  }

  #gs(buf: Uint8Array, i: number): number {
    if (i + 1 >= buf.length) return NEED;
    const cmd = buf[i + 1]!;
    const c = String.fromCharCode(cmd);
    if (GS_ONE_PARAM.has(cmd)) return i + 2 < buf.length ? 3 : NEED;
    if (GS_TWO_PARAMS.has(cmd)) return i + 3 < buf.length ? 4 : NEED;
    if (c === '!' || c === 'B') {
      if (i + 2 >= buf.length) return NEED;
      const n = buf[i + 2]!;
      if (c === 'B') this.#style.invert = (n & 1) === 1;
      else if ((n & 0x88) !== 0) this.#note(`[GS ! 0x${n.toString(16)} out of range]`);
      else Object.assign(this.#style, { width: (n >> 4) + 1, height: (n & 0x0f) + 1 });
      return 3;
    }
    if (c === 'V') return this.#cut(buf, i);
    if (c === '(') {
      if (i + 4 >= buf.length) return NEED;
      const length = u16(buf, i + 3);
      if (buf[i + 2] !== 0x6b) return this.#skipBytes(`[GS ( ${show(buf[i + 2]!)} skipped]`, 5, length);
      if (i + 5 + length > buf.length) return NEED;
      this.#symbol(buf.subarray(i + 5, i + 5 + length));
      return 5 + length;
    }
    if (c === 'k') return this.#barcode(buf, i);
    if (c === 'v') {
      if (i + 7 >= buf.length) return NEED;
      const width = u16(buf, i + 4) * 8;
      const height = u16(buf, i + 6);
      return this.#skipBytes(`[raster image ${width}×${height} dots]`, 8, (width / 8) * height);
    }
    if (c === '8') {
      if (i + 6 >= buf.length) return NEED;
      const length = buf[i + 3]! + (buf[i + 4]! << 8) + (buf[i + 5]! << 16) + buf[i + 6]! * 0x1000000;
      return this.#skipBytes('[graphics data skipped]', 7, length);
    }
    return (this.#note(`[unknown GS ${show(cmd)}]`), 2);
  }

  #fs(buf: Uint8Array, i: number): number {
    if (i + 1 >= buf.length) return NEED;
    const cmd = String.fromCharCode(buf[i + 1]!);
    // FS . and FS & switch Kanji mode off/on: single-byte text either way here (reference §4.1).
    const length = ({ '.': 2, '&': 2, '!': 3, '-': 3, C: 3, W: 3, S: 4, p: 4 } as Record<string, number>)[cmd];
    if (length === undefined) return (this.#note(`[unknown FS ${show(buf[i + 1]!)}]`), 2);
    return i + length <= buf.length ? length : NEED;
  }

  #dle(buf: Uint8Array, i: number): number {
    if (i + 1 >= buf.length) return NEED;
    const cmd = buf[i + 1]!;
    if (cmd !== 0x04 && cmd !== 0x05) return (this.#note(`[unknown DLE ${show(cmd)}]`), 2);
    if (i + 2 >= buf.length) return NEED;
    const n = buf[i + 2]!;
    // DLE EOT 1–4 are real-time status requests: the sender waits for one byte back (reference §4.1).
    if (cmd === 0x04 && n >= 1 && n <= 4) this.#events.push({ type: 'status-request', n });
    else if (cmd === 0x04) this.#note(`[DLE EOT ${n} not simulated]`);
    return 3;
  }

  /** GS V m [n] (reference §4.1): 0/48 full, 1/49 partial; 65/66 feed n then cut. The cut ends the job. */
  #cut(buf: Uint8Array, i: number): number {
    if (i + 2 >= buf.length) return NEED;
    const m = buf[i + 2]!;
    const withFeed = m === 65 || m === 66 || m === 97 || m === 98;
    if (withFeed && i + 3 >= buf.length) return NEED;
    const kind = m === 0 || m === 48 || m === 65 || m === 97 ? 'full' : m === 1 || m === 49 || m === 66 || m === 98 ? 'partial' : null;
    if (!kind) return (this.#note(`[GS V ${m} not simulated]`), 3);
    const length = withFeed ? 4 : 3;
    this.#finishJob(kind, this.#at + length);
    return length;
  }

  /** GS ( k: cn 0x31 is QR (store with fn 0x50, print with 0x51); cn 0x30 PDF417 is only logged. */
  #symbol(payload: Uint8Array): void {
    const [cn, fn, p1 = 0] = payload;
    if (cn !== 0x31) return this.#note(`[2D symbol cn=${show(cn ?? 0)} not simulated]`);
    if (fn === 0x41) this.#qr.model = p1 === 0x31 ? 1 : 2;
    else if (fn === 0x43) {
      if (p1 >= 1 && p1 <= 16) this.#qr.moduleSize = p1;
      else this.#note(`[QR module size ${p1} out of range]`);
    } else if (fn === 0x45) {
      const level = QR_LEVELS[p1 - 0x30];
      if (level) this.#qr.errorLevel = level;
      else this.#note(`[QR error level ${p1} out of range]`);
    } else if (fn === 0x50 && p1 === 0x30)
      this.#qr.data = String.fromCharCode(...payload.subarray(3)); // ISO-8859-1 bytes (reference §4.2)
    else if (fn === 0x51) {
      if (this.#qr.data === null) return this.#note('[QR print with no data stored]');
      if (this.#segments.length > 0) this.#endLine();
      const { data, model, moduleSize, errorLevel } = this.#qr;
      this.#add({ kind: 'qr', align: this.#align, data, model, moduleSize, errorLevel });
    } else this.#note(`[QR function ${show(fn ?? 0)} not simulated]`);
  }

  /** GS k m …: m 0–6 NUL-terminated, m 65–73 with a length byte (reference §4.1). Logged, not drawn. */
  #barcode(buf: Uint8Array, i: number): number {
    if (i + 2 >= buf.length) return NEED;
    const m = buf[i + 2]!;
    if (m <= 6) {
      const nul = buf.indexOf(0, i + 3);
      if (nul < 0) return buf.length - i > 260 ? (this.#note('[barcode without terminator]'), 3) : NEED;
      this.#note(`[barcode ${m} "${String.fromCharCode(...buf.subarray(i + 3, nul))}"]`);
      return nul + 1 - i;
    }
    if (i + 3 >= buf.length) return NEED;
    const n = buf[i + 3]!;
    if (i + 4 + n > buf.length) return NEED;
    this.#note(`[barcode ${m} "${String.fromCharCode(...buf.subarray(i + 4, i + 4 + n))}"]`);
    return 4 + n;
  }

  /** Consume a command header and arrange for its body to be skipped without buffering it. */
  #skipBytes(note: string, header: number, body: number): number {
    this.#note(note);
    this.#skip = body;
    return header;
  }

  #charDots(): number {
    return FONT_DOTS[this.#style.font] * this.#style.width;
  }

  #text(text: string): void {
    for (const char of text) {
      // Past the right edge the printer starts a new line by itself.
      if (this.#lineDots + this.#charDots() > PAPER_DOTS && this.#segments.length > 0) this.#endLine();
      if (this.#segments.length === 0) this.#lineAlign = this.#align;
      const last = this.#segments.at(-1);
      const s = this.#style;
      if (
        last &&
        last.bold === s.bold &&
        last.underline === s.underline &&
        last.invert === s.invert &&
        last.width === s.width &&
        last.height === s.height &&
        last.font === s.font
      ) {
        this.#segments[this.#segments.length - 1] = { ...last, text: last.text + char };
      } else this.#segments.push({ text: char, ...s });
      this.#lineDots += this.#charDots();
    }
  }

  #endLine(): void {
    this.#add({ kind: 'text', align: this.#segments.length > 0 ? this.#lineAlign : this.#align, segments: this.#segments });
    this.#segments = [];
    this.#lineDots = 0;
  }

  #feed(lines: number): void {
    if (this.#segments.length > 0) {
      this.#endLine();
      lines--;
    }
    for (let k = 0; k < lines; k++) this.#endLine();
  }

  #note(text: string): void {
    this.#add({ kind: 'note', text });
  }

  #add(item: PrintedItem): void {
    this.#items.push(item);
    if (this.#items.length >= MAX_ITEMS_PER_JOB) {
      this.#items.push({ kind: 'note', text: '[job too long: split here]' });
      this.#finishJob(null, this.#at);
    }
  }

  /** ESC @: modes back to power-on defaults and the line buffer cleared; stored QR data survives, as on Epson printers. */
  #reset(): void {
    this.#segments = [];
    this.#lineDots = 0;
    this.#align = 'left';
    this.#style = initialStyle();
    this.#codePage = CODE_PAGES.get(0)!;
  }

  #finishJob(cut: DecodedJob['cut'], end: number): void {
    if (this.#segments.length > 0) this.#endLine();
    const items = this.#items;
    this.#items = [];
    const printable = items.some((item) => item.kind !== 'text' || item.segments.some((s) => s.text.trim().length > 0));
    if (printable || cut) this.#events.push({ type: 'job', job: { items, cut, byteCount: end - this.#jobStart } });
    this.#jobStart = end;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Decode a whole byte stream at once (tests, tools): the status requests it carries and the jobs it prints. */
export function decodeEscPos(bytes: Uint8Array): { jobs: DecodedJob[]; statusRequests: number[] } {
  const decoder = new EscPosDecoder();
  const events = [...decoder.push(bytes), ...decoder.end()];
  return {
    jobs: events.flatMap((e) => (e.type === 'job' ? [e.job] : [])),
    statusRequests: events.flatMap((e) => (e.type === 'status-request' ? [e.n] : [])),
  };
}
