/**
 * ACK packets: confirmation code + return parameters (hardware-protocols.md
 * §1.2–§1.5). `parseReply` reads the reply to a given instruction into typed
 * values; `replyPacket` builds it (for the simulator and the tests).
 */
import { ProtocolError, type Result } from './errors.ts';
import { describeConfirmation, type ConfirmationName } from './r30x-confirmation-codes.ts';
import type { InstructionName } from './r30x-instructions.ts';
import { DEFAULT_ADDRESS, type Packet } from './r30x-packet.ts';

export interface Ack {
  readonly confirmation: number;
  readonly returns: Uint8Array;
}

export function ackPacket(confirmation: number, returns: Uint8Array = new Uint8Array(0), address: number = DEFAULT_ADDRESS): Packet {
  const content = new Uint8Array(1 + returns.length);
  content[0] = confirmation;
  content.set(returns, 1);
  return { kind: 'ack', address, content };
}

export function decodeAck(packet: Packet): Result<Ack> {
  if (packet.kind !== 'ack') return { ok: false, error: new ProtocolError('unexpected_pid', `expected an ack, got a ${packet.kind} packet`) };
  if (packet.content.length < 1) return { ok: false, error: new ProtocolError('bad_content', 'ack without a confirmation code') };
  return { ok: true, value: { confirmation: packet.content[0]!, returns: packet.content.subarray(1) } };
}

/** Packet-size code 0–3 → data bytes per packet (reference §1.5, word 6). */
export const PACKET_SIZE_BYTES = [32, 64, 128, 256] as const;
export type PacketSizeBytes = (typeof PACKET_SIZE_BYTES)[number];
export type PacketSizeCode = 0 | 1 | 2 | 3;
export const BAUD_UNIT = 9600;

export interface StatusFlags {
  readonly busy: boolean;
  readonly pass: boolean;
  readonly passwordVerified: boolean;
  /** ImgBufStat: a valid image is in the image buffer. */
  readonly imageBufferValid: boolean;
}

/** The eight big-endian words of the ReadSysPara reply, as sent (reference §1.5). */
export interface SystemParameterWords {
  readonly statusRegister: number;
  /** 0x0000 per the ZFM-20 manual, 0x0009 per the R30X library: do not rely on it. */
  readonly systemId: number;
  readonly libraryCapacity: number;
  /** 1 (highest FAR, lowest FRR) … 5. */
  readonly securityLevel: number;
  readonly address: number;
  readonly packetSizeCode: PacketSizeCode;
  /** Baud rate = 9600 × N. */
  readonly baudMultiplier: number;
}

export interface SystemParameters extends SystemParameterWords {
  readonly status: StatusFlags;
  readonly packetSizeBytes: PacketSizeBytes;
  readonly baudRate: number;
}

export function systemParameters(words: SystemParameterWords): SystemParameters {
  const r = words.statusRegister;
  return {
    ...words,
    status: { busy: (r & 1) !== 0, pass: (r & 2) !== 0, passwordVerified: (r & 4) !== 0, imageBufferValid: (r & 8) !== 0 },
    packetSizeBytes: PACKET_SIZE_BYTES[words.packetSizeCode],
    baudRate: BAUD_UNIT * words.baudMultiplier,
  };
}

export function packetSizeCodeOf(bytes: PacketSizeBytes): PacketSizeCode {
  return PACKET_SIZE_BYTES.indexOf(bytes) as PacketSizeCode;
}

/** Values carried by a successful reply; instructions not listed return nothing. */
export interface ReplyValues {
  readSysPara: SystemParameters;
  templateNum: { readonly templateCount: number };
  /** Slots 0–255 of the requested index page that hold a template, ascending. */
  readIndexTable: { readonly occupiedSlots: readonly number[] };
  match: { readonly score: number };
  search: { readonly pageId: number; readonly score: number };
  hiSpeedSearch: { readonly pageId: number; readonly score: number };
  getRandomCode: { readonly randomCode: number };
}
export type ReplyValue<N extends InstructionName> = N extends keyof ReplyValues ? ReplyValues[N] : Record<string, never>;

export type Reply<N extends InstructionName> =
  | { readonly accepted: true; readonly confirmation: 0; readonly value: ReplyValue<N> }
  | { readonly accepted: false; readonly confirmation: number; readonly name: ConfirmationName | 'unknown'; readonly meaning: string };

interface ReturnCodec<T> {
  readonly bytes: number;
  decode(returns: Uint8Array): T | ProtocolError;
  encode(value: T): Uint8Array;
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
function words(widths: readonly number[], values: readonly number[]): Uint8Array {
  const out = new Uint8Array(widths.reduce((a, b) => a + b, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  widths.forEach((width, i) => {
    if (width === 2) view.setUint16(at, values[i]!);
    else view.setUint32(at, values[i]!);
    at += width;
  });
  return out;
}

const pageAndScore: ReturnCodec<{ readonly pageId: number; readonly score: number }> = {
  bytes: 4,
  decode: (r) => ({ pageId: u16(r, 0), score: u16(r, 2) }),
  encode: (v) => words([2, 2], [v.pageId, v.score]),
};

const RETURN_CODECS: { readonly [N in keyof ReplyValues]: ReturnCodec<ReplyValues[N]> } = {
  readSysPara: {
    bytes: 16,
    decode(r) {
      const packetSizeCode = u16(r, 12);
      if (packetSizeCode > 3) return new ProtocolError('bad_content', `packet-size code ${packetSizeCode} is not 0..3`, { actual: packetSizeCode });
      return systemParameters({
        statusRegister: u16(r, 0),
        systemId: u16(r, 2),
        libraryCapacity: u16(r, 4),
        securityLevel: u16(r, 6),
        address: u32(r, 8),
        packetSizeCode: packetSizeCode as PacketSizeCode,
        baudMultiplier: u16(r, 14),
      });
    },
    encode: (v) =>
      words([2, 2, 2, 2, 4, 2, 2], [v.statusRegister, v.systemId, v.libraryCapacity, v.securityLevel, v.address, v.packetSizeCode, v.baudMultiplier]),
  },
  templateNum: { bytes: 2, decode: (r) => ({ templateCount: u16(r, 0) }), encode: (v) => words([2], [v.templateCount]) },
  readIndexTable: {
    // 32 bytes ascending; within a byte bit 0 is the lowest ID (reference §1.3, "Index bitmap").
    bytes: 32,
    decode(r) {
      const occupiedSlots: number[] = [];
      for (let slot = 0; slot < 256; slot++) if ((r[slot >> 3]! >> (slot & 7)) & 1) occupiedSlots.push(slot);
      return { occupiedSlots };
    },
    encode(v) {
      const bitmap = new Uint8Array(32);
      for (const slot of v.occupiedSlots) bitmap[slot >> 3]! |= 1 << (slot & 7);
      return bitmap;
    },
  },
  match: { bytes: 2, decode: (r) => ({ score: u16(r, 0) }), encode: (v) => words([2], [v.score]) },
  search: pageAndScore,
  hiSpeedSearch: pageAndScore,
  getRandomCode: { bytes: 4, decode: (r) => ({ randomCode: u32(r, 0) }), encode: (v) => words([4], [v.randomCode]) },
};

function codecFor(instruction: InstructionName): ReturnCodec<unknown> | undefined {
  return (RETURN_CODECS as Partial<Record<InstructionName, ReturnCodec<unknown>>>)[instruction];
}

/**
 * Reads the reply to `instruction`. A refusal (confirmation ≠ 0) is a normal
 * value, not an error: "no finger" is the everyday answer to GenImg. Return
 * parameters beyond those we know are ignored, since firmware families append
 * fields; fewer than we need is a `bad_content` error.
 */
export function parseReply<N extends InstructionName>(instruction: N, packet: Packet): Result<Reply<N>> {
  const ack = decodeAck(packet);
  if (!ack.ok) return ack;
  const { confirmation, returns } = ack.value;
  if (confirmation !== 0) {
    const { name, meaning } = describeConfirmation(confirmation);
    return { ok: true, value: { accepted: false, confirmation, name, meaning } };
  }
  const codec = codecFor(instruction);
  if (codec === undefined) return { ok: true, value: { accepted: true, confirmation: 0, value: {} as ReplyValue<N> } };
  if (returns.length < codec.bytes) {
    return {
      ok: false,
      error: new ProtocolError('bad_content', `${instruction} reply carries ${returns.length} return bytes, needs ${codec.bytes}`, {
        expected: codec.bytes,
        actual: returns.length,
      }),
    };
  }
  const value = codec.decode(returns);
  if (value instanceof ProtocolError) return { ok: false, error: value };
  return { ok: true, value: { accepted: true, confirmation: 0, value: value as ReplyValue<N> } };
}

/** The successful reply (confirmation 0x00) to `instruction`; refusals are `ackPacket(code)`. */
export function replyPacket<N extends InstructionName>(instruction: N, value: ReplyValue<N>, address: number = DEFAULT_ADDRESS): Packet {
  const codec = codecFor(instruction);
  return ackPacket(0x00, codec === undefined ? new Uint8Array(0) : codec.encode(value), address);
}
