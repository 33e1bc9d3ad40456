/**
 * Byte-level simulator of an R30x / ZFM-20 fingerprint module (ARCHITECTURE.md,
 * "Simulation, at two depths", 2): it sits on the device end of a wire — a pty
 * made by socat — so the real R30xDriver and SerialTransport run unchanged
 * against it. The module's answers are r30x-simulator-module.ts; this file is
 * the UART around them (hardware-protocols.md §1.8):
 *  - header, address and checksum validation; a bad checksum gets ACK 01;
 *  - output paced at the configured baud, 10 bits a byte (8N1, §1.1), and a
 *    baud or packet-size change taking effect after its ACK has left (§1.5);
 *  - the R50x power-on byte 0x55 after each (re)plug (§1.1);
 *  - unplug/replug of the wire, garbage bytes and reply delays on command.
 * Control lines are in r30x-simulator-control.ts.
 */
import type { ByteTransport } from '../transport/byte-transport.ts';
import type { SyntheticCitizen } from '../../synthetic/citizens/index.ts';
import { seededRandom } from '../../synthetic/fingers/index.ts';
import { realScheduler, type Scheduler, sleep } from './fingerprint-reader.ts';
import { ackPacket } from './r30x-acks.ts';
import { BITS_PER_BYTE } from './r30x-command-channel.ts';
import { CONFIRMATION } from './r30x-confirmation-codes.ts';
import { DataTransferAssembler } from './r30x-data-transfer.ts';
import { decodeCommand } from './r30x-instructions.ts';
import { encodePacket, type Packet } from './r30x-packet.ts';
import { type ModuleResponse, SimulatedR30xModule, type SimulatedModuleOptions } from './r30x-simulator-module.ts';
import { PacketStreamDecoder } from './r30x-stream-decoder.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import type { FingerprintQuality } from './simulated-fingers.ts';

/** How the cable comes out and goes back in; the simulator closes and reopens `device` around it. */
export interface PlugControl {
  unplug(): Promise<void>;
  replug(): Promise<void>;
}

export interface R30xSimulatorOptions extends SimulatedModuleOptions {
  /** The module's end of the wire (e.g. a SerialTransport on one end of a pty pair, or a SocatPtyLink). */
  readonly device: ByteTransport;
  /** Default: closing and reopening `device` is the unplug and the replug. */
  readonly plug?: PlugControl;
  /**
   * `baud` (default) paces output at baud/10 bytes per second, as a real
   * module's UART (an UpImage at 57,600 takes 6.4 s); `none` sends as fast as
   * the wire takes it, for tests that do not measure the line.
   */
  readonly pacing?: 'baud' | 'none';
  /** Send 0x55 after power-on, as an R50x does (reference §1.1). Default true. */
  readonly readyByte?: boolean;
  readonly scheduler?: Scheduler;
  /**
   * The host end's line speed, when the wire can tell (a pty pair: its
   * termios). Bytes arriving while it differs from the module's are garbled,
   * as on a real UART at the wrong baud, and dropped. Default: never garbled.
   */
  readonly hostBaudRate?: () => number;
}

export const READY_BYTE = 0x55;
/** Output leaves in slices of about this many milliseconds of line time, so pacing stays smooth. */
const SLICE_MS = 4;

type Outgoing = Uint8Array | (() => void);

export class R30xSimulator {
  readonly module: SimulatedR30xModule;
  /** Commands answered, the time spent computing the answers (for the driver benchmark), and commands lost while busy. */
  readonly stats = { commands: 0, handlerMs: 0, dropped: 0, garbled: 0 };
  readonly #device: ByteTransport;
  readonly #plug: PlugControl;
  readonly #pacing: 'baud' | 'none';
  readonly #readyByte: boolean;
  readonly #scheduler: Scheduler;
  readonly #garbage: ReturnType<typeof seededRandom>;
  readonly #hostBaudRate: (() => number) | undefined;
  #decoder: PacketStreamDecoder;
  #decoderAddress: number;
  /** Bumped at each power loss, so answers queued before it are dropped. */
  #power = 0;
  #detach: (() => void) | undefined;
  #busy = false;
  #output: Outgoing[] = [];
  #pumping = false;
  #lineFreeAt = 0;
  #download: { assembler: DataTransferAssembler; accept(payload: Uint8Array): void } | undefined;
  #replyDelayMs = 0;
  #plugged = false;
  #stopped = false;

  private constructor(options: R30xSimulatorOptions) {
    this.module = new SimulatedR30xModule(options);
    this.#device = options.device;
    this.#plug = options.plug ?? { unplug: async () => undefined, replug: async () => undefined };
    this.#pacing = options.pacing ?? 'baud';
    this.#readyByte = options.readyByte ?? true;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#garbage = seededRandom('r30x-garbage', options.seed ?? 'r30x-simulator');
    this.#hostBaudRate = options.hostBaudRate;
    this.#decoderAddress = this.module.address;
    this.#decoder = this.#newDecoder();
  }

  /** Opens the device end and powers the module on. */
  static async start(options: R30xSimulatorOptions): Promise<R30xSimulator> {
    const simulator = new R30xSimulator(options);
    await simulator.#powerOn();
    return simulator;
  }

  get isPlugged(): boolean {
    return this.#plugged;
  }

  get isRunning(): boolean {
    return !this.#stopped;
  }

  get replyDelayMs(): number {
    return this.#replyDelayMs;
  }

  place(citizen: SyntheticCitizen, position: FingerPosition, quality: number, condition?: FingerprintQuality): void {
    this.module.place(citizen, position, quality, condition);
  }

  lift(): void {
    this.module.lift();
  }

  /** Holds every reply this long before it starts to leave (0: no delay); the module is busy meanwhile (see #queue). */
  setReplyDelay(ms: number): void {
    this.#replyDelayMs = ms;
  }

  /** Random bytes on the line, after whatever is already queued (a reader at the wrong baud, a noisy cable). */
  injectGarbage(count: number): void {
    const bytes = new Uint8Array(count);
    for (let i = 0; i < count; i++) bytes[i] = this.#garbage.int(256);
    this.#send(bytes);
  }

  async unplug(): Promise<void> {
    if (!this.#plugged) return;
    this.#plugged = false;
    this.#unwire();
    await this.#plug.unplug();
    await this.#device.close().catch(() => undefined);
  }

  async replug(): Promise<void> {
    if (this.#plugged || this.#stopped) return;
    await this.#plug.replug();
    await this.#powerOn();
  }

  /** Releases the device end for good (idempotent). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#plugged = false;
    this.#unwire();
    await this.#device.close().catch(() => undefined);
  }

  async #powerOn(): Promise<void> {
    if (!this.#device.isOpen) await this.#device.open();
    this.#decoder = this.#newDecoder();
    const offData = this.#device.onData((chunk) => this.#onData(chunk));
    const offClose = this.#device.onClose(() => {
      // The wire went away under us (socat killed from outside): the module lost power.
      this.#plugged = false;
      this.#unwire();
    });
    this.#detach = () => {
      offData();
      offClose();
    };
    this.#plugged = true;
    this.#lineFreeAt = this.#scheduler.now();
    this.module.powerOn();
    if (this.#readyByte) this.#send(new Uint8Array([READY_BYTE]));
  }

  /** Drops listeners, queued output and any half-received download: a power loss. */
  #unwire(): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#output = [];
    this.#download = undefined;
    this.#busy = false;
    this.#power += 1;
  }

  #onData(chunk: Uint8Array): void {
    if (this.#hostBaudRate && this.#hostBaudRate() !== this.module.baudRate) {
      this.stats.garbled += chunk.length;
      return;
    }
    for (const item of this.#decoder.feed(chunk)) {
      if (item.type === 'error') {
        // §1.8: "packets with a bad checksum must produce ACK 01 or no reply". Noise gets nothing.
        if (item.error.reason === 'bad_checksum')
          this.#queue(() => ({ packets: [ackPacket(CONFIRMATION.packetReceiveError, undefined, this.module.address)] }));
        continue;
      }
      this.#onPacket(item.packet);
    }
  }

  #onPacket(packet: Packet): void {
    if (packet.kind === 'data' || packet.kind === 'endOfData') {
      const download = this.#download;
      if (!download) return; // data with no DownChar/DownImage before it: a module ignores it
      const step = download.assembler.accept(packet);
      if (step.status !== 'more') this.#download = undefined;
      if (step.status === 'complete') download.accept(step.payload);
      return;
    }
    if (packet.kind !== 'command') return;
    const command = decodeCommand(packet.content);
    // An instruction this family does not know: "error receiving the packet" is what an R30x says.
    if (!command.ok) return this.#queue(() => ({ packets: [ackPacket(CONFIRMATION.packetReceiveError, undefined, this.module.address)] }));
    this.#queue(() => this.module.handle(command.value));
  }

  /**
   * Without a reply delay, commands are answered at once, in order. With one,
   * the module is busy until its reply leaves and does not read commands that
   * arrive meanwhile (they are lost, as on a module busy with a capture), so
   * a host that gave up waiting gets at most one late reply, not a backlog.
   */
  #queue(answer: () => ModuleResponse): void {
    if (this.#replyDelayMs <= 0) return this.#answer(answer);
    if (this.#busy) {
      this.stats.dropped += 1;
      return;
    }
    this.#busy = true;
    const power = this.#power;
    void sleep(this.#scheduler, this.#replyDelayMs).then(() => {
      if (power !== this.#power) return; // unplugged meanwhile: the command died with the module
      this.#busy = false;
      this.#answer(answer);
    });
  }

  #answer(answer: () => ModuleResponse): void {
    const started = performance.now();
    const response = answer();
    this.stats.commands += 1;
    this.stats.handlerMs += performance.now() - started;
    if (response.download) {
      const { maxBytes, accept } = response.download;
      this.#download = { assembler: new DataTransferAssembler({ packetSize: this.module.packetSizeBytes, maxBytes }), accept };
    }
    for (const packet of response.packets) this.#send(encodePacket(packet));
    // The module's own pty end is not reconfigured: termios on a pty carries no meaning, and changing it
    // drops queued bytes (seen as lost ACKs). The speed shows in the pacing and in `hostBaudRate`.
    if (response.afterSent) this.#send(response.afterSent);
    // SetAdder: from now on only packets for the new address are ours.
    if (this.module.address !== this.#decoderAddress) this.#decoder = this.#newDecoder();
  }

  #newDecoder(): PacketStreamDecoder {
    this.#decoderAddress = this.module.address;
    return new PacketStreamDecoder({ address: this.#decoderAddress });
  }

  #send(item: Outgoing): void {
    if (!this.#plugged) return;
    this.#output.push(item);
    if (!this.#pumping) void this.#pump();
  }

  /**
   * Writes queued bytes as a UART would let them out: each slice leaves when
   * the line would have finished sending it. While bytes keep coming the line
   * time runs on from the previous slice (not from "now"), so timer lateness
   * delays bytes without lowering the throughput.
   */
  async #pump(): Promise<void> {
    this.#pumping = true;
    const output = this.#output;
    let lineAt = Math.max(this.#scheduler.now(), this.#lineFreeAt);
    // One write outstanding at a time, awaited lazily: an action queued after a
    // reply (SetSysPara) runs as soon as the reply's last byte is handed over,
    // before the host, having read it, can send its next command.
    let writing: Promise<void> = Promise.resolve();
    try {
      while (output.length > 0 && this.#output === output) {
        const item = output[0]!;
        if (typeof item === 'function') {
          output.shift();
          item();
          continue;
        }
        const bytesPerSlice = Math.max(1, Math.floor((this.module.baudRate / BITS_PER_BYTE) * (SLICE_MS / 1000)));
        const slice = this.#pacing === 'none' ? item : item.subarray(0, bytesPerSlice);
        if (slice.length === item.length) output.shift();
        else output[0] = item.subarray(slice.length);
        if (this.#pacing === 'baud') {
          lineAt += (slice.length * BITS_PER_BYTE * 1000) / this.module.baudRate;
          const wait = lineAt - this.#scheduler.now();
          if (wait > 0) await sleep(this.#scheduler, wait); // never early: the host must not see bytes faster than the line carries them
        }
        await writing;
        if (this.#output !== output || !this.#device.isOpen) break;
        writing = this.#device.write(slice).catch(() => undefined); // a write cut by an unplug: the bytes are lost, as on a real cable
      }
      await writing;
    } finally {
      this.#lineFreeAt = lineAt;
      this.#pumping = false;
      // Output queued while this pump was finishing its last write, or after an unplug/replug.
      if (this.#plugged && this.#device.isOpen && this.#output.length > 0) void this.#pump();
    }
  }
}
