import type { DeviceState } from '../../contract/index.ts';
import { isPrinterError } from '../../../drivers/printer/printer-errors.ts';
import type { PrinterState, PrintReport, ReceiptPrinter } from '../../../drivers/printer/printer-driver.ts';
import type { ReceiptLayout } from '../../../drivers/printer/receipt-layout.ts';

/**
 * A receipt printer with a device state the citizen screen can show. ESC/POS
 * printers say how they are only when asked (DLE EOT), so the state is what
 * the last status read or print found; the device manager asks now and then.
 */
export class ManagedPrinter {
  readonly driver: string;
  readonly #printer: ReceiptPrinter;
  #state: DeviceState = 'not-connected';
  readonly #listeners = new Set<(state: DeviceState) => void>();

  constructor(driver: string, printer: ReceiptPrinter) {
    this.driver = driver;
    this.#printer = printer;
  }

  state(): DeviceState {
    return this.#state;
  }

  onState(listener: (state: DeviceState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the printer's status; never throws (the state carries the answer). */
  async refresh(): Promise<DeviceState> {
    try {
      this.#set(stateOf(await this.#printer.status()));
    } catch (error) {
      this.#set(stateOfError(error));
    }
    return this.#state;
  }

  async print(layout: ReceiptLayout): Promise<PrintReport> {
    this.#set('busy');
    try {
      const report = await this.#printer.print(layout);
      this.#set(stateOf(report.after));
      return report;
    } catch (error) {
      this.#set(stateOfError(error));
      throw error;
    }
  }

  close(): Promise<void> {
    this.#listeners.clear();
    return this.#printer.close();
  }

  #set(state: DeviceState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}

/** `unknown` is a printer on a write-only device file: nothing says it is not ready. */
export function stateOf(status: PrinterState): DeviceState {
  if (status === 'unknown') return 'ready';
  if (status.paperOut || status.coverOpen || status.error) return 'needs-attention';
  return status.online ? 'ready' : 'needs-attention';
}

export function stateOfError(error: unknown): DeviceState {
  if (!isPrinterError(error)) return 'needs-attention';
  switch (error.code) {
    case 'printer.disconnected':
    case 'printer.unavailable':
    case 'printer.timeout':
      return 'not-connected';
    default:
      return 'needs-attention';
  }
}
