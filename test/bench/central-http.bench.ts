/**
 * `node test/bench/central-http.bench.ts`: the central sandbox measured as a
 * kiosk sees it, over HTTPS with mTLS on loopback (a real server, a real
 * SQLite database with synchronous=FULL, kiosks registered through the real
 * endpoint), figures printed with their units:
 *  - identity verifications per second and latency (p50, p99), BENCH_CONCURRENCY
 *    (default 8) requests in flight from 8 registered kiosks over keep-alive
 *    connections, each a genuine 256 × 288 finger image (ISO/IEC 19794-4) of
 *    one of BENCH_CITIZENS (default 60) citizens' right index (made beforehand:
 *    that is the kiosk's work; central extracts the minutiae). Each citizen is
 *    verified once before the run, which derives the enrolled template from its
 *    enrolment image. Rate limits are raised through the domain's policy
 *    option so they do not cut the run short;
 *  - one-step activation latency with the real Argon2id parameters
 *    (m = 19 MiB, t = 2, p = 1), one at a time, median and p99;
 *  - database size per 1,000 enrolled citizens (central.db after seeding and a
 *    WAL checkpoint, divided by the population, × 1,000).
 * BENCH_VERIFICATIONS (default 400) and BENCH_ACTIVATIONS (default 60) scale it.
 * Not a test: nothing here passes or fails on the machine's speed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { centralApiRoutes } from '../../central/api/routes.ts';
import { ARGON2ID_PARAMETERS, createCentralDomain, RATE_LIMITS, type RateLimits } from '../../central/domain/index.ts';
import { createKioskKeyAndCsr, kioskTlsOptions, type KioskTlsOptions } from '../../central/pki/kiosk-enrollment.ts';
import { startCentralServer } from '../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralStorage } from '../../central/storage/index.ts';
import { defaultPopulation, type SyntheticCitizen } from '../../synthetic/index.ts';
import { captureImage } from '../central/domain/support.ts';

const VERIFICATIONS = Number(process.env.BENCH_VERIFICATIONS ?? 400);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 60);
const ACTIVATIONS = Number(process.env.BENCH_ACTIVATIONS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const out = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const unlimited = Object.fromEntries(Object.entries(RATE_LIMITS).map(([k, v]) => [k, { ...v, limit: 1e9 }])) as RateLimits;

interface Response {
  status: number;
  json: unknown;
}

function post(url: string, path: string, body: unknown, agent: Agent | undefined, tls: KioskTlsOptions): Promise<Response> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      {
        method: 'POST',
        agent: agent ?? false,
        ...(agent === undefined && tls),
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), 'idempotency-key': randomUUID() },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

function captureBody(citizen: SyntheticCitizen, seed: string) {
  return {
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    cardExpiry: citizen.expiryDate,
    finger: 'right-index',
    fingerImage: Buffer.from(captureImage(citizen, 2, seed)).toString('base64'),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'central-http-bench-'));
try {
  const { db } = openCentralStorage(join(dir, 'central.db'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const citizens = defaultPopulation().citizens;
  const perThousand = (statSync(join(dir, 'central.db')).size * 1000) / citizens.length;

  const domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(1), policy: { rateLimits: unlimited } });
  const server = await startCentralServer({
    dataDir: join(dir, 'data'),
    port: 0,
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, devMailbox: false, hpke: pki.hpke }),
  });
  try {
    // Kiosks register through the real endpoint, as ensureKioskRegistered does.
    const kiosks: { tls: KioskTlsOptions; agent: Agent }[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const kioskId = `kiosk-bench-${i}`;
      const { privateKeyPem, csrPem } = await createKioskKeyAndCsr(kioskId);
      const { token } = server.authority.issueRegistrationToken(kioskId);
      const registered = await post(
        server.url,
        '/v1/kiosk-registrations',
        { registrationToken: token, csr: csrPem },
        undefined,
        kioskTlsOptions({ caCertificatePem: server.pki.ca.pem }),
      );
      if (registered.status !== 201) throw new Error(`registration failed: ${registered.status}`);
      const tls = kioskTlsOptions({
        caCertificatePem: server.pki.ca.pem,
        certificatePem: (registered.json as { certificate: string }).certificate,
        privateKeyPem,
      });
      kiosks.push({ tls, agent: new Agent({ ...tls, keepAlive: true, maxSockets: 1 }) });
    }

    const eligible = citizens.filter((c) => c.scenario === 'ok');
    // Citizen by citizen (the renderer caches a few master prints), then interleaved.
    const perCitizen = eligible
      .slice(0, CITIZENS)
      .map((citizen, c) => Array.from({ length: Math.ceil(VERIFICATIONS / CITIZENS) }, (_, k) => captureBody(citizen, `http-bench-${c}-${k}`)));
    const bodies = Array.from({ length: VERIFICATIONS }, (_, i) => perCitizen[i % CITIZENS]![Math.floor(i / CITIZENS)]!);
    // Warm-up: one request per citizen, spread over the connections (TLS handshakes and enrolment derivations are not what is measured).
    for (const [c, citizen] of eligible.slice(0, CITIZENS).entries()) {
      const k = kiosks[c % kiosks.length]!;
      await post(server.url, '/v1/identity-verifications', captureBody(citizen, `warm-${c}`), k.agent, k.tls);
    }

    const latencies: number[] = [];
    let matched = 0;
    let next = 0;
    const start = performance.now();
    await Promise.all(
      kiosks.map(async (kiosk) => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const t = performance.now();
          const response = await post(server.url, '/v1/identity-verifications', body, kiosk.agent, kiosk.tls);
          latencies.push(performance.now() - t);
          if (response.status === 200 && (response.json as { matched?: boolean }).matched) matched++;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    out(`central over HTTPS + mTLS (loopback, one server process), ${citizens.length} synthetic citizens`);
    out(`  verifications: ${VERIFICATIONS} at concurrency ${CONCURRENCY} in ${seconds.toFixed(2)} s = ${(VERIFICATIONS / seconds).toFixed(0)} per second`);
    out(
      `    latency p50 ${quantile(latencies, 0.5).toFixed(2)} ms, p99 ${quantile(latencies, 0.99).toFixed(2)} ms; genuine matches ${matched}/${VERIFICATIONS}`,
    );

    // One-step activation: fresh verifications of people without an account, then the activation request alone, one at a time.
    const kiosk = kiosks[0]!;
    const activationTimes: number[] = [];
    for (let i = 0; i < Math.min(ACTIVATIONS, eligible.length); i++) {
      const citizen = eligible[eligible.length - 1 - i]!;
      const verified = await post(server.url, '/v1/identity-verifications', captureBody(citizen, `act-${i}`), kiosk.agent, kiosk.tls);
      const token = (verified.json as { verificationToken?: string }).verificationToken;
      if (verified.status !== 200 || !token) continue;
      const t = performance.now();
      const activated = await post(
        server.url,
        '/v1/activations/one-step',
        { verificationToken: token, email: `bench${i}@example.cl`, phone: '+56912345678', password: 'lluvia en el desierto florido' },
        kiosk.agent,
        kiosk.tls,
      );
      if (activated.status === 201 || activated.status === 200) activationTimes.push(performance.now() - t);
      else if (i === 0) out(`    (activation answered ${activated.status}: ${JSON.stringify(activated.json)})`);
    }
    const { memoryCost, timeCost, parallelism } = ARGON2ID_PARAMETERS;
    out(
      `  one-step activation over HTTPS, Argon2id m=${memoryCost} KiB t=${timeCost} p=${parallelism}: ${activationTimes.length} runs, median ${quantile(activationTimes, 0.5).toFixed(1)} ms, p99 ${quantile(activationTimes, 0.99).toFixed(1)} ms`,
    );
    out(
      `  database size per 1,000 enrolled citizens (central.db after seeding, 4 fingers each, before any template is derived): ${Math.round(perThousand).toLocaleString('en')} bytes (${(perThousand / 1048576).toFixed(2)} MiB)`,
    );
    for (const k of kiosks) k.agent.destroy();
  } finally {
    await server.close();
    db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
