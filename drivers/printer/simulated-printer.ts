/**
 * A byte-level simulated receipt printer (ARCHITECTURE.md, "Simulation, at two
 * depths"): it speaks ESC/POS on a TCP port (9100, like network printers) or on
 * any duplex byte stream (a pty later), so the real driver and transports run
 * against it unchanged. For every job it writes what was printed as a text
 * transcript and as a PNG (`receipt-0001.txt`, `receipt-0001.png`; the PNG
 * can be turned off) into its output directory. It answers DLE EOT status requests from its current state,
 * which a test or a technician can spoil: paper out, cover open, offline,
 * paper near end, or vanishing in the middle of a job.
 *
 * A job ends at a cut, or when the sender closes the connection.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { statusAnswer, type PrinterStatus, type StatusRequestKind } from './escpos.ts';
import { EscPosDecoder, type DecodedJob, type DecoderEvent } from './escpos-decoder.ts';
import { renderJob } from './receipt-image.ts';
import { jobTranscript } from './receipt-transcript.ts';

export type PrinterFault = 'paperOut' | 'coverOpen' | 'offline' | 'paperNearEnd';

export type SimulatedJobOutcome =
  | { readonly printed: true; readonly number: number; readonly job: DecodedJob; readonly transcriptPath: string; readonly pngPath: string | null }
  | { readonly printed: false; readonly job: DecodedJob; readonly reason: 'paper_out' | 'cover_open' | 'offline' };

export interface SimulatedPrinterOptions {
  readonly outputDir: string;
  /** One line per thing that happened (connections, jobs, refusals), for the CLI. */
  readonly log?: (line: string) => void;
  /**
   * Whether each receipt is also drawn as a PNG (default true). Drawing costs
   * about as much CPU as the rest of printing; a long unattended run (the
   * soak) keeps the transcripts only.
   */
  readonly pictures?: boolean;
}

export class SimulatedPrinter {
  readonly outputDir: string;
  readonly #log: (line: string) => void;
  readonly #pictures: boolean;
  readonly #faults: Record<PrinterFault, boolean> = { paperOut: false, coverOpen: false, offline: false, paperNearEnd: false };
  #vanishAfter: number | null = null;
  #nextNumber = 1;
  #writes: Promise<void> = Promise.resolve();
  readonly #outcomes: SimulatedJobOutcome[] = [];
  readonly #listeners = new Set<(outcome: SimulatedJobOutcome) => void>();
  #server: Server | null = null;
  readonly #sockets = new Set<Socket>();

  constructor(options: SimulatedPrinterOptions) {
    this.outputDir = options.outputDir;
    this.#log = options.log ?? (() => undefined);
    this.#pictures = options.pictures ?? true;
  }

  setFault(fault: PrinterFault, on = true): void {
    this.#faults[fault] = on;
    this.#log(`fault ${fault} ${on ? 'on' : 'off'}`);
  }

  /** Drop the connection once this many more bytes have arrived, as a printer unplugged mid-job would. `null` cancels. */
  vanishAfter(bytes: number | null): void {
    this.#vanishAfter = bytes;
  }

  /** What the printer reports. Cover open and paper out stop it, so it is offline then too (Epson behaviour). */
  get status(): PrinterStatus {
    const f = this.#faults;
    return { online: !(f.paperOut || f.coverOpen || f.offline), coverOpen: f.coverOpen, paperOut: f.paperOut, paperNearEnd: f.paperNearEnd, error: f.offline };
  }

  get outcomes(): readonly SimulatedJobOutcome[] {
    return this.#outcomes;
  }

  /** Called after a job's files are written (or the job refused). Returns an unsubscribe function. */
  onJob(listener: (outcome: SimulatedJobOutcome) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once every job received so far has its files on disk. */
  whenIdle(): Promise<void> {
    return this.#writes;
  }

  /** Serve one byte stream: decode what arrives, answer status requests on it. Returns a detach function. */
  attach(stream: Duplex): () => void {
    const decoder = new EscPosDecoder();
    let finished = false;
    const handle = (events: DecoderEvent[]) => {
      for (const event of events) {
        if (event.type === 'job') this.#complete(event.job);
        else if (!stream.destroyed && stream.writable) stream.write(Uint8Array.of(statusAnswer(event.n as StatusRequestKind, this.status)));
      }
    };
    const onData = (chunk: Buffer) => {
      if (finished) return;
      if (this.#vanishAfter !== null) {
        this.#vanishAfter -= chunk.length;
        if (this.#vanishAfter < 0) {
          this.#vanishAfter = null;
          finished = true;
          this.#log('vanishing mid-job');
          stream.destroy();
          return;
        }
      }
      handle(decoder.push(chunk));
    };
    const onEnd = () => {
      if (finished) return;
      finished = true;
      handle(decoder.end());
    };
    const onError = (error: Error) => this.#log(`stream error: ${error.message}`);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onEnd);
    stream.on('error', onError);
    return () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
    };
  }

  /** Listen for raw print jobs on TCP, like a network printer on port 9100. Port 0 picks a free one. */
  async listen(port = 9100, host = '127.0.0.1'): Promise<AddressInfo> {
    const server = createServer((socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      this.#log(`connection from ${socket.remoteAddress}:${socket.remotePort}`);
      this.attach(socket);
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    this.#log(`listening on ${address.address}:${address.port}, writing to ${this.outputDir}`);
    return address;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.whenIdle();
  }

  #refusal(): 'paper_out' | 'cover_open' | 'offline' | null {
    if (this.#faults.coverOpen) return 'cover_open';
    if (this.#faults.paperOut) return 'paper_out';
    if (this.#faults.offline) return 'offline';
    return null;
  }

  #complete(job: DecodedJob): void {
    const reason = this.#refusal();
    if (reason) {
      this.#log(`job of ${job.byteCount} bytes not printed: ${reason}`);
      this.#publish({ printed: false, job, reason });
      return;
    }
    const number = this.#nextNumber++;
    const name = `receipt-${String(number).padStart(4, '0')}`;
    const transcriptPath = join(this.outputDir, `${name}.txt`);
    const pngPath = this.#pictures ? join(this.outputDir, `${name}.png`) : null;
    this.#writes = this.#writes.then(async () => {
      try {
        await mkdir(this.outputDir, { recursive: true });
        // Each file appears whole (written aside, then renamed): a reader never sees half a receipt.
        if (pngPath !== null) await writeWhole(pngPath, renderJob(job));
        await writeWhole(transcriptPath, jobTranscript(job, name));
        this.#log(`printed ${name} (${job.byteCount} bytes, ${job.cut ?? 'no'} cut)`);
        this.#publish({ printed: true, number, job, transcriptPath, pngPath });
      } catch (error) {
        this.#log(`could not write ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  #publish(outcome: SimulatedJobOutcome): void {
    this.#outcomes.push(outcome);
    if (this.#outcomes.length > 100) this.#outcomes.shift(); // a long-running simulator keeps only recent jobs in memory
    for (const listener of [...this.#listeners]) listener(outcome);
  }
}

async function writeWhole(path: string, content: string | Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  await writeFile(partial, content);
  await rename(partial, path);
}
