import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commandPacket,
  DataTransferAssembler,
  encodePacket,
  joinDataPackets,
  PACKET_SIZE_BYTES,
  type PacketSizeBytes,
  PacketStreamDecoder,
  packImage4bpp,
  packedImageBytes,
  R30X_IMAGE,
  R503_IMAGE,
  splitDataPackets,
  unpackImage4bpp,
} from '../../../drivers/fingerprint/r30x-codec.ts';
import { chunked, concat } from './r30x-arbitraries.ts';

const packetSizeArb = fc.constantFrom<PacketSizeBytes>(...PACKET_SIZE_BYTES);

describe('R30x data phases', () => {
  it('joins what it splits, at every packet size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), packetSizeArb, (payload, packetSize) => {
        const packets = splitDataPackets(payload, packetSize);
        expect(packets.slice(0, -1).every((p) => p.kind === 'data' && p.content.length === packetSize)).toBe(true);
        expect(packets.at(-1)?.kind).toBe('endOfData');
        expect(joinDataPackets(packets, { packetSize, maxBytes: 2000 })).toEqual({ ok: true, value: payload });
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [128, 288],
    [256, 144],
  ] as const)('sends a 256×288 image in %i-byte packets as %i packets (reference §1.6)', (packetSize, count) => {
    expect(splitDataPackets(new Uint8Array(packedImageBytes(R30X_IMAGE)), packetSize)).toHaveLength(count);
  });

  it('reassembles an image streamed through the decoder in arbitrary chunks', () => {
    const image = Uint8Array.from({ length: packedImageBytes(R30X_IMAGE) }, (_, i) => (i * 31) & 0xff);
    const wire = concat(splitDataPackets(image, 64).map(encodePacket));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const decoder = new PacketStreamDecoder();
        const assembler = new DataTransferAssembler({ packetSize: 64, maxBytes: image.length });
        let result: Uint8Array | undefined;
        for (const chunk of chunked(wire, cuts)) {
          for (const item of decoder.feed(chunk)) {
            if (item.type !== 'packet') throw item.error;
            const step = assembler.accept(item.packet);
            if (step.status === 'error') throw step.error;
            if (step.status === 'complete') result = step.payload;
          }
        }
        expect(result).toEqual(image);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses a data packet larger than the packet-size register', () => {
    const packets = splitDataPackets(new Uint8Array(300), 256);
    expect(joinDataPackets(packets, { packetSize: 128, maxBytes: 1000 })).toMatchObject({
      ok: false,
      error: { reason: 'bad_length', details: { expected: 128, actual: 256 } },
    });
  });

  it('refuses a transfer longer than expected (an image upload that does not stop)', () => {
    expect(joinDataPackets(splitDataPackets(new Uint8Array(600), 128), { packetSize: 128, maxBytes: 512 })).toMatchObject({
      ok: false,
      error: { reason: 'bad_length' },
    });
  });

  it('reports an upload cut short as truncated', () => {
    const packets = splitDataPackets(new Uint8Array(512), 128).slice(0, -1);
    expect(joinDataPackets(packets, { packetSize: 128, maxBytes: 512 })).toMatchObject({ ok: false, error: { reason: 'truncated', details: { actual: 384 } } });
  });

  it('refuses a command inside a data phase and packets after its end', () => {
    const assembler = new DataTransferAssembler({ packetSize: 32, maxBytes: 100 });
    expect(assembler.accept(commandPacket({ name: 'genImg' }))).toMatchObject({ status: 'error', error: { reason: 'unexpected_pid' } });
    const packets = splitDataPackets(new Uint8Array(10), 32);
    expect(joinDataPackets([...packets, ...packets], { packetSize: 32, maxBytes: 100 })).toMatchObject({ ok: false, error: { reason: 'unexpected_pid' } });
  });
});

describe('R30x 4-bit images', () => {
  it('expands the high nibble as the left pixel, v × 17 (reference §1.6)', () => {
    const result = unpackImage4bpp(Uint8Array.of(0xf0, 0x18), { width: 4, height: 1 });
    expect(result).toEqual({ ok: true, value: { width: 4, height: 1, pixels: Uint8Array.of(255, 0, 17, 136) } });
  });

  it('packs back what it unpacked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 18, maxLength: 18 }), (packed) => {
        const image = unpackImage4bpp(packed, { width: 6, height: 6 });
        if (!image.ok) throw image.error;
        expect(packImage4bpp(image.value)).toEqual(packed);
      }),
    );
  });

  it('knows the UART image sizes of both families', () => {
    expect(packedImageBytes(R30X_IMAGE)).toBe(36_864);
    expect(packedImageBytes(R503_IMAGE)).toBe(18_432);
  });

  it('refuses an image of the wrong size', () => {
    expect(unpackImage4bpp(new Uint8Array(100))).toMatchObject({ ok: false, error: { reason: 'bad_length', details: { expected: 36_864, actual: 100 } } });
  });
});
