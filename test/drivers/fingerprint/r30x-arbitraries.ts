/** fast-check generators for R30x packets, commands and replies, shared by the codec tests. */
import fc from 'fast-check';
import {
  type Command,
  DEFAULT_ADDRESS,
  INSTRUCTIONS,
  type InstructionName,
  MAX_CONTENT_BYTES,
  type Packet,
  type PacketKind,
  type PacketSizeCode,
  type ReplyValues,
  systemParameters,
} from '../../../drivers/fingerprint/r30x-codec.ts';

export const addressArb = fc.oneof({ weight: 3, arbitrary: fc.constant(DEFAULT_ADDRESS) }, { weight: 1, arbitrary: fc.nat({ max: 0xffffffff }) });

export const packetKindArb = fc.constantFrom<PacketKind>('command', 'data', 'ack', 'endOfData');

export function packetArb(address: fc.Arbitrary<number> = addressArb): fc.Arbitrary<Packet> {
  return fc
    .record({ kind: packetKindArb, address })
    .chain(({ kind, address }) =>
      fc.uint8Array({ minLength: kind === 'command' || kind === 'ack' ? 1 : 0, maxLength: MAX_CONTENT_BYTES }).map((content) => ({ kind, address, content })),
    );
}

export const ourPacketArb = packetArb(fc.constant(DEFAULT_ADDRESS));

export const commandArb: fc.Arbitrary<Command> = fc.constantFrom(...(Object.keys(INSTRUCTIONS) as InstructionName[])).chain((name) => {
  const fields = Object.fromEntries(INSTRUCTIONS[name].fields.map(([field, width]) => [field, fc.nat({ max: 2 ** (8 * width) - 1 })]));
  return fc.record(fields).map((params) => ({ name, ...params }) as Command);
});

const u16 = fc.nat({ max: 0xffff });
const u32 = fc.nat({ max: 0xffffffff });

export const replyValueArbs: { readonly [N in keyof ReplyValues]: fc.Arbitrary<ReplyValues[N]> } = {
  readSysPara: fc
    .record({
      statusRegister: u16,
      systemId: u16,
      libraryCapacity: u16,
      securityLevel: u16,
      address: u32,
      packetSizeCode: fc.constantFrom<PacketSizeCode>(0, 1, 2, 3),
      baudMultiplier: u16,
    })
    .map(systemParameters),
  templateNum: fc.record({ templateCount: u16 }),
  readIndexTable: fc.uniqueArray(fc.nat({ max: 255 })).map((slots) => ({ occupiedSlots: [...slots].sort((a, b) => a - b) })),
  match: fc.record({ score: u16 }),
  search: fc.record({ pageId: u16, score: u16 }),
  hiSpeedSearch: fc.record({ pageId: u16, score: u16 }),
  getRandomCode: fc.record({ randomCode: u32 }),
};

/** Cuts `bytes` at the given (unsorted, possibly repeated) offsets. */
export function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(at, p));
    at = p;
  }
  return chunks;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
