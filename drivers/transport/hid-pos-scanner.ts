/**
 * A HID POS bar code scanner (usage page 0x8C, usage 0x02) read through
 * node-hid: reports in, complete scans out. The parsing is hid-pos-report.ts;
 * this is only the device lifecycle around a `HidDeviceLike`.
 *
 * Not a ByteTransport: a scanner delivers whole scans with their symbology,
 * not a byte stream. Scanners in keyboard mode cannot be read here at all; they
 * must be switched to HID POS mode (reference §2.1).
 */
import { type TransportCloseReason, TransportError } from './byte-transport.ts';
import { type HidDeviceInfo, type HidDeviceLike, openHidDevice } from './hid-device.ts';
import { type HidPosAssemblerOptions, type HidPosReportError, type HidPosScan, HidPosScanAssembler } from './hid-pos-report.ts';
import { ListenerSet } from './listener-set.ts';

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_BAR_CODE_SCANNER_USAGE = 0x02;

/** The filter the reference gives for node-hid's device list (§2.1). */
export function isHidPosScanner(device: Pick<HidDeviceInfo, 'usagePage' | 'usage'>): boolean {
  return device.usagePage === HID_POS_USAGE_PAGE && device.usage === HID_POS_BAR_CODE_SCANNER_USAGE;
}

export interface HidPosScannerOptions extends HidPosAssemblerOptions {
  path: string;
  openDevice?: () => Promise<HidDeviceLike>;
  /**
   * Send feature report 0xFE = [0x01] on open, as @point-of-sale/webhid-barcode-scanner
   * does for Honeywell/Youjie scanners (reference §2.1). Off by default: other
   * vendors may give 0xFE another meaning.
   */
  honeywellHidPosMode?: boolean;
  /** Clock for the stale-scan timeout; defaults to Date.now. */
  now?: () => number;
}

export class HidPosScanner {
  readonly target: string;
  readonly #options: HidPosScannerOptions;
  readonly #assembler: HidPosScanAssembler;
  readonly #scanListeners = new ListenerSet<[HidPosScan]>();
  readonly #errorListeners = new ListenerSet<[HidPosReportError]>();
  readonly #closeListeners = new ListenerSet<[TransportCloseReason]>();
  #device: HidDeviceLike | undefined;
  #detach: (() => void) | undefined;
  #opening: Promise<void> | undefined;

  constructor(options: HidPosScannerOptions) {
    this.target = options.path;
    this.#options = options;
    this.#assembler = new HidPosScanAssembler(options);
  }

  get isOpen(): boolean {
    return this.#device !== undefined;
  }

  async open(): Promise<void> {
    if (this.#device) return;
    this.#opening ??= this.#openScanner().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async close(): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    await this.#teardown('closed');
  }

  onScan(listener: (scan: HidPosScan) => void): () => void {
    return this.#scanListeners.add(listener);
  }

  /** Reports that are not scans, or scans that broke off; the scanner stays open. */
  onError(listener: (error: HidPosReportError) => void): () => void {
    return this.#errorListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#closeListeners.add(listener);
  }

  async #openScanner(): Promise<void> {
    let device: HidDeviceLike;
    try {
      device = await (this.#options.openDevice ?? (() => openHidDevice(this.target)))();
    } catch (cause) {
      throw new TransportError('transport.open_failed', `cannot open HID scanner ${this.target}`, { cause });
    }
    if (this.#options.honeywellHidPosMode) {
      try {
        await device.sendFeatureReport([0xfe, 0x01]);
      } catch (cause) {
        await Promise.resolve()
          .then(() => device.close())
          .catch(() => undefined); // the refused mode switch is the error worth reporting
        throw new TransportError('transport.config_failed', `scanner ${this.target} refused the HID POS mode report 0xFE`, { cause });
      }
    }
    this.#assembler.reset();
    this.#device = device;
    this.#detach = this.#attach(device);
  }

  #attach(device: HidDeviceLike): () => void {
    const now = this.#options.now ?? Date.now;
    const onData = (report: Uint8Array): void => {
      if (this.#device !== device) return; // closing: node-hid may still deliver a report
      for (const event of this.#assembler.push(report, now())) {
        if (event.type === 'scan') this.#scanListeners.emit(event.scan);
        else this.#errorListeners.emit(event.error);
      }
    };
    // node-hid reports a failed read this way: the scanner was unplugged.
    const onError = (): void => {
      if (this.#device === device) void this.#teardown('disconnected');
    };
    device.on('data', onData);
    device.on('error', onError);
    return () => {
      device.removeListener('data', onData);
      device.removeListener('error', onError);
    };
  }

  async #teardown(reason: TransportCloseReason): Promise<void> {
    const device = this.#device;
    const detach = this.#detach;
    if (!device) return;
    this.#device = undefined;
    this.#detach = undefined;
    this.#assembler.reset();
    this.#closeListeners.emit(reason);
    // The 'error' listener stays until node-hid has closed, so a late read error is never unhandled;
    // after an unplug close() may fail too, and the handle is released either way.
    await Promise.resolve()
      .then(() => device.close())
      .catch(() => undefined)
      .finally(() => detach?.());
  }
}
