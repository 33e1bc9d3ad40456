/**
 * The receipt printer driver: ESC/POS over any ByteTransport (serial, raw TCP
 * 9100, a USB printer device file). It asks the printer how it is before a
 * job (DLE EOT 1, 2, 4; reference §4.1) and refuses to send one it could not
 * print, sends the job, asks again, and reports. Every wait has a deadline,
 * and a transport that closes mid-job ends the job with `printer.disconnected`
 * rather than a hang. A failed print is an error value the flow turns into
 * "here is your code on screen".
 *
 * Device files (`/dev/usb/lp0`) give nothing back, so with a `file` transport
 * the status is `'unknown'` and jobs are sent without a check: the usblp
 * driver's write blocks or fails when the printer is not there, which is all
 * that can be known that way. The same holds when `readBack: false` is set for
 * a network printer that ignores DLE EOT.
 */
import { TransportError, type ByteTransport, type TransportCloseReason } from '../transport/byte-transport.ts';
import { encodeReceipt, notReadyReason, parseStatus, statusRequest, type PrinterStatus, type StatusRequestKind } from './escpos.ts';
import { PrinterError, type PrintPhase } from './printer-errors.ts';
import type { ReceiptLayout } from './receipt-layout.ts';

export type PrinterState = PrinterStatus | 'unknown';

export interface PrintReport {
  readonly bytesSent: number;
  readonly before: PrinterState;
  readonly after: PrinterState;
  /** Conditions that did not stop this job but will stop a later one (for the technician screen). */
  readonly warnings: readonly 'paper_near_end'[];
}

export interface ReceiptPrinter {
  status(): Promise<PrinterState>;
  /** Resolves with a report once the job is with the printer and its status read back; rejects with a PrinterError. */
  print(layout: ReceiptLayout): Promise<PrintReport>;
  close(): Promise<void>;
}

export interface EscPosPrinterOptions {
  /** Per DLE EOT answer. Epson printers answer within milliseconds, even mid-job (the commands are real-time). */
  readonly statusTimeoutMs?: number;
  /** Handing a job to the transport; a serial line at 9,600 baud needs about 1 s per kilobyte. */
  readonly writeTimeoutMs?: number;
  readonly openTimeoutMs?: number;
  /** Whether the transport carries answers back; default: every kind but `file`. */
  readonly readBack?: boolean;
}

export class EscPosPrinter implements ReceiptPrinter {
  readonly #transport: ByteTransport;
  readonly #statusTimeoutMs: number;
  readonly #writeTimeoutMs: number;
  readonly #openTimeoutMs: number;
  readonly #readBack: boolean;
  readonly #unsubscribe: (() => void)[];
  #inbox: number[] = [];
  #waiter: ((byte: number) => void) | null = null;
  readonly #goneListeners = new Set<(reason: TransportCloseReason) => void>();
  #gone: TransportCloseReason | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(transport: ByteTransport, options: EscPosPrinterOptions = {}) {
    this.#transport = transport;
    this.#statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? 15_000;
    this.#openTimeoutMs = options.openTimeoutMs ?? 5000;
    this.#readBack = options.readBack ?? transport.kind !== 'file';
    this.#unsubscribe = [
      transport.onData((chunk) => {
        this.#inbox.push(...chunk.subarray(0, 64));
        if (this.#inbox.length > 64) this.#inbox.splice(0, this.#inbox.length - 64); // answers are single bytes; a flood is not kept
        const waiter = this.#waiter;
        if (waiter && this.#inbox.length > 0) {
          this.#waiter = null;
          waiter(this.#inbox.shift()!);
        }
      }),
      transport.onClose((reason) => {
        this.#gone = reason;
        for (const listener of [...this.#goneListeners]) listener(reason);
      }),
    ];
  }

  status(): Promise<PrinterState> {
    return this.#serial(async () => {
      if (!this.#readBack) return 'unknown';
      await this.#ensureOpen();
      return this.#readStatus('status');
    });
  }

  print(layout: ReceiptLayout): Promise<PrintReport> {
    return this.#serial(async () => {
      let job: Uint8Array;
      try {
        job = encodeReceipt(layout);
      } catch (cause) {
        throw new PrinterError('printer.invalid_receipt', 'layout', 'the encoder refused the layout', { cause });
      }
      await this.#ensureOpen();
      const before: PrinterState = this.#readBack ? await this.#readStatus('before') : 'unknown';
      if (before !== 'unknown') this.#refuseIfNotReady(before, 'before');
      await this.#guard(this.#transport.write(job), this.#writeTimeoutMs, 'sending', `sending ${job.length} bytes`);
      const after: PrinterState = this.#readBack ? await this.#readStatus('after') : 'unknown';
      // DLE EOT is answered at once, so "after" is the state while the job prints: a cover opened or a
      // roll that ran out during it means the receipt is likely incomplete.
      if (after !== 'unknown') this.#refuseIfNotReady(after, 'after');
      const nearEnd = [before, after].some((s) => s !== 'unknown' && s.paperNearEnd);
      return { bytesSent: job.length, before, after, warnings: nearEnd ? ['paper_near_end'] : [] };
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const listener of [...this.#goneListeners]) listener('closed');
    if (this.#transport.isOpen) await this.#transport.close();
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(job, job);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  #refuseIfNotReady(status: PrinterStatus, phase: PrintPhase): void {
    const reason = notReadyReason(status);
    if (!reason) return;
    const detail = phase === 'after' ? 'job sent, but the printer stopped during it; the receipt may be incomplete' : 'job not sent';
    throw new PrinterError(reason, phase, detail);
  }

  async #ensureOpen(): Promise<void> {
    if (this.#closed) throw new PrinterError('printer.unavailable', 'before', 'the driver was closed');
    if (this.#transport.isOpen) return;
    this.#gone = null;
    try {
      await this.#guard(this.#transport.open(), this.#openTimeoutMs, 'before', `opening ${this.#transport.target}`);
    } catch (error) {
      if (error instanceof PrinterError && error.code === 'printer.timeout') throw error;
      throw new PrinterError('printer.unavailable', 'before', `cannot open ${this.#transport.target}`, { cause: error });
    }
  }

  async #readStatus(phase: PrintPhase): Promise<PrinterStatus> {
    const answer = async (n: StatusRequestKind) => {
      this.#inbox = []; // a late answer to an earlier, timed-out request must not pass for this one
      await this.#guard(this.#transport.write(statusRequest(n)), this.#statusTimeoutMs, phase, `sending DLE EOT ${n}`);
      try {
        return await this.#guard(this.#nextByte(), this.#statusTimeoutMs, phase, `waiting for the answer to DLE EOT ${n}`);
      } finally {
        this.#waiter = null;
      }
    };
    const printer = await answer(1);
    const offlineCause = await answer(2);
    const paperSensor = await answer(4);
    try {
      return parseStatus({ printer, offlineCause, paperSensor });
    } catch (error) {
      throw error instanceof PrinterError ? new PrinterError(error.code, phase, error.detail) : error;
    }
  }

  #nextByte(): Promise<number> {
    if (this.#inbox.length > 0) return Promise.resolve(this.#inbox.shift()!);
    return new Promise<number>((resolve) => {
      this.#waiter = resolve;
    });
  }

  /**
   * `operation` bounded by `timeoutMs` and by the transport staying open; a
   * transport failure becomes `printer.disconnected`. Whatever loses the race
   * is still settled and ignored, so nothing is left as an unhandled rejection.
   */
  #guard<T>(operation: Promise<T>, timeoutMs: number, phase: PrintPhase, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (finish: () => void) => {
        clearTimeout(timer);
        this.#goneListeners.delete(onGone);
        finish();
      };
      const disconnected = (cause?: unknown) => new PrinterError('printer.disconnected', phase, `transport closed or failed while ${what}`, { cause });
      const onGone = () => settle(() => reject(disconnected()));
      const timer = setTimeout(() => settle(() => reject(new PrinterError('printer.timeout', phase, `no progress ${what} within ${timeoutMs} ms`))), timeoutMs);
      this.#goneListeners.add(onGone);
      operation.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) =>
          settle(() => {
            if (error instanceof PrinterError) reject(error);
            // A device file that stops taking bytes (paper out on usblp) times out in the transport.
            else if (error instanceof TransportError && error.code === 'transport.timeout') {
              reject(new PrinterError('printer.timeout', phase, `the transport gave up ${what}`, { cause: error }));
            } else reject(disconnected(error));
          }),
      );
      if (this.#gone) onGone();
    });
  }
}
