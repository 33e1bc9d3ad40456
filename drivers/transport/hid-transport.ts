/**
 * ByteTransport for a UART module (an R30x fingerprint reader) behind
 * a Silicon Labs CP2110 HID-to-UART bridge. Framing and feature reports are in
 * cp2110.ts (AN434); this file is the lifecycle around a `HidDeviceLike`.
 *
 * Open, in AN434's terms: set the UART config and read it back (the bridge
 * forgets it at every power-on, and a config it refused must not pass
 * silently), purge both FIFOs so nothing from a previous session reaches the
 * codec, then enable the UART. Close disables the UART again.
 */
import { type BaudConfigurable, type ByteTransport, type TransportCloseReason, TransportError } from './byte-transport.ts';
import {
  type Cp2110UartConfig,
  type Cp2110UartStatus,
  decodeDataReport,
  decodeUartConfig,
  decodeUartStatus,
  encodeDataReports,
  encodePurgeFifos,
  encodeUartConfig,
  encodeUartEnable,
  FEATURE_REPORT,
  FEATURE_REPORT_LENGTH,
  HidReportError,
  R30X_UART_CONFIG,
  uartConfigProblem,
} from './cp2110.ts';
import { type HidDeviceLike, openHidDevice } from './hid-device.ts';
import { ListenerSet } from './listener-set.ts';

export interface Cp2110TransportOptions {
  /** The device path (hidraw node on Linux); shown to technicians, and opened when `openDevice` is not given. */
  path: string;
  openDevice?: () => Promise<HidDeviceLike>;
  /** UART line settings; default R30x 57600 8N1, no flow control. */
  uart?: Partial<Cp2110UartConfig>;
}

type State = 'closed' | 'opening' | 'open' | 'closing';

export class Cp2110Transport implements ByteTransport, BaudConfigurable {
  readonly kind = 'hid' as const;
  readonly target: string;
  readonly #openDevice: () => Promise<HidDeviceLike>;
  readonly #dataListeners = new ListenerSet<[Uint8Array]>();
  readonly #closeListeners = new ListenerSet<[TransportCloseReason]>();
  readonly #reportErrorListeners = new ListenerSet<[HidReportError]>();
  readonly #pending = new Set<(error: TransportError) => void>();
  #uart: Cp2110UartConfig;
  #state: State = 'closed';
  #device: HidDeviceLike | undefined;
  #detach: (() => void) | undefined;
  /** Writes and config changes run one at a time so reports never interleave. */
  #queue: Promise<unknown> = Promise.resolve();
  #opening: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: Cp2110TransportOptions) {
    this.target = options.path;
    this.#openDevice = options.openDevice ?? (() => openHidDevice(options.path));
    this.#uart = { ...R30X_UART_CONFIG, ...options.uart };
    const problem = uartConfigProblem(this.#uart);
    if (problem) throw new TransportError('transport.config_failed', problem);
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  get uartConfig(): Cp2110UartConfig {
    return { ...this.#uart };
  }

  async open(): Promise<void> {
    if (this.#closing) await this.#closing;
    if (this.#state === 'open') return;
    this.#opening ??= this.#openBridge().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async close(): Promise<void> {
    if (this.#opening) await this.#opening.catch(() => undefined);
    if (this.#closing) return this.#closing;
    const device = this.#device;
    if (this.#state !== 'open' || !device) return;
    this.#state = 'closing';
    this.#closing = (async () => {
      // Best effort: if the bridge is already gone there is no UART left to disable.
      await Promise.resolve()
        .then(() => device.sendFeatureReport(encodeUartEnable(false)))
        .catch(() => undefined);
      await this.#teardown('closed');
      this.#closing = undefined;
    })();
    return this.#closing;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#state !== 'open') return Promise.reject(this.#notOpen());
    if (bytes.length === 0) return Promise.resolve();
    const reports = encodeDataReports(bytes);
    return this.#enqueue(async (device) => {
      for (const report of reports) {
        try {
          await device.write(report);
        } catch (cause) {
          throw new TransportError('transport.write_failed', `HID write to ${this.target} failed`, { cause });
        }
      }
    });
  }

  async setBaudRate(baud: number): Promise<void> {
    await this.setUartConfig({ baudRate: baud });
  }

  /** Changes the line settings while open, after every write queued before it has been handed over. */
  async setUartConfig(change: Partial<Cp2110UartConfig>): Promise<void> {
    const next = { ...this.#uart, ...change };
    const problem = uartConfigProblem(next);
    if (problem) throw new TransportError('transport.config_failed', problem);
    if (this.#state !== 'open') throw this.#notOpen();
    await this.#enqueue((device) => this.#configure(device, next));
    this.#uart = next;
  }

  /** AN434 Get UART Status: FIFO fill levels and parity/overrun errors (reading clears the errors). */
  async readUartStatus(): Promise<Cp2110UartStatus> {
    if (this.#state !== 'open') throw this.#notOpen();
    const report = await this.#enqueue(async (device) => device.getFeatureReport(FEATURE_REPORT.uartStatus, FEATURE_REPORT_LENGTH));
    const status = decodeUartStatus(Uint8Array.from(report));
    if (status instanceof HidReportError) throw status;
    return status;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#closeListeners.add(listener);
  }

  /** Reports that break AN434's framing; they are dropped, and the codec above resynchronises. */
  onReportError(listener: (error: HidReportError) => void): () => void {
    return this.#reportErrorListeners.add(listener);
  }

  async #openBridge(): Promise<void> {
    this.#state = 'opening';
    let device: HidDeviceLike;
    try {
      device = await this.#openDevice();
    } catch (cause) {
      this.#state = 'closed';
      throw new TransportError('transport.open_failed', `cannot open HID device ${this.target}`, { cause });
    }
    // Listen for errors before the first request, so a bridge that vanishes mid-setup cannot crash us.
    const onSetupError = (): void => undefined;
    device.on('error', onSetupError);
    try {
      await this.#configure(device, this.#uart);
      await device.sendFeatureReport(encodePurgeFifos('both'));
      await device.sendFeatureReport(encodeUartEnable(true));
    } catch (cause) {
      device.removeListener('error', onSetupError);
      await Promise.resolve()
        .then(() => device.close())
        .catch(() => undefined); // the setup error is the one worth reporting
      this.#state = 'closed';
      throw cause instanceof TransportError && cause.code === 'transport.config_failed'
        ? cause
        : new TransportError('transport.open_failed', `cannot set up the CP2110 UART on ${this.target}`, { cause });
    }
    device.removeListener('error', onSetupError);
    this.#device = device;
    this.#detach = this.#attach(device);
    this.#state = 'open';
  }

  async #configure(device: HidDeviceLike, config: Cp2110UartConfig): Promise<void> {
    try {
      await device.sendFeatureReport(encodeUartConfig(config));
    } catch (cause) {
      throw new TransportError('transport.config_failed', `the CP2110 on ${this.target} refused its UART configuration`, { cause });
    }
    const readBack = decodeUartConfig(Uint8Array.from(await device.getFeatureReport(FEATURE_REPORT.uartConfig, FEATURE_REPORT_LENGTH)));
    if (readBack instanceof Error || !sameUartConfig(readBack, config)) {
      throw new TransportError('transport.config_failed', `the CP2110 on ${this.target} did not keep its UART configuration`, { cause: readBack });
    }
  }

  #attach(device: HidDeviceLike): () => void {
    const onData = (report: Uint8Array): void => {
      if (this.#state !== 'open') return;
      const decoded = decodeDataReport(report);
      if (decoded.ok) this.#dataListeners.emit(decoded.payload);
      else this.#reportErrorListeners.emit(decoded.error);
    };
    // node-hid reports a failed read this way; on a hidraw node that means the bridge went away.
    const onError = (): void => {
      if (this.#state === 'open') void this.#teardown('disconnected');
    };
    device.on('data', onData);
    device.on('error', onError);
    return () => {
      device.removeListener('data', onData);
      device.removeListener('error', onError);
    };
  }

  #enqueue<T>(operation: (device: HidDeviceLike) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (error: TransportError): void => {
        if (this.#pending.delete(fail)) reject(error);
      };
      this.#pending.add(fail);
      this.#queue = this.#queue.then(async () => {
        const device = this.#device;
        if (!this.#pending.has(fail)) return; // settled by teardown while queued
        if (this.#state !== 'open' || !device) return fail(this.#notOpen());
        try {
          const result = await operation(device);
          if (this.#pending.delete(fail)) resolve(result);
        } catch (error) {
          fail(
            error instanceof TransportError ? error : new TransportError('transport.write_failed', `HID request to ${this.target} failed`, { cause: error }),
          );
        }
      });
    });
  }

  /** Settles everything that waits on this device, reports why, and releases the device. */
  #teardown(reason: TransportCloseReason): Promise<void> {
    const device = this.#device;
    const detach = this.#detach;
    if (this.#state === 'closed' || !device) return Promise.resolve();
    this.#state = 'closed';
    this.#device = undefined;
    this.#detach = undefined;
    const error = new TransportError(reason === 'closed' ? 'transport.not_open' : 'transport.disconnected', `HID device ${this.target} closed (${reason})`);
    for (const fail of [...this.#pending]) fail(error);
    this.#closeListeners.emit(reason);
    // Our 'error' listener stays until node-hid has closed, so a late read error cannot go unhandled.
    // After an unplug close() may fail as well; the handle is released either way.
    return Promise.resolve()
      .then(() => device.close())
      .catch(() => undefined)
      .finally(() => detach?.());
  }

  #notOpen(): TransportError {
    return new TransportError('transport.not_open', `HID device ${this.target} is not open`);
  }
}

function sameUartConfig(a: Cp2110UartConfig, b: Cp2110UartConfig): boolean {
  return a.baudRate === b.baudRate && a.parity === b.parity && a.flowControl === b.flowControl && a.dataBits === b.dataBits && a.stopBits === b.stopBits;
}
