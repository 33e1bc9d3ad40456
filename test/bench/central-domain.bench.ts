/**
 * `node test/bench/central-domain.bench.ts`: figures for the central
 * sandbox's domain layer (no HTTP), printed with their units:
 *  - identity verifications per second and their latency (p50, p99), each a
 *    full verifyIdentity with a finger image: input checks, the ISO/IEC
 *    19794-4 decode, minutiae extraction, registry reads, the synthetic
 *    matcher, the token, the audit row and a synchronous=FULL commit, over
 *    BENCH_CITIZENS (default 60) citizens' right index. Captures are made
 *    beforehand (that is the kiosk's work); the rate limits are raised so they
 *    do not cut the run short. Each citizen's first verification also derives
 *    the enrolled template from its enrolment image: timed apart, beforehand;
 *  - one-step activation latency with the real Argon2id parameters
 *    (m = 19 MiB, t = 2, p = 1), median and p99;
 *  - database size per 1,000 enrolled citizens (4 fingers each), after a
 *    WAL checkpoint.
 * BENCH_VERIFICATIONS (default 600) and BENCH_ACTIVATIONS (default 100) scale it.
 * Not a test: nothing here passes or fails on the machine's speed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ARGON2ID_PARAMETERS, createCentralDomain, RATE_LIMITS, type RateLimits } from '../../central/domain/index.ts';
import { openCentralDatabase, openCentralStorage } from '../../central/storage/index.ts';
import { defaultPopulation, type SyntheticCitizen } from '../../synthetic/index.ts';
import { captureImage } from '../central/domain/support.ts';

const VERIFICATIONS = Number(process.env.BENCH_VERIFICATIONS ?? 300);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 60);
const ACTIVATIONS = Number(process.env.BENCH_ACTIVATIONS ?? 100);
const out = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const unlimited = Object.fromEntries(Object.entries(RATE_LIMITS).map(([k, v]) => [k, { ...v, limit: 1e9 }])) as RateLimits;

const dir = mkdtempSync(join(tmpdir(), 'central-bench-'));
try {
  // Database size per 1,000 citizens: seeded minus empty, both checkpointed.
  const sizeOf = (path: string) => statSync(path).size;
  const empty = openCentralDatabase(join(dir, 'empty.db'));
  empty.pragma('wal_checkpoint(TRUNCATE)');
  empty.close();
  const t0 = performance.now();
  const { db: seeded } = openCentralStorage(join(dir, 'central.db'));
  const seedMs = performance.now() - t0;
  seeded.pragma('wal_checkpoint(TRUNCATE)');
  const citizens = defaultPopulation().citizens;
  const perThousand = ((sizeOf(join(dir, 'central.db')) - sizeOf(join(dir, 'empty.db'))) * 1000) / citizens.length;
  out(`central domain: ${citizens.length} synthetic citizens seeded in ${(seedMs / 1000).toFixed(2)} s`);
  out(
    `  database size per 1,000 enrolled citizens (4 fingers each, before any template is derived): ${Math.round(perThousand).toLocaleString('en')} bytes (${(perThousand / 1048576).toFixed(2)} MiB)`,
  );

  const domain = createCentralDomain({ db: seeded, serverSecret: new Uint8Array(32).fill(1), policy: { rateLimits: unlimited } });
  const eligible = citizens.filter((c) => c.scenario === 'ok');
  const imageProbe = (citizen: SyntheticCitizen, finger: 2 | 7, seed: string, kioskId: string) => ({
    kioskId,
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    finger,
    fingerImage: captureImage(citizen, finger, seed),
  });
  // Citizen by citizen (the renderer caches a few master prints), then interleaved.
  const perCitizen = eligible
    .slice(0, CITIZENS)
    .map((citizen, c) =>
      Array.from({ length: Math.ceil(VERIFICATIONS / CITIZENS) }, (_, k) => imageProbe(citizen, 2, `bench-${c}-${k}`, `kiosk-${(c + k) % 20}`)),
    );
  const probes = Array.from({ length: VERIFICATIONS }, (_, i) => perCitizen[i % CITIZENS]![Math.floor(i / CITIZENS)]!);
  const firstNeed: number[] = [];
  for (const [c, citizen] of eligible.slice(0, CITIZENS).entries()) {
    const warm = imageProbe(citizen, 2, `warm-${c}`, 'kiosk-warm');
    const t = performance.now();
    await domain.verifyIdentity(warm);
    firstNeed.push(performance.now() - t);
  }
  out(
    `  first verification of a finger (derives its enrolled template from the enrolment image): median ${quantile(firstNeed, 0.5).toFixed(1)} ms, p99 ${quantile(firstNeed, 0.99).toFixed(1)} ms`,
  );
  const latencies: number[] = [];
  let matched = 0;
  const start = performance.now();
  for (const probe of probes) {
    const t = performance.now();
    const outcome = await domain.verifyIdentity(probe);
    latencies.push(performance.now() - t);
    if (outcome.ok && outcome.value.matched) matched++;
  }
  const seconds = (performance.now() - start) / 1000;
  out(
    `  verifications with a 256 × 288 image: ${VERIFICATIONS} in ${seconds.toFixed(2)} s = ${(VERIFICATIONS / seconds).toFixed(0)} per second (one process, one core)`,
  );
  out(`    latency p50 ${quantile(latencies, 0.5).toFixed(2)} ms, p99 ${quantile(latencies, 0.99).toFixed(2)} ms; genuine matches ${matched}/${VERIFICATIONS}`);

  // Activation latency: fresh tokens for people without an account, then time the one-step activation alone.
  const activationTimes: number[] = [];
  for (let i = 0; i < Math.min(ACTIVATIONS, eligible.length); i++) {
    const citizen = eligible[eligible.length - 1 - i]!;
    const verified = await domain.verifyIdentity(imageProbe(citizen, 7, `act-${i}`, 'kiosk-bench'));
    if (!verified.ok || !verified.value.matched) continue;
    const t = performance.now();
    const outcome = await domain.activateOneStep({
      kioskId: 'kiosk-bench',
      verificationToken: verified.value.verificationToken,
      email: `bench${i}@example.cl`,
      phone: '+56912345678',
      password: 'lluvia en el desierto florido',
    });
    if (outcome.ok) activationTimes.push(performance.now() - t);
  }
  const { memoryCost, timeCost, parallelism } = ARGON2ID_PARAMETERS;
  out(
    `  one-step activation, Argon2id m=${memoryCost} KiB t=${timeCost} p=${parallelism}: ${activationTimes.length} runs, median ${quantile(activationTimes, 0.5).toFixed(1)} ms, p99 ${quantile(activationTimes, 0.99).toFixed(1)} ms`,
  );
  seeded.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
