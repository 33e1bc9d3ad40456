/**
 * `npm run bench -- fingerprint-capture [--captures N] [--bauds 115200,57600]`
 * (or `node test/bench/fingerprint-capture.bench.ts …`): seconds from "finger
 * on the sensor" to central's verdict, the way a kiosk does it, every part real:
 *  - the R30x driver (R30xDriver + SerialTransport) over a socat pty pair to
 *    the byte-level simulator, which PACES its output at the baud (10 bits a
 *    byte, reference §1.1) with 128-byte data packets (the factory default);
 *  - capture = GenImg + UpImage (36,864 bytes of 4-bit pixels, expanded to 8);
 *  - the session's local quality score and its ISO/IEC 19794-4 record (PNG),
 *    electron/service/session/finger-images.ts;
 *  - POST /v1/identity-verifications through the kiosk's CentralClient, over
 *    HTTPS with mTLS, to the central sandbox (a real server and SQLite
 *    database; the kiosk registered through the real endpoint), which
 *    extracts the minutiae and matches; the time ends with the verdict.
 * Each capture is of another 'ok' citizen's right index ('good' condition).
 * Outside the timed span: the simulator growing each finger's master print
 * (a real module has the finger), and one verification per citizen beforehand
 * so central's lazily derived registry template is ready, as the real
 * registry's are. Central, simulator and driver share this one Node process.
 * Not a test: it prints figures, median and p95 per baud, with each phase.
 *
 * Last run (2 cores shared with other work, Node 24, 10 captures a baud, all matched):
 *   115,200 baud: median 3.57 s, p95 3.59 s (capture 3.49 s of it, line time 3.48 s;
 *     quality + 19794-4 0.03 s; central round trip 0.05 s median, 0.08 s p95);
 *   57,600 baud: median 7.10 s, p95 7.28 s (capture 6.98 s, line time 6.96 s).
 * The goal is ≤ 4.5 s at 115,200; the line is nearly all of it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { R30xDriver } from '../../drivers/fingerprint/r30x-driver.ts';
import { R30xSimulator } from '../../drivers/fingerprint/r30x-simulator.ts';
import { ridgeImpressionImage, warmRidgeImage } from '../../drivers/fingerprint/simulated-fingers.ts';
import { SerialTransport } from '../../drivers/transport/serial-transport.ts';
import type { CentralClient } from '../../electron/service/central/index.ts';
import { fingerImages } from '../../electron/service/session/finger-images.ts';
import { defaultPopulation, type SyntheticCitizen } from '../../synthetic/citizens/index.ts';
import { startOutboxSandbox } from '../service/outbox/support/central-sandbox.ts';
import { createPtyPair } from '../support/pty.ts';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
}
const CAPTURES = Number(option('captures', '10'));
const BAUDS = option('bauds', '115200,57600').split(',').map(Number);
if (!Number.isInteger(CAPTURES) || CAPTURES < 1 || BAUDS.some((b) => !Number.isInteger(b) || b % 9600 !== 0)) {
  process.stderr.write('usage: fingerprint-capture.bench.ts [--captures N ≥ 1] [--bauds 115200,57600 (multiples of 9600)]\n');
  process.exit(2);
}
const RIGHT_INDEX = 2;
const out = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (values: readonly number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function verify(client: CentralClient, citizen: SyntheticCitizen, record: Uint8Array) {
  const answer = await client.verifyIdentity(
    { run: citizen.run.formatted, cardSerial: citizen.serial, cardExpiry: citizen.expiryDate, finger: 'right-index', fingerImage: record },
    { idempotencyKey: randomUUID(), maxAttempts: 1 },
  );
  return answer.value.matched;
}

interface Timing {
  total: number;
  capture: number;
  local: number;
  central: number;
}

async function measure(
  client: CentralClient,
  baudRate: number,
  citizens: readonly SyntheticCitizen[],
): Promise<{ timings: Timing[]; matched: number; simulatorMs: number }> {
  const pair = await createPtyPair();
  const simulator = await R30xSimulator.start({
    device: new SerialTransport({ path: pair.b, baudRate }),
    plug: pair,
    baudRate,
    packetSizeBytes: 128,
    pacing: 'baud',
    readyByte: false,
  });
  const driver = new R30xDriver({ transport: new SerialTransport({ path: pair.a, baudRate }), reconnect: false });
  const timings: Timing[] = [];
  let matched = 0;
  try {
    await driver.open();
    const before = simulator.stats.handlerMs;
    for (const citizen of citizens) {
      simulator.place(citizen, RIGHT_INDEX, 85, 'good');
      const t0 = performance.now();
      const { image } = await driver.capture({ finger: RIGHT_INDEX, timeoutMs: 10_000 });
      const t1 = performance.now();
      const { score } = fingerImages.assess(image);
      const record = fingerImages.encode(image, RIGHT_INDEX, score);
      const t2 = performance.now();
      if (await verify(client, citizen, record)) matched++;
      const t3 = performance.now();
      simulator.lift();
      timings.push({ total: t3 - t0, capture: t1 - t0, local: t2 - t1, central: t3 - t2 });
    }
    return { timings, matched, simulatorMs: (simulator.stats.handlerMs - before) / citizens.length };
  } finally {
    await driver.close();
    await simulator.stop();
    await pair.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'fingerprint-capture-bench-'));
const sandbox = await startOutboxSandbox(join(dir, 'sandbox'), 'kiosk-capture-bench');
try {
  const eligible = defaultPopulation().citizens.filter((c) => c.scenario === 'ok');
  const perBaud = BAUDS.map((_, b) => eligible.slice(b * CAPTURES, (b + 1) * CAPTURES));
  if (perBaud.some((citizens) => citizens.length < CAPTURES)) throw new RangeError(`--captures ${CAPTURES} needs more 'ok' citizens than the population has`);
  for (const citizen of perBaud.flat()) {
    // The sandbox derives a finger's registry template at its first verification; the real registry has it already.
    const image = ridgeImpressionImage(citizen, RIGHT_INDEX, 999_999, 'good');
    await verify(sandbox.client, citizen, fingerImages.encode(image, RIGHT_INDEX, 80));
    warmRidgeImage(citizen, RIGHT_INDEX);
  }
  out(
    `capture → verdict: R30x driver over a socat pty to the byte simulator paced at the baud (128-byte packets), local quality + ISO/IEC 19794-4 (PNG), POST over HTTPS + mTLS to the central sandbox; ${CAPTURES} captures a baud`,
  );
  for (const [b, baudRate] of BAUDS.entries()) {
    const { timings, matched, simulatorMs } = await measure(sandbox.client, baudRate, perBaud[b]!);
    const phase = (key: keyof Timing) =>
      `${seconds(
        quantile(
          timings.map((t) => t[key]),
          0.5,
        ),
      )} / ${seconds(
        quantile(
          timings.map((t) => t[key]),
          0.95,
        ),
      )}`;
    // 36,864 payload bytes in 288 packets of 128 + 11 bytes, plus GenImg's and UpImage's 12-byte commands and ACKs.
    const lineSeconds = ((288 * (128 + 11) + 4 * 12) * 10) / baudRate;
    out(
      `  ${baudRate.toLocaleString('en-US')} baud: total median ${seconds(
        quantile(
          timings.map((t) => t.total),
          0.5,
        ),
      )}, p95 ${seconds(
        quantile(
          timings.map((t) => t.total),
          0.95,
        ),
      )}; matched ${matched}/${timings.length}`,
    );
    out(
      `    median / p95: capture (GenImg + UpImage) ${phase('capture')} (line time ${lineSeconds.toFixed(2)} s); quality + 19794-4 ${phase('local')}; central round trip ${phase('central')}`,
    );
    out(`    simulator's own compute inside the capture: ${(simulatorMs / 1000).toFixed(3)} s a capture (its command handlers)`);
  }
} finally {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
