/**
 * Byte-level simulator of a serial (virtual COM) MRZ/QR reader
 * (ARCHITECTURE.md, "Simulation, at two depths", 2): it writes onto a pty,
 * at the configured line speed, what the reader would send, so the real
 * SerialTransport and SerialCardReader run unchanged against it (tests, and a
 * technician rehearsing with `kioskctl simulate card --link PATH`).
 *
 * Controlled one line at a time; each line gets exactly one JSON reply:
 *   insert <RUN> [mrz|qr|both] [ocr]   a synthetic citizen's card (default mrz)
 *   raw <text>                          <text> as one decoded scan; escapes \r \n \t \\ \xHH
 *   garbage <n>                         n random bytes (1–65536), as a reader at the wrong baud sends
 *   unplug | replug                     the cable out / back in (the link disappears / reappears)
 *   quit                                stop
 * Replies carry the RUN masked (`12.345.***-5`): they are log lines.
 */
import { createPrng, defaultPopulation, findCitizen, type Population, type Prng } from '../../synthetic/citizens/index.ts';
import { SocatPtyLink } from '../transport/socat-pty-link.ts';
import { failure, type SimulatorReply, thrownReply } from '../transport/simulator-control.ts';
import { realSchedule, type Schedule } from '../../common/timers.ts';
import { maskRun } from '../../common/run-mask.ts';
import { cardReaderText, frameScan, garbageBytes, latin1Bytes, DEFAULT_FRAMING, type CardFormat, type ReaderFraming } from './simulated-card-output.ts';

export interface CardReaderSimulatorOptions {
  /** Where the reader's device node appears (a symlink to the pty). */
  readonly link: string;
  /** Line speed the bytes are paced at, 8N1 (10 bits a byte). Default 9600, a common reader default. */
  readonly baud?: number;
  readonly framing?: ReaderFraming;
  readonly population?: Population;
  /** Seeds OCR noise and garbage, so a session is repeatable. */
  readonly seed?: string;
  readonly socatPath?: string;
  readonly schedule?: Schedule;
}

const USAGE = 'insert <RUN> [mrz|qr|both] [ocr] | raw <text> | garbage <n> | unplug | replug | quit';
export const MIN_BAUD = 1200;
export const MAX_BAUD = 921_600;

export class CardReaderSimulator {
  readonly link: string;
  readonly baud: number;
  readonly #pty: SocatPtyLink;
  readonly #framing: ReaderFraming;
  readonly #population: Population;
  readonly #prng: Prng;
  readonly #seed: string;
  readonly #schedule: Schedule;
  #inserts = 0;
  #stopped = false;

  private constructor(pty: SocatPtyLink, options: CardReaderSimulatorOptions, baud: number) {
    this.#pty = pty;
    this.link = options.link;
    this.baud = baud;
    this.#framing = options.framing ?? DEFAULT_FRAMING;
    this.#population = options.population ?? defaultPopulation();
    this.#seed = options.seed ?? 'card-reader-simulator';
    this.#prng = createPrng(`${this.#seed}/garbage`);
    this.#schedule = options.schedule ?? realSchedule;
  }

  /** Creates the link; rejects with TransportError (transport.open_failed) when socat cannot, or `link` is a file that is not ours. */
  static async start(options: CardReaderSimulatorOptions): Promise<CardReaderSimulator> {
    const baud = options.baud ?? 9600;
    if (!Number.isInteger(baud) || baud < MIN_BAUD || baud > MAX_BAUD) throw new RangeError(`baud ${baud} is not an integer from ${MIN_BAUD} to ${MAX_BAUD}`);
    const pty = new SocatPtyLink({ path: options.link, socatPath: options.socatPath });
    await pty.open();
    return new CardReaderSimulator(pty, options, baud);
  }

  get isPlugged(): boolean {
    return this.#pty.isOpen;
  }

  get isRunning(): boolean {
    return !this.#stopped;
  }

  /** One control line → its reply; null for a blank line. Never throws. */
  async handle(line: string): Promise<SimulatorReply | null> {
    const trimmed = line.trim();
    if (trimmed === '') return null;
    const [command = '', ...words] = trimmed.split(/\s+/);
    try {
      switch (command) {
        case 'insert':
          return await this.#insert(words);
        case 'raw': {
          const text = unescape(trimmed.slice(3).trimStart());
          return text === '' ? usage('raw', 'raw takes the text to send') : await this.#send('raw', frameScan([text], this.#framing));
        }
        case 'garbage': {
          const count = Number(words[0]);
          if (words.length !== 1 || !Number.isInteger(count) || count < 1 || count > 65_536)
            return usage('garbage', 'garbage takes a byte count from 1 to 65536');
          return await this.#send('garbage', garbageBytes(count, this.#prng));
        }
        case 'unplug':
          await this.#pty.close();
          return { ok: true, command };
        case 'replug':
          await this.#pty.open();
          return { ok: true, command, link: this.link };
        case 'quit':
          return { ok: true, command };
        default:
          return usage(null, `unknown command; one of: ${USAGE}`);
      }
    } catch (error) {
      return thrownReply(command, error);
    }
  }

  /** Unplugs and removes the link. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#pty.close();
  }

  async #insert(words: readonly string[]): Promise<SimulatorReply> {
    const [run, ...flags] = words;
    const format = (flags.find((f) => f === 'mrz' || f === 'qr' || f === 'both') ?? 'mrz') as CardFormat;
    const noise = flags.includes('ocr') ? 'ocr' : 'none';
    if (run === undefined || flags.some((f) => !['mrz', 'qr', 'both', 'ocr'].includes(f))) return usage('insert', 'usage: insert <RUN> [mrz|qr|both] [ocr]');
    const citizen = findCitizen(this.#population, run);
    if (!citizen) return failure('insert', 'sim.unknown_run', 'no synthetic citizen has that RUN');
    this.#inserts += 1;
    const text = cardReaderText(citizen, { format, noise, noiseSeed: `${this.#seed}/${citizen.run.number}/${this.#inserts}`, framing: this.#framing });
    const reply = await this.#send('insert', text);
    return reply.ok ? { ...reply, run: maskRun(citizen.run.formatted), format, noise } : reply;
  }

  /** Paced at the line speed in 10 ms slices, as a UART would let the bytes out. */
  async #send(command: string, payload: string | Uint8Array): Promise<SimulatorReply> {
    if (!this.#pty.isOpen) return failure(command, 'sim.not_connected', 'the simulated reader is unplugged');
    const bytes = typeof payload === 'string' ? latin1Bytes(payload) : payload;
    const slice = Math.max(1, Math.floor(this.baud / 1000));
    const sliceMs = (slice * 10 * 1000) / this.baud;
    for (let offset = 0; offset < bytes.length; offset += slice) {
      if (this.#stopped) return failure(command, 'sim.not_connected', 'the simulator stopped');
      await this.#pty.write(bytes.subarray(offset, offset + slice));
      if (offset + slice < bytes.length) await new Promise<void>((resolve) => this.#schedule(resolve, sliceMs));
    }
    return { ok: true, command, bytes: bytes.length };
  }
}

function usage(command: string | null, message: string): SimulatorReply {
  return failure(command, 'usage', message);
}

/** The escapes `raw` understands, so framing bytes (STX \x02, ETX \x03, CR) can be typed. */
export function unescape(text: string): string {
  return text.replace(/\\(x[0-9A-Fa-f]{2}|[rnt\\])/g, (_, escape: string) =>
    escape[0] === 'x' ? String.fromCharCode(parseInt(escape.slice(1), 16)) : ({ r: '\r', n: '\n', t: '\t', '\\': '\\' } as Record<string, string>)[escape]!,
  );
}
