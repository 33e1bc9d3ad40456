import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../drivers/fingerprint/errors.ts';
import {
  ackPacket,
  commandPacket,
  type DecodedItem,
  encodePacket,
  MAX_PACKET_BYTES,
  type Packet,
  PacketStreamDecoder,
} from '../../../drivers/fingerprint/r30x-codec.ts';
import { chunked, concat, ourPacketArb } from './r30x-arbitraries.ts';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));
const packetsOf = (items: readonly DecodedItem[]) => items.flatMap((i) => (i.type === 'packet' ? [i.packet] : []));
const reasonsOf = (items: readonly DecodedItem[]) => items.flatMap((i) => (i.type === 'error' ? [i.error.reason] : []));

function feedAll(decoder: PacketStreamDecoder, chunks: readonly Uint8Array[]): DecodedItem[] {
  return chunks.flatMap((c) => decoder.feed(c));
}

const GEN_IMG = commandPacket({ name: 'genImg' });
const ACK_OK = ackPacket(0x00);
const TEMPLATE_COUNT = ackPacket(0x00, Uint8Array.of(0x00, 0x03));
const DATA: Packet = { kind: 'data', address: 0xffffffff, content: Uint8Array.from({ length: 128 }, (_, i) => (i * 7) & 0xff) };
const END: Packet = { kind: 'endOfData', address: 0xffffffff, content: Uint8Array.of(1, 2, 3) };
const STREAM = [GEN_IMG, ACK_OK, TEMPLATE_COUNT, DATA, END];
const STREAM_BYTES = concat(STREAM.map(encodePacket));

describe('R30x streaming decoder', () => {
  it('decodes a valid stream split at every offset, without errors or leftovers', () => {
    for (let cut = 0; cut <= STREAM_BYTES.length; cut++) {
      const decoder = new PacketStreamDecoder();
      const items = feedAll(decoder, [STREAM_BYTES.subarray(0, cut), STREAM_BYTES.subarray(cut)]);
      expect(items).toEqual(STREAM.map((packet) => ({ type: 'packet', packet })));
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('decodes a valid stream fed one byte at a time', () => {
    const decoder = new PacketStreamDecoder();
    const items = feedAll(
      decoder,
      [...STREAM_BYTES].map((b) => Uint8Array.of(b)),
    );
    expect(packetsOf(items)).toEqual(STREAM);
    expect(reasonsOf(items)).toEqual([]);
  });

  it('decodes any valid stream in any chunking (decode ∘ encode = id, streamed)', () => {
    fc.assert(
      fc.property(fc.array(ourPacketArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (packets, cuts) => {
        const decoder = new PacketStreamDecoder();
        const items = feedAll(decoder, chunked(concat(packets.map(encodePacket)), cuts));
        expect(items).toEqual(packets.map((packet) => ({ type: 'packet', packet })));
        expect(decoder.bufferedBytes).toBe(0);
        expect(decoder.awaitingPacket).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, never holds a whole packet back, and is empty after flush, on arbitrary bytes', () => {
    const byteStream = fc.oneof(
      fc.uint8Array({ maxLength: 1200 }),
      // Bias towards near-packets: headers, our address and plausible PIDs in the noise.
      fc.array(fc.constantFrom(0xef, 0x01, 0xff, 0x07, 0x02, 0x08, 0x00, 0x03), { maxLength: 1200 }).map((a) => Uint8Array.from(a)),
    );
    fc.assert(
      fc.property(byteStream, fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        const decoder = new PacketStreamDecoder();
        const items: DecodedItem[] = [];
        for (const chunk of chunked(bytes, cuts)) {
          items.push(...decoder.feed(chunk));
          expect(decoder.bufferedBytes).toBeLessThan(MAX_PACKET_BYTES);
        }
        items.push(...decoder.flush());
        expect(decoder.bufferedBytes).toBe(0);
        expect(decoder.awaitingPacket).toBe(false);
        for (const item of items) if (item.type === 'error') expect(item.error).toBeInstanceOf(ProtocolError);
      }),
      { numRuns: 300 },
    );
  });

  it('recovers every packet from arbitrary garbage between packets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 40 }), ourPacketArb), { minLength: 1, maxLength: 6 }), (pairs) => {
        const decoder = new PacketStreamDecoder();
        const bytes = concat(pairs.flatMap(([garbage, packet]) => [garbage, encodePacket(packet)]));
        const items = [...decoder.feed(bytes), ...decoder.flush()];
        expect(packetsOf(items)).toEqual(pairs.map(([, packet]) => packet));
      }),
      { numRuns: 300 },
    );
  });

  it('reports garbage between packets once per run, with its offset and size', () => {
    const decoder = new PacketStreamDecoder();
    const ack = encodePacket(ACK_OK);
    const items = decoder.feed(concat([Uint8Array.of(0x55), ack, Uint8Array.of(1, 2, 3, 4), ack]));
    expect(items.map((i) => i.type)).toEqual(['error', 'packet', 'error', 'packet']);
    expect(items[0]).toMatchObject({ error: { reason: 'bad_header', details: { streamOffset: 0, byteCount: 1 } } });
    expect(items[2]).toMatchObject({ error: { reason: 'bad_header', details: { streamOffset: 1 + ack.length, byteCount: 4 } } });
  });

  it('rejects a packet whose checksum is off by one, then decodes the next one', () => {
    const decoder = new PacketStreamDecoder();
    const items = decoder.feed(concat([hex('EF 01 FF FF FF FF 07 00 03 00 00 0B'), encodePacket(TEMPLATE_COUNT)]));
    expect(reasonsOf(items)).toEqual(['bad_checksum']);
    expect(items[0]).toMatchObject({ error: { code: 'fingerprint.protocol.bad_checksum', details: { expected: 0x0a, actual: 0x0b } } });
    expect(packetsOf(items)).toEqual([TEMPLATE_COUNT]);
  });

  it('rejects a packet for another address, skipping all of it', () => {
    const decoder = new PacketStreamDecoder();
    const foreign = encodePacket({ kind: 'data', address: 0x0000_0001, content: encodePacket(ACK_OK) });
    const items = decoder.feed(concat([foreign, encodePacket(TEMPLATE_COUNT)]));
    expect(reasonsOf(items)).toEqual(['wrong_address']);
    expect(items[0]).toMatchObject({ error: { details: { expected: 0xffffffff, actual: 1 } } });
    expect(packetsOf(items)).toEqual([TEMPLATE_COUNT]);
  });

  it('only accepts the configured address', () => {
    const decoder = new PacketStreamDecoder({ address: 0x0000_0001 });
    const items = decoder.feed(concat([encodePacket(ACK_OK), encodePacket({ ...ACK_OK, address: 1 })]));
    expect(reasonsOf(items)).toEqual(['wrong_address']);
    expect(packetsOf(items)).toEqual([{ ...ACK_OK, address: 1 }]);
  });

  it('refuses a length field beyond the maximum packet size at once', () => {
    const decoder = new PacketStreamDecoder();
    const items = decoder.feed(concat([hex('EF 01 FF FF FF FF 02 FF FF'), encodePacket(ACK_OK)]));
    expect(reasonsOf(items)).toEqual(['bad_length']);
    expect(packetsOf(items)).toEqual([ACK_OK]);
    expect(decoder.awaitingPacket).toBe(false);
  });

  it('honours a tighter maximum (the driver knows the packet size)', () => {
    const decoder = new PacketStreamDecoder({ maxContentBytes: 64 });
    const items = decoder.feed(encodePacket(DATA));
    expect(reasonsOf(items)).toEqual(['bad_length']);
  });

  it('abandons a packet whose length lies when flushed, and finds the packet hidden behind it', () => {
    const decoder = new PacketStreamDecoder();
    // An ACK that claims 200 content bytes, followed by a real ACK; then the line goes quiet.
    const liar = hex('EF 01 FF FF FF FF 07 00 CA 00');
    expect(decoder.feed(concat([liar, encodePacket(TEMPLATE_COUNT)]))).toEqual([]);
    expect(decoder.awaitingPacket).toBe(true);
    const items = decoder.flush();
    expect(reasonsOf(items)).toEqual(['truncated']);
    expect(items[0]).toMatchObject({ error: { details: { streamOffset: 0, byteCount: liar.length + 14 } } });
    expect(packetsOf(items)).toEqual([TEMPLATE_COUNT]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('resynchronises when a lying length makes the checksum fail', () => {
    const decoder = new PacketStreamDecoder();
    const lying = hex('EF 01 FF FF FF FF 07 00 08 00 00 0A');
    const items = decoder.feed(concat([lying, encodePacket(ACK_OK), encodePacket(TEMPLATE_COUNT)]));
    expect(reasonsOf(items)).toEqual(['bad_checksum']);
    expect(packetsOf(items)).toEqual([ACK_OK, TEMPLATE_COUNT]);
  });

  it('reports an unexpected PID from our module', () => {
    const decoder = new PacketStreamDecoder();
    const items = decoder.feed(concat([hex('EF 01 FF FF FF FF 05 00 03 00 00 08'), encodePacket(ACK_OK)]));
    expect(reasonsOf(items)).toEqual(['unexpected_pid']);
    expect(packetsOf(items)).toEqual([ACK_OK]);
  });

  it('treats EF 01 inside noise addressed elsewhere as noise, not as a packet', () => {
    const decoder = new PacketStreamDecoder();
    const items = [...decoder.feed(concat([hex('EF 01 12 34 56 78 99 00 03'), encodePacket(ACK_OK)])), ...decoder.flush()];
    expect(reasonsOf(items)).toEqual(['bad_header']);
    expect(packetsOf(items)).toEqual([ACK_OK]);
  });

  it('forgets everything on reset', () => {
    const decoder = new PacketStreamDecoder();
    decoder.feed(encodePacket(DATA).subarray(0, 50));
    decoder.reset();
    expect(decoder.bufferedBytes).toBe(0);
    expect(decoder.feed(encodePacket(ACK_OK))).toEqual([{ type: 'packet', packet: ACK_OK }]);
  });

  it('handles one very large chunk and shrinks back', () => {
    const decoder = new PacketStreamDecoder();
    const packets = Array.from({ length: 500 }, () => DATA);
    const items = decoder.feed(concat(packets.map(encodePacket)));
    expect(packetsOf(items)).toHaveLength(500);
    expect(decoder.bufferedBytes).toBe(0);
    expect(decoder.streamOffset).toBe(500 * encodePacket(DATA).length);
  });
});
