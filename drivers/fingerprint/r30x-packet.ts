/**
 * R30x / ZFM-20 / AS608 packet framing (hardware-protocols.md §1.2):
 *
 *   EF 01 | ADDR (4) | PID (1) | LEN (2) | CONTENT (LEN-2) | SUM (2)      all big-endian
 *
 * Pure functions from packets to bytes and back; the streaming decoder and
 * the simulator build on `readPacketAt`.
 */
import { ProtocolError, type Result } from './errors.ts';

export const HEADER_HIGH = 0xef;
export const HEADER_LOW = 0x01;
/** Factory address; a module ignores packets for any other (reference §1.1). */
export const DEFAULT_ADDRESS = 0xffffffff;

/** Packet identifiers (reference §1.2). */
export const PID = { command: 0x01, data: 0x02, ack: 0x07, endOfData: 0x08 } as const;
export type PacketKind = keyof typeof PID;

/** Header (2) + address (4) + PID (1) + length (2): the bytes before the content. */
export const FRAME_PREFIX_BYTES = 9;
export const CHECKSUM_BYTES = 2;
/**
 * Largest content we accept. Data packets carry up to 256 bytes (packet-size
 * code 3, reference §1.5), so LEN reaches 258 even though §1.2 says "maximum
 * 256" for LEN: that sentence counts the content, not the checksum.
 */
export const MAX_CONTENT_BYTES = 256;
export const MAX_PACKET_BYTES = FRAME_PREFIX_BYTES + MAX_CONTENT_BYTES + CHECKSUM_BYTES;

export interface Packet {
  readonly kind: PacketKind;
  /** Module address, an unsigned 32-bit integer. */
  readonly address: number;
  /** Instruction code + parameters (command), confirmation code + returns (ack), or raw data. */
  readonly content: Uint8Array;
}

export interface FramingOptions {
  /** The only address we accept packets from; default 0xFFFFFFFF. */
  readonly address?: number;
  /** Refuse a length field announcing more content than this (bounds how long a lying length can hold us). */
  readonly maxContentBytes?: number;
}

const KIND_BY_PID: ReadonlyMap<number, PacketKind> = new Map(Object.entries(PID).map(([kind, pid]) => [pid, kind as PacketKind]));

export function packetKindOf(pid: number): PacketKind | undefined {
  return KIND_BY_PID.get(pid);
}

/** Commands and acks carry at least the instruction or confirmation code; data packets may be empty. */
function minimumContent(kind: PacketKind): number {
  return kind === 'command' || kind === 'ack' ? 1 : 0;
}

/** "Arithmetic sum of PID + both length bytes + every content byte, truncated to 16 bits" (reference §1.2). */
export function packetChecksum(pid: number, content: Uint8Array, from = 0, to = content.length): number {
  const length = to - from + CHECKSUM_BYTES;
  let sum = pid + (length >>> 8) + (length & 0xff);
  for (let i = from; i < to; i++) sum += content[i]!;
  return sum & 0xffff;
}

export function encodePacket(packet: Packet): Uint8Array {
  const { content, address } = packet;
  if (!Number.isInteger(address) || address < 0 || address > 0xffffffff) {
    throw new ProtocolError('out_of_range', `address ${address} is not an unsigned 32-bit integer`);
  }
  if (content.length < minimumContent(packet.kind) || content.length > MAX_CONTENT_BYTES) {
    throw new ProtocolError('out_of_range', `a ${packet.kind} packet cannot carry ${content.length} content bytes`, { actual: content.length });
  }
  const pid = PID[packet.kind];
  const length = content.length + CHECKSUM_BYTES;
  const bytes = new Uint8Array(FRAME_PREFIX_BYTES + length);
  const view = new DataView(bytes.buffer);
  bytes[0] = HEADER_HIGH;
  bytes[1] = HEADER_LOW;
  view.setUint32(2, address);
  bytes[6] = pid;
  view.setUint16(7, length);
  bytes.set(content, FRAME_PREFIX_BYTES);
  view.setUint16(FRAME_PREFIX_BYTES + content.length, packetChecksum(pid, content));
  return bytes;
}

/** What the bytes at a header position turned out to be. */
export type FrameReading =
  /** Not a packet after all (EF 01 inside noise or another module's corrupted traffic). */
  | { readonly status: 'noise' }
  /** Could be a packet; `needed` bytes from the header are required to decide. */
  | { readonly status: 'partial'; readonly needed: number }
  | { readonly status: 'packet'; readonly packet: Packet; readonly length: number }
  /**
   * A packet-shaped run we refuse. `skip` is how far to move on (1 when the
   * length field cannot be trusted, so a real packet inside it is still
   * found); `extent` is how many bytes the refused frame claimed.
   */
  | { readonly status: 'rejected'; readonly error: ProtocolError; readonly skip: number; readonly extent: number };

/**
 * Reads the frame starting at `buf[start]`, which must hold EF 01. Looks at
 * no byte at or beyond `end`. Never throws.
 *
 * Only frames addressed to us are reported as errors: EF 01 followed by
 * another address and a bad PID, length or checksum is far more likely noise
 * than a packet, so it is left to the caller's resynchronisation.
 */
export function readPacketAt(buf: Uint8Array, start: number, end: number, options: FramingOptions = {}, streamOffset = start): FrameReading {
  const expectedAddress = options.address ?? DEFAULT_ADDRESS;
  const maxContent = options.maxContentBytes ?? MAX_CONTENT_BYTES;
  const available = end - start;
  if (available < FRAME_PREFIX_BYTES) return { status: 'partial', needed: FRAME_PREFIX_BYTES };
  const address = ((buf[start + 2]! << 24) | (buf[start + 3]! << 16) | (buf[start + 4]! << 8) | buf[start + 5]!) >>> 0;
  const ours = address === expectedAddress;
  const pid = buf[start + 6]!;
  const kind = packetKindOf(pid);
  const length = (buf[start + 7]! << 8) | buf[start + 8]!;
  if (kind === undefined) {
    if (!ours) return { status: 'noise' };
    const error = new ProtocolError('unexpected_pid', `unexpected packet identifier 0x${pid.toString(16).padStart(2, '0')}`, { streamOffset, actual: pid });
    // The length field is plausible enough to say how far the refused frame reaches (for noise accounting only).
    return { status: 'rejected', error, skip: 1, extent: FRAME_PREFIX_BYTES + Math.min(length, maxContent + CHECKSUM_BYTES) };
  }
  const contentLength = length - CHECKSUM_BYTES;
  if (contentLength < minimumContent(kind) || contentLength > maxContent) {
    if (!ours) return { status: 'noise' };
    const error = new ProtocolError(
      'bad_length',
      `length field ${length} is outside ${minimumContent(kind) + CHECKSUM_BYTES}..${maxContent + CHECKSUM_BYTES} for a ${kind} packet`,
      {
        streamOffset,
        actual: length,
        expected: maxContent + CHECKSUM_BYTES,
      },
    );
    return { status: 'rejected', error, skip: 1, extent: FRAME_PREFIX_BYTES };
  }
  const total = FRAME_PREFIX_BYTES + length;
  if (available < total) return { status: 'partial', needed: total };
  const contentStart = start + FRAME_PREFIX_BYTES;
  const contentEnd = contentStart + contentLength;
  const sent = (buf[contentEnd]! << 8) | buf[contentEnd + 1]!;
  const computed = packetChecksum(pid, buf, contentStart, contentEnd);
  if (sent !== computed) {
    if (!ours) return { status: 'noise' };
    const error = new ProtocolError('bad_checksum', `checksum 0x${sent.toString(16)} does not match 0x${computed.toString(16)}`, {
      streamOffset,
      expected: computed,
      actual: sent,
    });
    return { status: 'rejected', error, skip: 1, extent: total };
  }
  if (!ours) {
    const error = new ProtocolError('wrong_address', `packet for address 0x${address.toString(16)}`, {
      streamOffset,
      expected: expectedAddress,
      actual: address,
    });
    return { status: 'rejected', error, skip: total, extent: total };
  }
  return { status: 'packet', packet: { kind, address, content: buf.slice(contentStart, contentEnd) }, length: total };
}

/** Decodes bytes that must hold exactly one packet (a test vector, a captured frame). */
export function decodePacket(bytes: Uint8Array, options: FramingOptions = {}): Result<Packet> {
  if (bytes.length < 2 || bytes[0] !== HEADER_HIGH || bytes[1] !== HEADER_LOW) {
    return { ok: false, error: new ProtocolError('bad_header', 'bytes do not start with EF 01', { streamOffset: 0, byteCount: bytes.length }) };
  }
  const reading = readPacketAt(bytes, 0, bytes.length, options);
  switch (reading.status) {
    case 'packet':
      if (reading.length !== bytes.length) {
        return {
          ok: false,
          error: new ProtocolError('bad_length', `${bytes.length - reading.length} bytes after the packet`, { expected: reading.length, actual: bytes.length }),
        };
      }
      return { ok: true, value: reading.packet };
    case 'rejected':
      return { ok: false, error: reading.error };
    case 'partial':
      return {
        ok: false,
        error: new ProtocolError('truncated', `packet needs ${reading.needed} bytes, got ${bytes.length}`, { expected: reading.needed, actual: bytes.length }),
      };
    case 'noise':
      return { ok: false, error: new ProtocolError('wrong_address', 'frame is not addressed to this module and does not check out', { streamOffset: 0 }) };
  }
}
