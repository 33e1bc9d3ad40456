/**
 * A ByteTransport that plays an R30x module from a script, byte-exactly, for
 * the driver's fault tests: each command the driver writes is decoded and
 * answered by `respond` (raw bytes, packets, silence, or "hold until
 * released"); by default a minimal well-behaved module answers. Replies
 * arrive on a later macrotask, as through the OS.
 */
import {
  ackPacket,
  type Command,
  decodeCommand,
  decodePacket,
  encodePacket,
  type Packet,
  type PacketSizeBytes,
  packetSizeCodeOf,
  PACKET_SIZE_BYTES,
  replyPacket,
  splitDataPackets,
  systemParameters,
} from '../../../drivers/fingerprint/r30x-codec.ts';
import { type ByteTransport, type TransportCloseReason, TransportError } from '../../../drivers/transport/byte-transport.ts';
import { ListenerSet } from '../../../drivers/transport/listener-set.ts';

export type Chunk = Uint8Array | Packet;
/** `silent`: no answer at all; `hold`: the default answer, sent when the test calls release(). */
export type Response = Chunk | readonly Chunk[] | 'silent' | 'hold';

export const VENDOR_TEMPLATE = Uint8Array.from({ length: 512 }, (_, i) => (i * 7 + 3) & 0xff);
export const PACKED_IMAGE = Uint8Array.from({ length: (256 * 288) / 2 }, (_, i) => (i * 13) & 0xff);

export class ScriptedTransport implements ByteTransport {
  readonly kind = 'serial' as const;
  readonly target = 'scripted';
  readonly commands: Command[] = [];
  readonly writes: Uint8Array[] = [];
  readonly dataListeners = new ListenerSet<[Uint8Array]>();
  readonly closeListeners = new ListenerSet<[TransportCloseReason]>();
  readonly baudRates: number[] = [];
  respond: (command: Command, index: number) => Response | undefined = () => undefined;
  fingerPresent = false;
  packetSize: PacketSizeBytes = 128;
  template: Uint8Array = VENDOR_TEMPLATE;
  plugged = true;
  opens = 0;
  closes = 0;
  #open = false;
  #held: (() => void)[] = [];

  get isOpen(): boolean {
    return this.#open;
  }

  get listenerCount(): number {
    return this.dataListeners.size + this.closeListeners.size;
  }

  get heldCount(): number {
    return this.#held.length;
  }

  async open(): Promise<void> {
    if (!this.plugged) throw new TransportError('transport.open_failed', 'scripted: no such device');
    this.opens += 1;
    this.#open = true;
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.closes += 1;
    this.#drop('closed');
  }

  async setBaudRate(baud: number): Promise<void> {
    this.baudRates.push(baud);
  }

  /** The cable comes out: "disconnected", and open() fails until plugged is set again. */
  unplug(): void {
    this.plugged = false;
    this.#held = [];
    this.#drop('disconnected');
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) return Promise.reject(new TransportError('transport.not_open', 'scripted: not open'));
    this.writes.push(bytes.slice());
    const packet = decodePacket(bytes);
    if (packet.ok && packet.value.kind === 'command') {
      const command = decodeCommand(packet.value.content);
      if (command.ok) this.#answer(command.value);
    }
    return Promise.resolve();
  }

  /** Bytes from the "module", on the next macrotask. */
  emit(...chunks: readonly Chunk[]): void {
    const bytes = chunks.map((chunk) => (chunk instanceof Uint8Array ? chunk : encodePacket(chunk)));
    setImmediate(() => {
      if (this.#open) for (const chunk of bytes) this.dataListeners.emit(chunk);
    });
  }

  /** Sends the answers held back with `hold`, oldest first. */
  release(): void {
    const held = this.#held;
    this.#held = [];
    for (const send of held) send();
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.closeListeners.add(listener);
  }

  commandNames(): string[] {
    return this.commands.map((command) => command.name);
  }

  #drop(reason: TransportCloseReason): void {
    if (!this.#open) return;
    this.#open = false;
    this.closeListeners.emit(reason);
  }

  #answer(command: Command): void {
    const index = this.commands.push(command) - 1;
    const response = this.respond(command, index) ?? this.defaultResponse(command);
    if (response === 'silent') return;
    if (response === 'hold') {
      this.#held.push(() => this.emit(...this.defaultResponse(command)));
      return;
    }
    this.emit(...(Array.isArray(response) ? (response as readonly Chunk[]) : [response as Chunk]));
  }

  /** A well-behaved module with a vendor template and a test-pattern image. */
  defaultResponse(command: Command): Chunk[] {
    switch (command.name) {
      case 'readSysPara':
        return [
          replyPacket(
            'readSysPara',
            systemParameters({
              statusRegister: 4,
              systemId: 0,
              libraryCapacity: 162,
              securityLevel: 3,
              address: 0xffffffff,
              packetSizeCode: packetSizeCodeOf(this.packetSize),
              baudMultiplier: 6,
            }),
          ),
        ];
      case 'genImg':
        return [ackPacket(this.fingerPresent ? 0x00 : 0x02)];
      case 'upChar':
        return [ackPacket(0), ...splitDataPackets(this.template, this.packetSize)];
      case 'upImage':
        return [ackPacket(0), ...splitDataPackets(PACKED_IMAGE, this.packetSize)];
      case 'setSysPara':
        if (command.register === 6) this.packetSize = PACKET_SIZE_BYTES[command.value]!;
        return [ackPacket(0)];
      default:
        return [ackPacket(0)];
    }
  }
}
