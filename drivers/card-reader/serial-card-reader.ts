/**
 * A card reader on a ByteTransport: the virtual COM port of an MRZ/QR
 * reader (reference §2.3, option 1). Framing is scan-framer.ts, pairing of
 * MRZ and QR is scan-pairing.ts; this file owns the timers and the device
 * state.
 *
 * States: `ready` while the transport is open; `not-connected` before open,
 * after close and after the device went away (transport closed as
 * 'disconnected'); `needs-attention` after an I/O error or when the port
 * exists but refuses us (reader-events.ts). Reconnecting is the device
 * manager's call: `open()` again once the port is back.
 */
import type { ByteTransport, TransportCloseReason } from '../transport/byte-transport.ts';
import { kioskToday, type CardReadEvent, type CardReader, type CardReaderState, type Today } from './card-reader.ts';
import { realSchedule, type Schedule } from '../../common/timers.ts';
import { ReaderConnection, ReaderEvents } from './reader-events.ts';
import { ScanFramer, type FramedScan } from './scan-framer.ts';
import { ScanPairer, parseScan, refusedScan } from './scan-pairing.ts';

export interface SerialCardReaderOptions {
  readonly transport: ByteTransport;
  /** The kiosk's calendar day for expiry (default: today in America/Santiago). */
  readonly today?: Today;
  readonly schedule?: Schedule;
  /**
   * Quiet time that ends a scan. Default 80 ms: at 9600 baud a byte takes
   * about 1 ms and USB-CDC readers deliver a scan in a few bulk transfers,
   * so 80 ms of silence is the end of a burst, and still below what a person
   * notices (keyboard-wedge scanners are cut at 40–200 ms, reference §2.2).
   */
  readonly idleGapMs?: number;
  /**
   * Quiet time allowed inside an STX…ETX frame, or between MRZ rows while
   * fewer than 3 × 30 characters have come (scan-framer.ts); default 500 ms.
   */
  readonly rowGapMs?: number;
  /** How long a scan waits for the card's other symbol (scan-pairing.ts); 0 for a reader that delivers only one. Default 600 ms. */
  readonly pairWindowMs?: number;
  readonly maxScanBytes?: number;
  /** Driver id reported with each read (default `serial`). */
  readonly driver?: string;
}

export class SerialCardReader implements CardReader {
  readonly driver: string;
  readonly #transport: ByteTransport;
  readonly #today: Today;
  readonly #schedule: Schedule;
  readonly #idleGapMs: number;
  readonly #rowGapMs: number;
  readonly #events: ReaderEvents;
  readonly #framer: ScanFramer;
  readonly #pairer: ScanPairer;
  readonly #connection: ReaderConnection;
  #cancelIdle: (() => void) | undefined;

  constructor(options: SerialCardReaderOptions) {
    this.driver = options.driver ?? 'serial';
    this.#transport = options.transport;
    this.#today = options.today ?? (() => kioskToday());
    this.#schedule = options.schedule ?? realSchedule;
    this.#idleGapMs = options.idleGapMs ?? 80;
    this.#rowGapMs = options.rowGapMs ?? 500;
    this.#events = new ReaderEvents(this.driver);
    this.#connection = new ReaderConnection(this.#transport, this.#events);
    this.#framer = new ScanFramer({ maxScanBytes: options.maxScanBytes });
    this.#pairer = new ScanPairer({
      windowMs: options.pairWindowMs ?? 600,
      schedule: this.#schedule,
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
    return this.#connection.open(() => [this.#transport.onData((chunk) => this.#onData(chunk)), this.#transport.onClose((reason) => this.#onClose(reason))]);
  }

  async close(): Promise<void> {
    this.#stopScanning();
    this.#pairer.discard();
    await this.#connection.close();
  }

  #onData(chunk: Uint8Array): void {
    this.#cancelIdle?.();
    this.#cancelIdle = undefined;
    this.#deliver(this.#framer.push(chunk));
    if (this.#framer.hasPending) {
      const gap = this.#framer.expectsMore() ? this.#rowGapMs : this.#idleGapMs;
      this.#cancelIdle = this.#schedule(() => {
        this.#cancelIdle = undefined;
        this.#deliver(this.#framer.idle());
      }, gap);
    }
  }

  #deliver(scans: readonly FramedScan[]): void {
    for (const scan of scans) {
      this.#pairer.accept(
        scan.kind === 'text'
          ? parseScan(scan.text, this.#today())
          : refusedScan({ symbol: 'mrz', aim: null, length: scan.length }, 'scan longer than any card carries'),
      );
    }
  }

  /**
   * Unplugged or failed: a half-received burst is dropped (its end never
   * came); a complete scan waiting for its pair is still a good read and is
   * reported.
   */
  #onClose(reason: TransportCloseReason): void {
    this.#stopScanning();
    this.#pairer.flush();
    this.#connection.lost(reason);
  }

  #stopScanning(): void {
    this.#cancelIdle?.();
    this.#cancelIdle = undefined;
    this.#framer.reset();
  }
}
