/**
 * The in-process simulated card reader (ARCHITECTURE.md, "Simulation, at two
 * depths", 1): for developers, `npm start` and the service's dev commands.
 *
 * It is a SerialCardReader on an in-memory port: inserting a card pushes the
 * bytes a serial MRZ/QR reader would send (simulated-card-output.ts) into
 * that port, so framing, parsing, OCR correction, pairing and errors are the
 * real reader's, not a shortcut that could drift from it.
 *
 * `unplug()` is the cable coming out (the port closes as 'disconnected');
 * `replug()` puts it back and, if the reader was open, reopens it: the
 * in-process device is always present once plugged, so there is nothing for a
 * device manager to poll for.
 */
import { type ByteTransport, type TransportCloseReason, TransportError } from '../transport/byte-transport.ts';
import { ListenerSet } from '../transport/listener-set.ts';
import type { CardReadEvent, CardReader, CardReaderState, Today } from './card-reader.ts';
import type { Schedule } from '../../common/timers.ts';
import { SerialCardReader } from './serial-card-reader.ts';
import { cardReaderText, latin1Bytes, type CardFormat, type CardNoise, type ReaderFraming } from './simulated-card-output.ts';
import { defaultPopulation, findCitizen, type Population } from '../../synthetic/citizens/index.ts';

export type SimulationErrorCode = 'sim.unknown_run' | 'sim.not_connected';
export type InsertResult = { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly code: SimulationErrorCode; readonly message: string };

export interface InsertCardRequest {
  /** A RUN with its check digit (`15.234.871-1`, `15234871-1`) or its number alone. */
  readonly run: string | number;
  readonly format?: CardFormat;
  readonly noise?: CardNoise;
}

export interface SimulatedCardReaderOptions {
  /** Default: the seeded default population (synthetic/citizens defaultPopulation()). */
  readonly population?: Population;
  readonly today?: Today;
  readonly schedule?: Schedule;
  readonly framing?: ReaderFraming;
  readonly pairWindowMs?: number;
  /**
   * Default 0: insertCard hands the reader a whole scan in one chunk, with no
   * line time, so the burst has ended the moment it is delivered (a serial
   * reader's 80 ms guards against bytes still on the wire).
   */
  readonly idleGapMs?: number;
}

/** A port that is only ever written to by the simulation. */
class InMemoryPort implements ByteTransport {
  readonly kind = 'serial' as const;
  readonly target = 'simulated';
  readonly #data = new ListenerSet<[Uint8Array]>();
  readonly #close = new ListenerSet<[TransportCloseReason]>();
  #open = false;
  plugged = true;

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (!this.plugged) throw new TransportError('transport.open_failed', 'the simulated card reader is unplugged', { cause: { code: 'ENOENT' } });
    this.#open = true;
  }

  async close(): Promise<void> {
    this.#open = false;
  }

  async write(): Promise<void> {
    if (!this.#open) throw new TransportError('transport.not_open', 'the simulated card reader is not open');
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#close.add(listener);
  }

  deliver(bytes: Uint8Array): void {
    this.#data.emit(bytes);
  }

  unplug(): void {
    this.plugged = false;
    if (!this.#open) return;
    this.#open = false;
    this.#close.emit('disconnected');
  }
}

export class SimulatedCardReader implements CardReader {
  readonly driver = 'simulated';
  readonly #port = new InMemoryPort();
  readonly #reader: SerialCardReader;
  readonly #population: Population | undefined;
  readonly #framing: ReaderFraming | undefined;
  #wantOpen = false;
  #inserts = 0;

  constructor(options: SimulatedCardReaderOptions = {}) {
    this.#population = options.population;
    this.#framing = options.framing;
    this.#reader = new SerialCardReader({
      transport: this.#port,
      driver: this.driver,
      today: options.today,
      schedule: options.schedule,
      pairWindowMs: options.pairWindowMs,
      idleGapMs: options.idleGapMs ?? 0,
    });
  }

  async open(): Promise<void> {
    this.#wantOpen = true;
    await this.#reader.open();
  }

  async close(): Promise<void> {
    this.#wantOpen = false;
    await this.#reader.close();
  }

  state(): CardReaderState {
    return this.#reader.state();
  }

  onCard(listener: (event: CardReadEvent) => void): () => void {
    return this.#reader.onCard(listener);
  }

  onStatus(listener: (state: CardReaderState) => void): () => void {
    return this.#reader.onStatus(listener);
  }

  /** Presents a synthetic citizen's card; the read arrives on onCard once the reader's idle gap has passed. */
  insertCard(request: InsertCardRequest): InsertResult {
    const population = this.#population ?? defaultPopulation();
    const citizen = findCitizen(population, request.run);
    if (!citizen) return { ok: false, code: 'sim.unknown_run', message: 'no synthetic citizen has that RUN' };
    this.#inserts += 1;
    const text = cardReaderText(citizen, {
      format: request.format ?? 'mrz',
      noise: request.noise ?? 'none',
      noiseSeed: `${citizen.run.number}/${this.#inserts}`,
      framing: this.#framing,
    });
    return this.insertRaw(text);
  }

  /** Sends `text` exactly as given (framing included), as if the reader had decoded it. */
  insertRaw(text: string): InsertResult {
    if (!this.#port.isOpen) return { ok: false, code: 'sim.not_connected', message: 'the simulated card reader is not open or is unplugged' };
    const bytes = latin1Bytes(text);
    this.#port.deliver(bytes);
    return { ok: true, bytes: bytes.length };
  }

  unplug(): void {
    this.#port.unplug();
  }

  async replug(): Promise<void> {
    this.#port.plugged = true;
    if (this.#wantOpen) await this.#reader.open();
  }
}
