/**
 * A card reader on a HID POS bar code scanner (usage page 0x8C, usage 0x02;
 * reference §2.1, and §2.3 option 2 for imagers that also OCR the MRZ).
 * Report parsing and reassembly of multi-report scans are the transport's
 * (drivers/transport/hid-pos-scanner.ts); a scan arrives whole, with its AIM
 * symbology identifier, so no idle-gap framing is needed here: each scan is
 * parsed (a `]Q` symbology goes to the QR parser) and paired exactly as on
 * the serial reader (scan-pairing.ts).
 *
 * A report that breaks a scan (wrong length, a continuation that never came)
 * is reported as `card.unreadable` so the citizen is asked to try again; a
 * report that is not scanned data (status, trigger) is not the citizen's
 * business and is ignored.
 */
import type { TransportCloseReason } from '../transport/byte-transport.ts';
import type { HidPosReportError, HidPosScan } from '../transport/hid-pos-report.ts';
import type { HidPosScanner } from '../transport/hid-pos-scanner.ts';
import { readFailed } from './card-read.ts';
import { kioskToday, type CardReadEvent, type CardReader, type CardReaderState, type Today } from './card-reader.ts';
import { realSchedule, type Schedule } from '../../common/timers.ts';
import { ReaderConnection, ReaderEvents } from './reader-events.ts';
import { ScanPairer, parseScan } from './scan-pairing.ts';

/** What the reader needs of the scanner; HidPosScanner is one. */
export type ScanSource = Pick<HidPosScanner, 'isOpen' | 'open' | 'close' | 'onScan' | 'onError' | 'onClose'>;

export interface HidCardReaderOptions {
  readonly scanner: ScanSource;
  readonly today?: Today;
  readonly schedule?: Schedule;
  /** As on the serial reader (scan-pairing.ts); default 600 ms. */
  readonly pairWindowMs?: number;
}

/** Reports that are no scan at all, rather than a scan that broke. */
const NOT_A_SCAN: ReadonlySet<string> = new Set(['scanner.unexpected_report_id', 'scanner.empty_report']);

export class HidCardReader implements CardReader {
  readonly driver = 'hid-pos';
  readonly #scanner: ScanSource;
  readonly #today: Today;
  readonly #events = new ReaderEvents(this.driver);
  readonly #pairer: ScanPairer;
  readonly #connection: ReaderConnection;

  constructor(options: HidCardReaderOptions) {
    this.#scanner = options.scanner;
    this.#connection = new ReaderConnection(this.#scanner, this.#events);
    this.#today = options.today ?? (() => kioskToday());
    this.#pairer = new ScanPairer({
      windowMs: options.pairWindowMs ?? 600,
      schedule: options.schedule ?? realSchedule,
      report: (result, scans) => this.#events.report(result, scans),
    });
  }

  state(): CardReaderState {
    return this.#events.state;
  }

  onCard(listener: (event: CardReadEvent) => void): () => void {
    return this.#events.onCard(listener);
  }

  onStatus(listener: (state: CardReaderState) => void): () => void {
    return this.#events.onStatus(listener);
  }

  open(): Promise<void> {
    return this.#connection.open(() => [
      this.#scanner.onScan((scan) => this.#onScan(scan)),
      this.#scanner.onError((error) => this.#onReportError(error)),
      this.#scanner.onClose((reason) => this.#onClose(reason)),
    ]);
  }

  async close(): Promise<void> {
    this.#pairer.discard();
    await this.#connection.close();
  }

  #onScan(scan: HidPosScan): void {
    this.#pairer.accept(parseScan(scan.text, this.#today(), scan.symbology?.id ?? null));
  }

  #onReportError(error: HidPosReportError): void {
    if (NOT_A_SCAN.has(error.code)) return;
    // Keep the order the citizen presented things in: what was waiting goes first.
    this.#pairer.flush();
    this.#events.report(readFailed('card.unreadable', 'structure', `the scanner's report broke the scan (${error.code})`), []);
  }

  #onClose(reason: TransportCloseReason): void {
    this.#pairer.flush();
    this.#connection.lost(reason);
  }
}
