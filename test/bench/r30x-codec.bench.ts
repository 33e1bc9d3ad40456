/**
 * `node test/bench/r30x-codec.bench.ts`: throughput of the pure R30x codec
 * (drivers/fingerprint/r30x-codec.ts). Not a test: it prints figures. For
 * scale, the wire at 115200 baud 8N1 carries 11.52 kB/s, and an UpImage of
 * 36,864 bytes at 128-byte packets is 288 data packets.
 */
import { performance } from 'node:perf_hooks';
import { ackPacket, commandPacket, encodePacket, type Packet, PacketStreamDecoder, splitDataPackets } from '../../drivers/fingerprint/r30x-codec.ts';

const IMAGE_BYTES = 36_864;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const out = (line: string) => process.stdout.write(`${line}\n`);

const image = Uint8Array.from({ length: IMAGE_BYTES }, (_, i) => (i * 131) & 0xff);
const workloads: [string, Packet[]][] = [
  ['image upload, 128-byte data packets', splitDataPackets(image, 128)],
  ['image upload, 256-byte data packets', splitDataPackets(image, 256)],
  [
    'command/ack exchange (GenImg, ACK, Img2Tz, ACK, Search, ACK)',
    [
      commandPacket({ name: 'genImg' }),
      ackPacket(0),
      commandPacket({ name: 'img2Tz', bufferId: 1 }),
      ackPacket(0),
      commandPacket({ name: 'search', bufferId: 1, startPage: 0, pageCount: 162 }),
      ackPacket(0, Uint8Array.of(0, 5, 0, 100)),
    ],
  ],
];

function measure(label: string, run: () => { packets: number; bytes: number }): void {
  run(); // warm up the JIT
  let packets = 0;
  let bytes = 0;
  const start = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const result = run();
    packets += result.packets;
    bytes += result.bytes;
  }
  const seconds = (performance.now() - start) / 1000;
  out(`    ${label}: ${Math.round(packets / seconds).toLocaleString('en')} packets/s, ${(bytes / seconds / 1e6).toFixed(1)} MB/s`);
}

function chunksOf(wire: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < wire.length; at += size) chunks.push(wire.subarray(at, at + size));
  return chunks;
}

out(`R30x codec throughput (${ROUNDS} rounds per figure, one core)`);
for (const [name, packets] of workloads) {
  const encoded = packets.map(encodePacket);
  const wire = new Uint8Array(encoded.reduce((n, p) => n + p.length, 0));
  encoded.reduce((at, p) => (wire.set(p, at), at + p.length), 0);
  // Repeat the small exchange so every round moves a comparable number of bytes.
  const repeat = Math.max(1, Math.round(IMAGE_BYTES / wire.length));
  out(`  ${name} (${packets.length * repeat} packets, ${wire.length * repeat} bytes per round)`);
  measure('encode', () => {
    let bytes = 0;
    for (let k = 0; k < repeat; k++) for (const p of packets) bytes += encodePacket(p).length;
    return { packets: packets.length * repeat, bytes };
  });
  for (const size of [1, 64, 4096]) {
    const chunks = chunksOf(wire, size);
    measure(`stream-decode in ${size}-byte chunks`, () => {
      const decoder = new PacketStreamDecoder();
      let decoded = 0;
      for (let k = 0; k < repeat; k++) for (const chunk of chunks) decoded += decoder.feed(chunk).length;
      if (decoded !== packets.length * repeat) throw new Error(`decoded ${decoded} of ${packets.length * repeat} packets`);
      return { packets: decoded, bytes: wire.length * repeat };
    });
  }
}
