import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../drivers/fingerprint/errors.ts';
import {
  CHECKSUM_BYTES,
  decodePacket,
  encodePacket,
  FRAME_PREFIX_BYTES,
  MAX_PACKET_BYTES,
  packetChecksum,
  PID,
} from '../../../drivers/fingerprint/r30x-codec.ts';
import { packetArb } from './r30x-arbitraries.ts';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));

describe('R30x packet framing', () => {
  it('decodes every encoded packet of every kind back to itself', () => {
    fc.assert(
      fc.property(packetArb(), (packet) => {
        const bytes = encodePacket(packet);
        expect(bytes.length).toBe(FRAME_PREFIX_BYTES + packet.content.length + CHECKSUM_BYTES);
        expect(decodePacket(bytes, { address: packet.address })).toEqual({ ok: true, value: packet });
      }),
      { numRuns: 500 },
    );
  });

  it('counts the checksum in the length field and sums PID, length and content only', () => {
    const bytes = encodePacket({ kind: 'data', address: 0x12345678, content: Uint8Array.of(0xff, 0xff) });
    expect([...bytes.subarray(7, 9)]).toEqual([0x00, 0x04]);
    expect(packetChecksum(PID.data, Uint8Array.of(0xff, 0xff))).toBe(0x02 + 0x04 + 0xff + 0xff);
  });

  it('truncates the checksum to 16 bits', () => {
    const content = new Uint8Array(256).fill(0xff);
    expect(packetChecksum(PID.data, content)).toBe((0x02 + 0x01 + 0x02 + 256 * 0xff) & 0xffff);
  });

  it('carries 256-byte data packets, so the length field reaches 258', () => {
    const bytes = encodePacket({ kind: 'data', address: 0xffffffff, content: new Uint8Array(256) });
    expect(bytes.length).toBe(MAX_PACKET_BYTES);
    expect((bytes[7]! << 8) | bytes[8]!).toBe(258);
  });

  it('refuses to encode what the wire cannot carry', () => {
    expect(() => encodePacket({ kind: 'data', address: 0xffffffff, content: new Uint8Array(257) })).toThrow(ProtocolError);
    expect(() => encodePacket({ kind: 'command', address: 0xffffffff, content: new Uint8Array(0) })).toThrow(ProtocolError);
    expect(() => encodePacket({ kind: 'ack', address: 2 ** 32, content: Uint8Array.of(0) })).toThrow(ProtocolError);
  });

  it.each([
    ['a checksum off by one', 'EF 01 FF FF FF FF 07 00 03 00 00 0B', 'bad_checksum'],
    ['another address', 'EF 01 00 00 00 01 07 00 03 00 00 0A', 'wrong_address'],
    ['a missing header', '00 01 FF FF FF FF 07 00 03 00 00 0A', 'bad_header'],
    ['an unknown PID', 'EF 01 FF FF FF FF 05 00 03 00 00 08', 'unexpected_pid'],
    ['a length below the minimum', 'EF 01 FF FF FF FF 07 00 02 00 09', 'bad_length'],
    ['a length above the maximum', 'EF 01 FF FF FF FF 02 01 03 00 00 0A', 'bad_length'],
    ['a packet cut short', 'EF 01 FF FF FF FF 07 00 03 00 00', 'truncated'],
    ['bytes after the packet', 'EF 01 FF FF FF FF 07 00 03 00 00 0A 00', 'bad_length'],
  ])('rejects %s with a typed error', (_what, bytes, reason) => {
    const result = decodePacket(hex(bytes));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ProtocolError);
    expect(result.error).toMatchObject({ reason, code: `fingerprint.protocol.${reason}` });
  });

  it('accepts a packet for a configured non-default address', () => {
    const result = decodePacket(hex('EF 01 00 00 00 01 07 00 03 00 00 0A'), { address: 1 });
    expect(result).toMatchObject({ ok: true, value: { kind: 'ack', address: 1 } });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, withHeader) => {
        if (withHeader && bytes.length >= 2) bytes.set([0xef, 0x01], 0);
        const result = decodePacket(bytes);
        if (!result.ok) expect(result.error).toBeInstanceOf(ProtocolError);
      }),
      { numRuns: 1000 },
    );
  });
});
