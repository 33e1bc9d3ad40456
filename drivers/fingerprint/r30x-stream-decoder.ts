/**
 * Turns the byte stream from a module into packets, whatever the chunking
 * (reference §6: sync on EF 01, read the 9-byte prefix, read LEN more bytes,
 * verify the checksum, resync on mismatch).
 *
 * Errors are returned as values next to the packets, never thrown: a serial
 * `data` handler that throws would take the transport down with it. Memory and
 * waiting are bounded: after `feed` returns, at most one partial packet
 * (< MAX_PACKET_BYTES) is held, and `flush()` — called by the driver when its
 * reply deadline passes — gives up on it and rescans what it held.
 */
import { ProtocolError } from './errors.ts';
import { type FramingOptions, HEADER_HIGH, HEADER_LOW, MAX_PACKET_BYTES, type Packet, readPacketAt } from './r30x-packet.ts';

export type DecodedItem = { readonly type: 'packet'; readonly packet: Packet } | { readonly type: 'error'; readonly error: ProtocolError };

export class PacketStreamDecoder {
  readonly #options: FramingOptions;
  #buf = new Uint8Array(2 * MAX_PACKET_BYTES);
  #start = 0;
  #end = 0;
  /** Stream offset of `#buf[0]`. */
  #base = 0;
  #noiseStart = 0;
  #noiseBytes = 0;
  /** Bytes before this stream offset belong to a frame already reported; they are not reported again as noise. */
  #quietUntil = 0;
  #partial = false;

  constructor(options: FramingOptions = {}) {
    this.#options = { ...options };
  }

  /** Bytes held back, waiting for the rest of a packet. */
  get bufferedBytes(): number {
    return this.#end - this.#start;
  }

  /** A packet has begun and not finished: the moment for the driver to arm its reply timer. */
  get awaitingPacket(): boolean {
    return this.#partial;
  }

  /** Total bytes fed since construction or `reset()`. */
  get streamOffset(): number {
    return this.#base + this.#end;
  }

  feed(chunk: Uint8Array): DecodedItem[] {
    this.#append(chunk);
    const out: DecodedItem[] = [];
    this.#scan(out);
    if (this.#buf.length > 8 * MAX_PACKET_BYTES) this.#shrink();
    return out;
  }

  /**
   * No more bytes are coming for now (the reply deadline passed, the port
   * closed): abandon any partial packet as `truncated`, decode whatever
   * complete packets it was hiding, and report leftover noise. Leaves the
   * decoder empty.
   */
  flush(): DecodedItem[] {
    const out: DecodedItem[] = [];
    this.#scan(out);
    while (this.#start < this.#end) {
      const at = this.#base + this.#start;
      const remaining = this.#end - this.#start;
      if (this.#isOurHeaderPrefix(this.#start)) {
        this.#emitNoise(out);
        out.push({
          type: 'error',
          error: new ProtocolError('truncated', `partial packet of ${remaining} bytes abandoned`, { streamOffset: at, byteCount: remaining }),
        });
        this.#quietUntil = Math.max(this.#quietUntil, this.#base + this.#end);
      } else {
        this.#countNoise(at, 1);
      }
      this.#start += 1;
      this.#scan(out);
    }
    this.#emitNoise(out);
    this.#partial = false;
    return out;
  }

  /** Drops everything silently (after a reconnect or a baud change, old bytes mean nothing). */
  reset(): void {
    this.#start = this.#end = this.#base = 0;
    this.#noiseBytes = this.#quietUntil = 0;
    this.#partial = false;
  }

  #append(chunk: Uint8Array): void {
    const held = this.#end - this.#start;
    if (this.#end + chunk.length > this.#buf.length) {
      if (held + chunk.length > this.#buf.length) {
        const grown = new Uint8Array(Math.max(2 * this.#buf.length, held + chunk.length));
        grown.set(this.#buf.subarray(this.#start, this.#end), 0);
        this.#buf = grown;
      } else {
        this.#buf.copyWithin(0, this.#start, this.#end);
      }
      this.#base += this.#start;
      this.#start = 0;
      this.#end = held;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** A large chunk grew the buffer; what is left after scanning is at most one partial packet. */
  #shrink(): void {
    const held = this.#buf.subarray(this.#start, this.#end);
    this.#buf = new Uint8Array(2 * MAX_PACKET_BYTES);
    this.#buf.set(held, 0);
    this.#base += this.#start;
    this.#end = held.length;
    this.#start = 0;
  }

  #scan(out: DecodedItem[]): void {
    const buf = this.#buf;
    this.#partial = false;
    while (this.#start < this.#end) {
      const header = this.#findHeader(this.#start);
      if (header < 0) {
        // Keep a trailing EF: it may be the first half of the next header.
        const keep = buf[this.#end - 1] === HEADER_HIGH ? 1 : 0;
        this.#countNoise(this.#base + this.#start, this.#end - keep - this.#start);
        this.#start = this.#end - keep;
        return;
      }
      this.#countNoise(this.#base + this.#start, header - this.#start);
      this.#start = header;
      const at = this.#base + header;
      const reading = readPacketAt(buf, header, this.#end, this.#options, at);
      switch (reading.status) {
        case 'partial':
          this.#partial = true;
          return;
        case 'noise':
          this.#countNoise(at, 1);
          this.#start += 1;
          break;
        case 'rejected':
          this.#emitNoise(out);
          out.push({ type: 'error', error: reading.error });
          this.#quietUntil = Math.max(this.#quietUntil, at + reading.extent);
          this.#start += reading.skip;
          break;
        case 'packet':
          this.#emitNoise(out);
          out.push({ type: 'packet', packet: reading.packet });
          this.#start += reading.length;
          break;
      }
    }
  }

  #findHeader(from: number): number {
    const buf = this.#buf;
    let i = from;
    while (i < this.#end - 1) {
      i = buf.indexOf(HEADER_HIGH, i);
      if (i < 0 || i >= this.#end - 1) return -1;
      if (buf[i + 1] === HEADER_LOW) return i;
      i += 1;
    }
    return -1;
  }

  /** EF 01 followed by (as much as we have of) our address. */
  #isOurHeaderPrefix(at: number): boolean {
    const buf = this.#buf;
    if (buf[at] !== HEADER_HIGH || at + 1 >= this.#end || buf[at + 1] !== HEADER_LOW) return false;
    const address = this.#options.address ?? 0xffffffff;
    for (let k = 0; k < 4 && at + 2 + k < this.#end; k++) {
      if (buf[at + 2 + k] !== (address >>> (24 - 8 * k)) % 256) return false;
    }
    return true;
  }

  #countNoise(at: number, count: number): void {
    const from = Math.max(at, this.#quietUntil);
    const loud = at + count - from;
    if (loud <= 0) return;
    if (this.#noiseBytes === 0) this.#noiseStart = from;
    this.#noiseBytes += loud;
  }

  #emitNoise(out: DecodedItem[]): void {
    if (this.#noiseBytes === 0) return;
    out.push({
      type: 'error',
      error: new ProtocolError('bad_header', `${this.#noiseBytes} bytes outside any packet skipped`, {
        streamOffset: this.#noiseStart,
        byteCount: this.#noiseBytes,
      }),
    });
    this.#noiseBytes = 0;
  }
}
