/**
 * `npm run bench -- hpke`: what sealing an outbox payload to central and
 * opening it cost, HPKE base mode, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 /
 * AES-256-GCM, with the kiosk's envelope `info`:
 *  - common/node/hpke-base.ts (node:crypto, synchronous), which the kiosk and
 *    central use;
 *  - @hpke/core (Web Crypto), which they used before, for comparison.
 * For each: wall time per operation, the process's CPU per operation (all
 * threads: Web Crypto runs on libuv's pool), and the main thread's busy time
 * per operation (event-loop utilisation), for an audit subject (a RUN, ~30
 * octets) and a deferred-enrollment bundle (~50 KB).
 * Not a test: nothing here passes or fails on the machine's speed.
 */
import { performance } from 'node:perf_hooks';
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { generateX25519KeyPair, hpkeOpen, hpkeSeal } from '../../common/node/hpke-base.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const out = (line: string) => process.stdout.write(`${line}\n`);
const INFO = new TextEncoder().encode('claveunica-kiosk/sealed-payload/v1');
const AAD = new TextEncoder().encode('audit-subject/v1|soak-chileatiende|00000000-0000-4000-8000-000000000000');

interface Figures {
  wallMs: number;
  cpuMs: number;
  mainThreadMs: number;
}

async function measure(run: () => unknown): Promise<Figures> {
  for (let k = 0; k < 50; k++) await run();
  // Event-loop utilisation is counted per turn of the loop: start and end on a turn boundary.
  await new Promise((resolve) => setImmediate(resolve));
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  for (let k = 0; k < RUNS; k++) await run();
  await new Promise((resolve) => setImmediate(resolve));
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(elu);
  return { wallMs: wall / RUNS, cpuMs: (used.user + used.system) / 1000 / RUNS, mainThreadMs: busy.active / RUNS };
}

const show = (label: string, f: Figures) =>
  out(`  ${label.padEnd(34)} wall ${f.wallMs.toFixed(3)} ms, CPU ${f.cpuMs.toFixed(3)} ms, main thread ${f.mainThreadMs.toFixed(3)} ms (per operation)`);

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
const ours = generateX25519KeyPair();
const theirKey = await suite.kem.deserializePrivateKey(ours.rawPrivateKey);
const theirPublic = await suite.kem.deserializePublicKey(ours.privateKey.publicKey);

out(`=== hpke: seal and open, ${RUNS} runs each ===`);
for (const [name, size] of [
  ['audit subject', 30],
  ['deferred bundle', 50_000],
] as const) {
  const plaintext = new Uint8Array(size).fill(0x61);
  const sealed = hpkeSeal(ours.privateKey.publicKey, INFO, AAD, plaintext);
  out(`${name} (${size} octets):`);
  show('seal, node:crypto (in use)', await measure(() => hpkeSeal(ours.privateKey.publicKey, INFO, AAD, plaintext)));
  show('seal, @hpke/core', await measure(() => suite.seal({ recipientPublicKey: theirPublic, info: INFO }, plaintext, AAD)));
  show('open, node:crypto (in use)', await measure(() => hpkeOpen(ours.privateKey, sealed.enc, INFO, AAD, sealed.ciphertext)));
  show('open, @hpke/core', await measure(() => suite.open({ recipientKey: theirKey, enc: sealed.enc, info: INFO }, sealed.ciphertext, AAD)));
}
