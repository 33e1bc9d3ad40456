/**
 * `node test/bench/fingerprint-driver.bench.ts`: figures for the R30x driver
 * (drivers/fingerprint/r30x-driver.ts). Not a test: it prints figures.
 *
 * 1. Image upload (UpImage, 36,864 bytes of 4-bit pixels) through the serial
 *    driver (R30xDriver + SerialTransport) against the byte-level simulator on
 *    a socat pty pair, the simulator pacing its output at the line rate.
 *    Achieved payload throughput is compared with the protocol's maximum for
 *    that baud and packet size: the line carries baud/10 bytes/s (8N1, 10 bits
 *    a byte, reference §1.1) and each data packet of P payload bytes costs
 *    P + 11 bytes on the wire (9-byte prefix + 2-byte checksum, §1.2), so
 *        max payload rate = baud/10 × P / (P + 11)   bytes/s.
 *    The measured time runs from the call to the last pixel decoded, so it also
 *    includes the 12-byte command, the 12-byte ACK and the driver's own work.
 * 2. Capture latency added by the driver: a capture is GenImg + UpImage (the
 *    image is the capture's product), with the finger already placed, the
 *    simulator unpaced (it answers as fast as the wire takes it). The
 *    simulator runs in this process, so its own compute (rendering the ridge
 *    impression) is measured and subtracted: what remains is driver + codec +
 *    transport (+ serialport and the pty for the pty rig).
 *
 * BENCH_RUNS (default 3) sets the uploads per configuration, BENCH_CAPTURES
 * (default 300) the captures per rig. About 70 s in all.
 *
 * Last run (Node 24, 2 cores): UpImage fraction of the maximum 0.999 at
 * 57,600 baud (5,301 of 5,304 B/s with 128-byte packets; 5,521 of 5,523 B/s
 * with 256) and 0.999 at 115,200 (10,602 of 10,608; 11,039 of 11,045).
 * Capture latency, driver's share: over the pty median 1.40 ms, p99 2.68 ms;
 * over the in-memory wire median 0.04 ms, p99 0.29 ms.
 */
import { performance } from 'node:perf_hooks';
import type { PacketSizeBytes } from '../../drivers/fingerprint/r30x-acks.ts';
import { PACKET_OVERHEAD_BYTES, BITS_PER_BYTE } from '../../drivers/fingerprint/r30x-command-channel.ts';
import { R30xDriver } from '../../drivers/fingerprint/r30x-driver.ts';
import { handleControl } from '../../drivers/fingerprint/r30x-simulator-control.ts';
import { R30xSimulator } from '../../drivers/fingerprint/r30x-simulator.ts';
import { defaultPopulation } from '../../synthetic/citizens/index.ts';
import { SerialTransport } from '../../drivers/transport/serial-transport.ts';
import type { ByteTransport } from '../../drivers/transport/byte-transport.ts';
import { MemoryWire } from '../drivers/fingerprint/memory-wire.ts';
import { createPtyPair, type PtyPair } from '../support/pty.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CAPTURES = Number(process.env.BENCH_CAPTURES ?? 300);
const IMAGE_BYTES = 36_864;
const citizen = defaultPopulation().citizens.find((c) => c.scenario === 'ok')!;
const out = (line: string) => process.stdout.write(`${line}\n`);

interface Rig {
  driver: R30xDriver;
  simulator: R30xSimulator;
  stop(): Promise<void>;
}

async function ptyRig(baudRate: number, packetSizeBytes: PacketSizeBytes, pacing: 'baud' | 'none'): Promise<Rig> {
  const pair: PtyPair = await createPtyPair();
  const simulator = await R30xSimulator.start({
    device: new SerialTransport({ path: pair.b, baudRate }),
    plug: pair,
    baudRate,
    packetSizeBytes,
    pacing,
    readyByte: false,
  });
  const driver = new R30xDriver({ transport: new SerialTransport({ path: pair.a, baudRate }), reconnect: false, replyTimeoutMs: 5000 });
  await driver.open();
  return {
    driver,
    simulator,
    stop: () =>
      driver
        .close()
        .then(() => simulator.stop())
        .then(() => pair.close()),
  };
}

async function memoryRig(): Promise<Rig> {
  const wire = new MemoryWire();
  const simulator = await R30xSimulator.start({ device: wire.device, plug: wire, pacing: 'none', readyByte: false });
  const driver = new R30xDriver({ transport: wire.host as ByteTransport, reconnect: false });
  await driver.open();
  return { driver, simulator, stop: () => driver.close().then(() => simulator.stop()) };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (v: number, digits = 2) => v.toFixed(digits);

async function imageThroughput(baudRate: number, packetSize: PacketSizeBytes): Promise<void> {
  const rig = await ptyRig(baudRate, packetSize, 'baud');
  try {
    await handleControl(rig.simulator, `place ${citizen.run.formatted} right-index 80`);
    await rig.driver.capture({ finger: 2, timeoutMs: 5000 }); // GenImg: an image in the buffer
    await rig.driver.uploadImage(); // warm-up (the simulator renders the image once)
    const maxRate = ((baudRate / BITS_PER_BYTE) * packetSize) / (packetSize + PACKET_OVERHEAD_BYTES);
    const fractions: number[] = [];
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const image = await rig.driver.uploadImage();
      const seconds = (performance.now() - t0) / 1000;
      if (image.pixels.length !== 2 * IMAGE_BYTES) throw new Error('short image');
      rates.push(IMAGE_BYTES / seconds);
      fractions.push(IMAGE_BYTES / seconds / maxRate);
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    out(
      `UpImage ${baudRate} baud, ${packetSize}-byte packets: ${fmt(mean(rates), 0)} B/s payload (theoretical max ${fmt(maxRate, 0)} B/s), ` +
        `fraction ${fmt(mean(fractions), 3)} (min ${fmt(Math.min(...fractions), 3)}, max ${fmt(Math.max(...fractions), 3)}; ${RUNS} uploads, ${fmt(IMAGE_BYTES / mean(rates), 2)} s each)`,
    );
  } finally {
    await rig.stop();
  }
}

async function captureLatency(label: string, rig: Rig): Promise<void> {
  try {
    await handleControl(rig.simulator, `place ${citizen.run.formatted} right-index 80`);
    for (let i = 0; i < 20; i++) await rig.driver.capture({ finger: 2, timeoutMs: 5000 }); // warm up the JIT
    const total: number[] = [];
    const net: number[] = [];
    for (let i = 0; i < CAPTURES; i++) {
      const simulatorBefore = rig.simulator.stats.handlerMs;
      const t0 = performance.now();
      await rig.driver.capture({ finger: 2, timeoutMs: 5000 });
      const elapsed = performance.now() - t0;
      total.push(elapsed);
      net.push(elapsed - (rig.simulator.stats.handlerMs - simulatorBefore));
    }
    total.sort((a, b) => a - b);
    net.sort((a, b) => a - b);
    out(
      `capture latency, ${label}: driver's share median ${fmt(percentile(net, 50))} ms, p99 ${fmt(percentile(net, 99))} ms ` +
        `(whole capture incl. simulator compute: median ${fmt(percentile(total, 50))} ms, p99 ${fmt(percentile(total, 99))} ms; ${CAPTURES} captures, GenImg + UpImage each)`,
    );
  } finally {
    await rig.stop();
  }
}

out(`node ${process.version}, ${new Date().toISOString()}`);
for (const baud of [57_600, 115_200]) for (const size of [128, 256] as const) await imageThroughput(baud, size);
await captureLatency('serial driver over a socat pty, simulator unpaced', await ptyRig(115_200, 128, 'none'));
await captureLatency('driver over an in-memory wire (no serialport, no pty), simulator unpaced', await memoryRig());
process.exit(0);
