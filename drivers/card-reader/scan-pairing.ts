/**
 * From scans to reported card reads: parse each scan, and pair an MRZ with a
 * QR that arrives close behind it so the two are cross-checked (reference
 * §3.3: "Cross-check the serial value against the MRZ") before anything is
 * reported.
 *
 * Design: hold, don't retract. A scan (read or refused) waits up to
 * `windowMs` for a scan of the other symbol; the moment that arrives, the
 * pair is reported as one event, and if nothing arrives the single scan is
 * reported when the window closes. The alternative, reporting the first scan
 * at once and sending a correction if its pair disagrees, would make the
 * session act on a read (show the name, start the finger capture) and then
 * undo it; a fraction of a second of waiting is cheaper than that state. A
 * reader that can only ever deliver one symbol (an MRZ-only OCR reader)
 * should be configured with `windowMs: 0`, which reports every scan at once.
 *
 * How a pair is judged (pairResults):
 *  - both read: crossCheck, so a disagreement is `card.mismatch`;
 *  - one read, the other refused as a misread (a retryable code:
 *    unreadable, check digit, RUN): the good one is reported, as if read
 *    alone; a worn MRZ must not spoil a clean QR;
 *  - one read, the other refused for what the card is (expired, not a
 *    Chilean ID): the two symbols tell different stories, `card.mismatch`;
 *  - both refused: the refusal about the card (non-retryable) wins, else the MRZ's.
 * The same symbol again with the same text while waiting is the imager
 * re-reading a card that is still there (continuous mode) and is dropped;
 * with different text it is another card, and the waiting scan is reported
 * alone first.
 */
import { readFailed, type CardParseResult } from './card-read.ts';
import type { ScanInfo, ScanSymbol } from './card-reader.ts';
import type { Schedule } from '../../common/timers.ts';
import { parseCedulaQr } from './cedula-qr.ts';
import { cardSymbol, crossCheck } from './cross-check.ts';
import { parseMrz } from './mrz.ts';

export interface ParsedScan {
  readonly info: ScanInfo;
  /** Kept only while the scan waits for its pair, to recognise a repeat; never reported. */
  readonly text: string;
  readonly result: CardParseResult;
}

const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * `aim` is the identifier a HID POS report carries beside the data (§2.1);
 * a serial reader configured to send it puts it in front of the text, where
 * it is picked up here. A QR symbology (`]Q…`) goes to the QR parser even
 * when the text is not a URL, so a foreign QR is named for what it is.
 */
export function parseScan(text: string, today: string, aim: string | null = null): ParsedScan {
  // eslint-disable-next-line no-control-regex -- leading C0 controls are framing
  const identifier = aim ?? AIM_PREFIX.exec(text.replace(/^[\s\u0000-\u001f]+/, ''))?.[0] ?? null;
  const symbol: ScanSymbol = identifier?.startsWith(']Q') ? 'qr' : cardSymbol(text);
  const result = symbol === 'qr' ? parseCedulaQr(text, { today }) : parseMrz(text, { today });
  return { info: { symbol, aim: identifier, length: text.length }, text, result };
}

/** A scan refused before parsing (over-long, or framing the reader broke off). */
export function refusedScan(info: ScanInfo, detail: string): ParsedScan {
  return { info, text: '', result: readFailed('card.unreadable', 'structure', detail) };
}

export function pairResults(mrz: CardParseResult, qr: CardParseResult): CardParseResult {
  if (mrz.ok && qr.ok) return crossCheck(mrz.value, qr.value);
  if (mrz.ok !== qr.ok) {
    const [good, bad] = mrz.ok ? [mrz, qr] : [qr, mrz];
    if (bad.ok) return good; // unreachable; narrows the type
    return bad.error.retryable ? good : readFailed('card.mismatch', bad.error.field, `one symbol reads, the other is refused as ${bad.error.code}`);
  }
  if (!mrz.ok && !mrz.error.retryable) return mrz;
  if (!qr.ok && !qr.error.retryable) return qr;
  return mrz;
}

export interface ScanPairingOptions {
  readonly windowMs: number;
  readonly schedule: Schedule;
  readonly report: (result: CardParseResult, scans: readonly ScanInfo[]) => void;
}

export class ScanPairer {
  readonly #options: ScanPairingOptions;
  #pending: { scan: ParsedScan; cancel: () => void } | null = null;

  constructor(options: ScanPairingOptions) {
    if (!Number.isFinite(options.windowMs) || options.windowMs < 0) throw new RangeError(`pairing window ${options.windowMs} ms is not a duration`);
    this.#options = options;
  }

  accept(scan: ParsedScan): void {
    const pending = this.#pending;
    if (pending === null) {
      if (this.#options.windowMs === 0) return this.#reportOne(scan);
      this.#hold(scan);
      return;
    }
    if (pending.scan.info.symbol === scan.info.symbol) {
      if (pending.scan.text === scan.text) return;
      this.flush();
      this.#hold(scan);
      return;
    }
    this.#take();
    const [mrz, qr] = scan.info.symbol === 'qr' ? [pending.scan, scan] : [scan, pending.scan];
    this.#options.report(pairResults(mrz.result, qr.result), [pending.scan.info, scan.info]);
  }

  /** Reports the waiting scan now (its window closed, or the reader lost its device after a complete scan). */
  flush(): void {
    const scan = this.#take();
    if (scan) this.#reportOne(scan);
  }

  /** Forgets the waiting scan (the reader was closed). */
  discard(): void {
    this.#take();
  }

  #hold(scan: ParsedScan): void {
    const cancel = this.#options.schedule(() => this.flush(), this.#options.windowMs);
    this.#pending = { scan, cancel };
  }

  #take(): ParsedScan | null {
    const pending = this.#pending;
    this.#pending = null;
    pending?.cancel();
    return pending?.scan ?? null;
  }

  #reportOne(scan: ParsedScan): void {
    this.#options.report(scan.result, [scan.info]);
  }
}
