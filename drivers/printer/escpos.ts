/**
 * ESC/POS codec for the receipt printer: layout → bytes with
 * @point-of-sale/receipt-printer-encoder (reference §4.3), and the real-time
 * status requests and answers (DLE EOT, reference §4.1). Pure: no I/O.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { PrinterError } from './printer-errors.ts';
import type { Align, ReceiptLayout } from './receipt-layout.ts';

const ESC = 0x1b;
const DLE = 0x10;
const EOT = 0x04;

/** ESC a n (reference §4.1): 0 left, 1 centre, 2 right. */
const ALIGN_BYTE: Readonly<Record<Align, number>> = { left: 0, center: 1, right: 2 };

/**
 * Layout → ESC/POS: ESC @, ESC t 19 (CP858, reference §4.2), text with
 * ESC E / GS ! / ESC a, QR through GS ( k model 2, then a feed and a partial
 * cut (GS V 1).
 *
 * Alignment is sent as ESC a rather than through the encoder's `align()`,
 * which pads text lines with spaces and only sends ESC a for QR codes and
 * images: with ESC a the printer centres each line itself, whatever the
 * character size, and the simulator (and a test) can read the alignment back.
 * The encoder re-sends ESC t after raw bytes, which costs 3 bytes per change
 * of alignment. Lines are already wrapped by the layout, so the encoder's own
 * wrapping never triggers.
 */
export function encodeReceipt(layout: ReceiptLayout): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48, newline: '\n', codepageMapping: 'epson', errors: 'strict' });
  encoder.initialize().codepage('cp858');
  let align: Align = 'left'; // ESC @ resets alignment to left
  const setAlign = (next: Align) => {
    if (next !== align) encoder.raw([ESC, 0x61, ALIGN_BYTE[next]]);
    align = next;
  };
  for (const block of layout.blocks) {
    switch (block.kind) {
      case 'text':
        setAlign(block.align);
        encoder.bold(block.bold).size(block.size.width, block.size.height);
        for (const line of block.lines) encoder.text(line).newline();
        encoder.bold(false).size(1, 1);
        break;
      case 'rule':
        setAlign('left');
        encoder.text('-'.repeat(layout.columns)).newline();
        break;
      case 'feed':
        encoder.newline(block.lines);
        break;
      case 'qr':
        setAlign(block.align);
        encoder.qrcode(block.data, { model: 2, size: block.moduleSize, errorlevel: block.errorLevel });
        break;
      case 'cut':
        setAlign('left');
        encoder.newline(block.feedLines).cut('partial');
        break;
    }
  }
  const bytes = encoder.encode();
  // The encoder ends every line it flushes with LF, the cut's too; that LF would feed one blank line
  // at the top of the next receipt, after the cut, so it is dropped.
  const end = bytes.length;
  const endsWithCutLf = end >= 4 && bytes[end - 4] === 0x1d && bytes[end - 3] === 0x56 && bytes[end - 1] === 0x0a;
  return endsWithCutLf ? bytes.subarray(0, end - 1) : bytes;
}

/** DLE EOT n (reference §4.1): 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export type StatusRequestKind = 1 | 2 | 3 | 4;

export function statusRequest(n: StatusRequestKind): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

export interface PrinterStatus {
  readonly online: boolean;
  readonly coverOpen: boolean;
  readonly paperOut: boolean;
  readonly paperNearEnd: boolean;
  /** An error latched (cutter jam, head overheated…): DLE EOT 2 bit 6. */
  readonly error: boolean;
}

/**
 * Every DLE EOT answer has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0 (Epson
 * ESC/POS command reference, DLE EOT): `0x12` is an all-clear answer. A byte
 * without that frame is not a status answer, whatever else it is.
 */
const FIXED_MASK = 0x93;
const FIXED_BITS = 0x12;

/** Bits of each answer, Epson ESC/POS command reference (DLE EOT); n = 4 as in reference §4.1. */
const BIT = {
  printerOffline: 0x08, // n=1 bit 3
  coverOpen: 0x04, // n=2 bit 2
  stoppedAtPaperEnd: 0x20, // n=2 bit 5
  errorOccurred: 0x40, // n=2 bit 6
  paperNearEnd: 0x0c, // n=4 bits 2–3
  paperOut: 0x60, // n=4 bits 5–6
} as const;

export function isStatusByte(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & FIXED_MASK) === FIXED_BITS;
}

export interface StatusAnswers {
  /** Answer to DLE EOT 1. */
  readonly printer: number;
  /** Answer to DLE EOT 2. */
  readonly offlineCause: number;
  /** Answer to DLE EOT 4. */
  readonly paperSensor: number;
}

/**
 * The three answers → a status. Epson sets both bits of a pair (`0x0C` near
 * end, `0x60` paper out); some clones set only one, so either bit counts.
 * Throws `printer.bad_status` when a byte is not a status answer.
 */
export function parseStatus(answers: StatusAnswers): PrinterStatus {
  for (const [name, byte] of Object.entries(answers)) {
    if (!isStatusByte(byte)) {
      throw new PrinterError('printer.bad_status', 'status', `answer to ${name} request is 0x${Number(byte).toString(16).padStart(2, '0')}, not a status byte`);
    }
  }
  const { printer, offlineCause, paperSensor } = answers;
  return {
    online: (printer & BIT.printerOffline) === 0,
    coverOpen: (offlineCause & BIT.coverOpen) !== 0,
    paperOut: (paperSensor & BIT.paperOut) !== 0 || (offlineCause & BIT.stoppedAtPaperEnd) !== 0,
    paperNearEnd: (paperSensor & BIT.paperNearEnd) !== 0,
    error: (offlineCause & BIT.errorOccurred) !== 0,
  };
}

/**
 * What an Epson printer in this condition answers to DLE EOT n: used by the
 * simulated printer. A printer with its cover open or out of paper is also
 * offline (it stops printing), as the real ones report.
 */
export function statusAnswer(n: StatusRequestKind, status: PrinterStatus): number {
  switch (n) {
    case 1:
      return FIXED_BITS | (status.online ? 0 : BIT.printerOffline);
    case 2:
      return FIXED_BITS | (status.coverOpen ? BIT.coverOpen : 0) | (status.paperOut ? BIT.stoppedAtPaperEnd : 0) | (status.error ? BIT.errorOccurred : 0);
    case 3:
      return FIXED_BITS; // error cause: no cutter or unrecoverable error simulated
    case 4:
      return FIXED_BITS | (status.paperNearEnd || status.paperOut ? BIT.paperNearEnd : 0) | (status.paperOut ? BIT.paperOut : 0);
  }
}

/** Why a printer in this condition must not be sent a job, most specific first; null when it may print. */
export function notReadyReason(status: PrinterStatus): 'printer.cover_open' | 'printer.paper_out' | 'printer.offline' | null {
  if (status.coverOpen) return 'printer.cover_open';
  if (status.paperOut) return 'printer.paper_out';
  if (!status.online || status.error) return 'printer.offline';
  return null;
}
