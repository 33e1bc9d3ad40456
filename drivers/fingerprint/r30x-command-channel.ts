/**
 * One R30x command at a time over a ByteTransport: send the command packet,
 * wait for its ACK under a deadline, and collect the data phase that follows
 * UpChar/UpImage (or stream the host's data after DownChar/DownImage).
 *
 * Why each rule (hardware-protocols.md §1.2): the module answers every command
 * with exactly one ACK and nothing carries a sequence number, so a second
 * command in flight could take the first one's reply — hence the queue. Data
 * packets follow some ACKs with no further ACK and end with PID 08, their size
 * set by the packet-size register — hence the assembler with the size read
 * from ReadSysPara. After a failed exchange the rest of a late reply or data
 * phase may still arrive; the next command waits until the line is quiet so
 * those bytes are not taken for its answer.
 */
import type { ByteTransport, TransportCloseReason } from '../transport/byte-transport.ts';
import { TransportError } from '../transport/byte-transport.ts';
import { ListenerSet } from '../transport/listener-set.ts';
import { DeviceDisconnected, DeviceTimeout, ProtocolError } from './errors.ts';
import { realScheduler, type Scheduler, sleep } from './fingerprint-reader.ts';
import { parseReply, type PacketSizeBytes, type Reply } from './r30x-acks.ts';
import { DataTransferAssembler, splitDataPackets } from './r30x-data-transfer.ts';
import { type CommandOf, commandPacket, type InstructionName } from './r30x-instructions.ts';
import { DEFAULT_ADDRESS, encodePacket, FRAME_PREFIX_BYTES, CHECKSUM_BYTES, type Packet } from './r30x-packet.ts';
import { type DecodedItem, PacketStreamDecoder } from './r30x-stream-decoder.ts';

export interface R30xChannelOptions {
  readonly transport: ByteTransport;
  readonly scheduler?: Scheduler;
  readonly address?: number;
  /** Deadline for each ACK and, in a data phase, for each next packet. Default 1000 ms (Adafruit's DEFAULTTIMEOUT, reference §1.1). */
  readonly replyTimeoutMs?: number;
  /** After a failed exchange, the line must be silent this long before the next command. Default 50 ms. */
  readonly quietMs?: number;
}

/** Module → host data phase (UpChar, UpImage). */
export interface UploadPhase {
  readonly packetSize: PacketSizeBytes;
  readonly maxBytes: number;
  /** Line speed, to bound the whole phase: a stream of valid packets cannot hold the channel forever. */
  readonly baudRate: number;
}

/** Host → module data phase (DownChar, DownImage), sent after ACK 00. */
export interface DownloadPhase {
  readonly packetSize: PacketSizeBytes;
  readonly payload: Uint8Array;
}

export interface SendOptions {
  readonly upload?: UploadPhase;
  readonly download?: DownloadPhase;
  /** Overrides the reply deadline for this command. */
  readonly timeoutMs?: number;
}

export interface Exchange<N extends InstructionName> {
  readonly reply: Reply<N>;
  /** The data phase's payload, present when an upload was requested and the ACK was 00. */
  readonly data?: Uint8Array;
}

export interface ChannelStats {
  /** Bytes outside any packet (line noise, the R50x power-on 0x55, a reply from another address). */
  noiseBytes: number;
  /** Well-formed packets that arrived with no command waiting (late replies). */
  strayPackets: number;
  protocolErrors: number;
}

/** 9 prefix + 2 checksum bytes per packet (reference §1.2), 10 bits a byte on an 8N1 line (§1.1). */
export const PACKET_OVERHEAD_BYTES = FRAME_PREFIX_BYTES + CHECKSUM_BYTES;
export const BITS_PER_BYTE = 10;

/** Time a data phase of `payloadBytes` takes on the wire, ms. */
export function transferTimeMs(payloadBytes: number, packetSize: number, baudRate: number): number {
  const packets = Math.max(1, Math.ceil(payloadBytes / packetSize));
  return ((payloadBytes + packets * PACKET_OVERHEAD_BYTES) * BITS_PER_BYTE * 1000) / baudRate;
}

interface Pending {
  packet(packet: Packet): void;
  fail(error: Error): void;
}

export class R30xChannel {
  readonly #transport: ByteTransport;
  readonly #scheduler: Scheduler;
  readonly #address: number;
  readonly #replyTimeoutMs: number;
  readonly #quietMs: number;
  readonly #decoder: PacketStreamDecoder;
  readonly #disconnectListeners = new ListenerSet<[TransportCloseReason]>();
  readonly stats: ChannelStats = { noiseBytes: 0, strayPackets: 0, protocolErrors: 0 };
  #tail: Promise<unknown> = Promise.resolve();
  #pending: Pending | undefined;
  #detach: (() => void) | undefined;
  #lastByteAt = Number.NEGATIVE_INFINITY;
  /** Set by a failed exchange: how long the next command may wait for the line to go quiet. */
  #quietCapMs = 0;

  constructor(options: R30xChannelOptions) {
    this.#transport = options.transport;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#address = options.address ?? DEFAULT_ADDRESS;
    this.#replyTimeoutMs = options.replyTimeoutMs ?? 1000;
    this.#quietMs = options.quietMs ?? 50;
    this.#decoder = new PacketStreamDecoder({ address: this.#address });
  }

  get replyTimeoutMs(): number {
    return this.#replyTimeoutMs;
  }

  get attached(): boolean {
    return this.#detach !== undefined;
  }

  /** Subscribes to the transport (after each open). Idempotent. */
  attach(): void {
    if (this.#detach) return;
    this.#decoder.reset();
    const offData = this.#transport.onData((chunk) => this.#onData(chunk));
    const offClose = this.#transport.onClose((reason) => this.#onClose(reason));
    this.#detach = () => {
      offData();
      offClose();
    };
  }

  /** Unsubscribes (before our own close); a command in flight fails with DeviceDisconnected. */
  detach(reason = 'the port was closed'): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#pending?.fail(new DeviceDisconnected(`fingerprint reader disconnected: ${reason}`));
    this.#decoder.reset();
  }

  /** The transport closed under us (unplug, I/O error); not called for our own close. */
  onDisconnect(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#disconnectListeners.add(listener);
  }

  /** Queues `command`; resolves with its reply (a refusal is a value, not an error). */
  send<N extends InstructionName>(command: CommandOf<N>, options: SendOptions = {}): Promise<Exchange<N>> {
    const turn = this.#tail.then(async () => {
      if (this.#quietCapMs > 0) await this.#quiesce();
      return this.#exchange(command, options);
    });
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  #onData(chunk: Uint8Array): void {
    this.#lastByteAt = this.#scheduler.now();
    this.#dispatch(this.#decoder.feed(chunk));
  }

  #onClose(reason: TransportCloseReason): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#pending?.fail(new DeviceDisconnected(`fingerprint reader disconnected (${reason}) on ${this.#transport.target}`));
    this.#decoder.reset();
    this.#disconnectListeners.emit(reason);
  }

  #dispatch(items: readonly DecodedItem[]): void {
    for (const item of items) {
      if (item.type === 'packet') {
        if (this.#pending) this.#pending.packet(item.packet);
        else this.stats.strayPackets += 1;
        continue;
      }
      const { reason, details } = item.error;
      // Noise and other modules' packets are not our reply; a truncated packet is the deadline's business.
      if (reason === 'bad_header' || reason === 'wrong_address') this.stats.noiseBytes += details.byteCount ?? 1;
      else if (reason !== 'truncated') {
        this.stats.protocolErrors += 1;
        this.#pending?.fail(item.error);
      }
    }
  }

  #exchange<N extends InstructionName>(command: CommandOf<N>, options: SendOptions): Promise<Exchange<N>> {
    if (!this.#detach || !this.#transport.isOpen) {
      return Promise.reject(new DeviceDisconnected(`fingerprint reader on ${this.#transport.target} is not connected`));
    }
    const name = command.name as N;
    const replyTimeoutMs = options.timeoutMs ?? this.#replyTimeoutMs;
    let bytes: Uint8Array;
    try {
      bytes = encodePacket(commandPacket(command, this.#address));
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<Exchange<N>>((resolve, reject) => {
      let cancelDeadline: () => void = () => undefined;
      let cancelPhaseBound: () => void = () => undefined;
      let assembler: DataTransferAssembler | undefined;
      let reply: Reply<N> | undefined;
      let phaseBoundMs = 0;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        cancelDeadline();
        cancelPhaseBound();
        if (this.#pending === pending) this.#pending = undefined;
        return true;
      };
      const succeed = (value: Exchange<N>): void => {
        if (settle()) resolve(value);
      };
      const fail = (error: Error): void => {
        if (!settle()) return;
        if (!(error instanceof DeviceDisconnected)) this.#quietCapMs = Math.max(replyTimeoutMs, phaseBoundMs);
        reject(error);
      };
      const arm = (ms: number, operation: string): void => {
        cancelDeadline();
        cancelDeadline = this.#scheduler.after(ms, () => {
          // A packet may be complete in what the decoder holds; whatever is left is abandoned.
          this.#dispatch(this.#decoder.flush());
          fail(new DeviceTimeout(operation, ms));
        });
      };
      const pending: Pending = {
        fail,
        packet: (packet) => {
          if (!assembler) {
            const parsed = parseReply(name, packet);
            if (!parsed.ok) return fail(parsed.error);
            reply = parsed.value;
            if (!reply.accepted) return succeed({ reply });
            if (options.download) {
              // The module does not acknowledge data packets (reference §1.2): done once they are written.
              cancelDeadline();
              return void this.#download(options.download).then(() => succeed({ reply: reply! }), fail);
            }
            if (!options.upload) return succeed({ reply });
            const { packetSize, maxBytes, baudRate } = options.upload;
            assembler = new DataTransferAssembler({ packetSize, maxBytes });
            phaseBoundMs = replyTimeoutMs + 3 * transferTimeMs(maxBytes, packetSize, baudRate);
            cancelPhaseBound = this.#scheduler.after(phaseBoundMs, () => fail(new DeviceTimeout(`${name} data phase`, phaseBoundMs)));
            return arm(replyTimeoutMs, `${name} data phase`);
          }
          const step = assembler.accept(packet);
          if (step.status === 'error') return fail(step.error);
          if (step.status === 'complete') return succeed({ reply: reply!, data: step.payload });
          arm(replyTimeoutMs, `${name} data phase`);
        },
      };
      this.#pending = pending;
      arm(replyTimeoutMs, name);
      this.#transport.write(bytes).catch((error: unknown) => fail(writeFailure(error, this.#transport.target)));
    });
  }

  async #download(phase: DownloadPhase): Promise<void> {
    for (const packet of splitDataPackets(phase.payload, phase.packetSize, this.#address)) {
      await this.#transport.write(encodePacket(packet)).catch((error: unknown) => {
        throw writeFailure(error, this.#transport.target);
      });
    }
  }

  /** Waits (bounded) until no byte has arrived for `quietMs`, then drops what the decoder holds. */
  async #quiesce(): Promise<void> {
    const cap = this.#scheduler.now() + this.#quietCapMs;
    this.#quietCapMs = 0;
    for (;;) {
      const now = this.#scheduler.now();
      const idle = now - this.#lastByteAt;
      if (idle >= this.#quietMs || now >= cap) break;
      await sleep(this.#scheduler, Math.min(this.#quietMs - idle, cap - now));
    }
    this.#decoder.reset();
  }
}

function writeFailure(error: unknown, target: string): Error {
  if (error instanceof TransportError) return new DeviceDisconnected(`fingerprint reader on ${target}: ${error.message}`);
  return error instanceof Error ? error : new ProtocolError('out_of_range', String(error));
}
