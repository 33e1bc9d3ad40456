/**
 * Data phases: after UpChar / UpImage the module streams data packets (PID 02)
 * ending with one end-of-data packet (PID 08), with no ACKs in between; for
 * DownChar / DownImage the host streams them (hardware-protocols.md §1.2).
 * The payload per packet is the packet-size register (32/64/128/256 bytes,
 * §1.5): both sides take it as a parameter and never assume 128 or 256.
 */
import { ProtocolError, type Result } from './errors.ts';
import type { PacketSizeBytes } from './r30x-acks.ts';
import { DEFAULT_ADDRESS, type Packet } from './r30x-packet.ts';

/** Cuts `payload` into full-size data packets and a final end-of-data packet. */
export function splitDataPackets(payload: Uint8Array, packetSize: PacketSizeBytes, address: number = DEFAULT_ADDRESS): Packet[] {
  const packets: Packet[] = [];
  let at = 0;
  do {
    const next = Math.min(at + packetSize, payload.length);
    packets.push({ kind: next === payload.length ? 'endOfData' : 'data', address, content: payload.slice(at, next) });
    at = next;
  } while (at < payload.length);
  return packets;
}

export interface DataTransferOptions {
  readonly packetSize: PacketSizeBytes;
  /** Refuse a transfer longer than this (an image is 36,864 bytes, a template 512: reference §1.6). */
  readonly maxBytes: number;
}

export type DataTransferStep =
  { readonly status: 'more' } | { readonly status: 'complete'; readonly payload: Uint8Array } | { readonly status: 'error'; readonly error: ProtocolError };

/**
 * Collects one data phase packet by packet. A packet larger than the
 * packet-size register, a transfer past `maxBytes`, or anything but a data
 * packet ends the transfer with an error; after `complete` or `error` the
 * assembler refuses further packets. A shorter data packet is accepted: the
 * reference says to read LEN from every packet rather than assume the size.
 */
export class DataTransferAssembler {
  readonly #packetSize: PacketSizeBytes;
  readonly #maxBytes: number;
  readonly #parts: Uint8Array[] = [];
  #received = 0;
  #finished = false;

  constructor(options: DataTransferOptions) {
    this.#packetSize = options.packetSize;
    this.#maxBytes = options.maxBytes;
  }

  get receivedBytes(): number {
    return this.#received;
  }

  accept(packet: Packet): DataTransferStep {
    if (this.#finished) return this.#fail(new ProtocolError('unexpected_pid', `a ${packet.kind} packet after the data phase ended`));
    if (packet.kind !== 'data' && packet.kind !== 'endOfData') {
      return this.#fail(new ProtocolError('unexpected_pid', `a ${packet.kind} packet inside a data phase`));
    }
    const size = packet.content.length;
    if (size > this.#packetSize) {
      return this.#fail(
        new ProtocolError('bad_length', `data packet of ${size} bytes exceeds the ${this.#packetSize}-byte packet size`, {
          expected: this.#packetSize,
          actual: size,
        }),
      );
    }
    if (this.#received + size > this.#maxBytes) {
      return this.#fail(
        new ProtocolError('bad_length', `data phase exceeds ${this.#maxBytes} bytes`, { expected: this.#maxBytes, actual: this.#received + size }),
      );
    }
    this.#parts.push(packet.content);
    this.#received += size;
    if (packet.kind === 'data') return { status: 'more' };
    this.#finished = true;
    const payload = new Uint8Array(this.#received);
    let at = 0;
    for (const part of this.#parts) {
      payload.set(part, at);
      at += part.length;
    }
    return { status: 'complete', payload };
  }

  #fail(error: ProtocolError): DataTransferStep {
    this.#finished = true;
    return { status: 'error', error };
  }
}

/** Joins a whole data phase at once; the packets must end with exactly one end-of-data packet. */
export function joinDataPackets(packets: readonly Packet[], options: DataTransferOptions): Result<Uint8Array> {
  const assembler = new DataTransferAssembler(options);
  for (const [i, packet] of packets.entries()) {
    const step = assembler.accept(packet);
    if (step.status === 'error') return { ok: false, error: step.error };
    if (step.status === 'complete') {
      if (i !== packets.length - 1) return { ok: false, error: new ProtocolError('unexpected_pid', `${packets.length - 1 - i} packets after end-of-data`) };
      return { ok: true, value: step.payload };
    }
  }
  return { ok: false, error: new ProtocolError('truncated', 'data phase ended without an end-of-data packet', { actual: assembler.receivedBytes }) };
}
