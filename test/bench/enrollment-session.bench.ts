/**
 * `node test/bench/enrollment-session.bench.ts`: the kiosk service's side of
 * whole Civil Digital enrollments with instant simulated devices against the
 * local central sandbox over HTTPS + mTLS:
 * time from session.start to the receipt printed (median, p95), the same
 * split into phases (below), and resident memory after 1,000 consecutive
 * sessions minus after 10 (after a forced GC when Node runs with
 * --expose-gc; this script re-runs itself with it).
 *
 * Phases, each from the command or snapshot that opens it to the snapshot
 * that closes it: `welcome` session.start → continue → consent.accept;
 * `card` dev.insertCard → the finger step (the reader's framing and pairing);
 * `capture` dev.placeFinger → verifying (the simulated reader's image, the
 * local quality score, the ISO 19794-4 record; central's enrolled-fingers
 * lookup runs beside it); `verify` verifying → issuing-code (HTTPS to
 * central, which extracts minutiae and matches); `issue` issuing-code →
 * printing; `print` printing → code-printed (receipt layout, ESC/POS to the
 * simulated printer and back).
 * BENCH_SESSIONS (default 1000) sets the number of sessions; the figures
 * are over those after BENCH_WARMUP (default 200: the soak's warm-up, which
 * fills the simulator's master-print cache with the 200 citizens the bench
 * takes in turn), and again over all of them. Main-thread CPU time per
 * session (process.threadCpuUsage: the service and central share the
 * thread) is printed too: it does not count waiting for a core, so it moves
 * less than wall time on a loaded machine.
 * BENCH_PROFILE=<file.cpuprofile> writes a V8 CPU profile of the sessions
 * after the warm-up only (node:inspector), so the figures' own time can be
 * read without the warm-up's master-print growth.
 * Not a test: nothing passes or fails on the machine's speed.
 *
 * Last runs (2 cores shared with other helpers' tests, load average 8–13, so
 * wall figures are inflated several times; CPU per session moves far less),
 * BENCH_SESSIONS=400, figures after the 200-session warm-up:
 *   before (16 full masters cached, 30 ms reader steps, 100 ms finger polls,
 *   80 ms card idle gap): CPU median 266.7 ms, p95 295.6 ms; wall median
 *   1440 ms, p95 2485 ms (card 90, capture 901, verify 259, issue 25, print 54);
 *   after: CPU median 116.7 ms, p95 130.7 ms; wall median 138.6 ms, p95
 *   381.4 ms (card 2.4, capture 46, verify 51, issue 7.4, print 23).
 * Later, on a quiet machine, BENCH_SESSIONS=400, after the extraction's 2×
 * speed-up, HPKE on node:crypto and the claim without a flush: CPU median
 * 100.4 ms, p95 154.2 ms; wall median 125.3 ms, p95 186.5 ms (card 2.8,
 * capture 40.1, verify 44.9, issue 7.2, print 15.2; the receipt's PNG is
 * drawn here, the soak skips it).
 * Where the rest goes: minutiae extraction twice (the kiosk's quality score
 * and central's probe, 13–21 ms CPU each, Gabor enhancement half of it),
 * the impression (about 10 ms), the receipt picture, SQLite commits with
 * synchronous=FULL (a dozen on the path), TLS.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { masterCacheFootprint } from '../../synthetic/fingers/ridge-image/index.ts';
import { citizenWith } from '../central/domain/support.ts';
import { removeTempDirs, startKioskService, startSandbox } from '../service/enrollment/support.ts';

if (typeof globalThis.gc !== 'function') {
  const result = spawnSync(process.execPath, ['--expose-gc', import.meta.filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const WARMUP = Math.min(SESSIONS - 1, Number(process.env.BENCH_WARMUP ?? 200));
const ok = Array.from({ length: 200 }, (_, i) => citizenWith('ok', i));

// Central's clock runs 20 s per reading so its per-kiosk rate limit (30 verifications / 10 min) does not throttle the run.
let centralNow = Date.now();
const sandbox = await startSandbox({ clock: () => (centralNow += 20_000) });
const kiosk = await startKioskService(sandbox, 'civil-digital', { idleTimeoutSeconds: 3600 });
const durations: number[] = [];
const cpuTimes: number[] = [];
const PHASES = ['welcome', 'card', 'capture', 'verify', 'issue', 'print'] as const;
type Phase = (typeof PHASES)[number];
const phaseDurations = new Map<Phase, number[]>(PHASES.map((phase) => [phase, []]));
/** When each step's first snapshot of the current session arrived. */
const reachedAt = new Map<string, number>();
kiosk.service.onEvent((event, payload) => {
  const step = (payload as { step?: string }).step;
  if (event === 'session.snapshot' && step !== undefined && !reachedAt.has(step)) reachedAt.set(step, performance.now());
});
const phase = (name: Phase, from: number, to: string) => phaseDurations.get(name)!.push(reachedAt.get(to)! - from);
let after10 = process.memoryUsage();
let cacheAtWarmup = masterCacheFootprint();

const memory = () => {
  globalThis.gc?.();
  return process.memoryUsage();
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const PROFILE = process.env.BENCH_PROFILE;
const inspector = PROFILE === undefined ? undefined : new Session();
inspector?.connect();
for (let i = 0; i < SESSIONS; i++) {
  if (i === WARMUP) cacheAtWarmup = masterCacheFootprint();
  if (i === WARMUP && inspector) {
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const citizen = ok[i % ok.length]!;
  reachedAt.clear();
  const cpuStarted = process.threadCpuUsage();
  const started = performance.now();
  await kiosk.command('session.start', { language: 'es-CL' });
  await kiosk.send({ type: 'continue' });
  await kiosk.send({ type: 'consent.accept' });
  const inserted = performance.now();
  await kiosk.command('dev.insertCard', { run: citizen.run.formatted, format: 'both' });
  await kiosk.waitForStep('finger');
  const placed = performance.now();
  await kiosk.command('dev.placeFinger', { run: citizen.run.formatted });
  const end = await Promise.race([kiosk.waitForStep('code-printed'), kiosk.waitForStep('failed'), kiosk.waitForStep('code-on-screen')]);
  if (end.step !== 'code-printed') throw new Error(`session ${i} ended in ${end.step} ${end.failure ?? ''}`);
  durations.push(performance.now() - started);
  const cpu = process.threadCpuUsage(cpuStarted);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  phase('welcome', started, 'consent');
  phase('card', inserted, 'finger');
  phase('capture', placed, 'verifying');
  phase('verify', reachedAt.get('verifying')!, 'issuing-code');
  phase('issue', reachedAt.get('issuing-code')!, 'printing');
  phase('print', reachedAt.get('printing')!, 'code-printed');
  await kiosk.send({ type: 'finish' });
  await kiosk.command('dev.liftFinger');
  kiosk.snapshots.length = 0;
  if (i === 9) after10 = memory();
}
if (inspector && PROFILE !== undefined) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(PROFILE, JSON.stringify(profile));
  inspector.disconnect();
}
const afterAll = memory();

const quantile = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const at = quantile(durations.slice(WARMUP));
const all = quantile(durations);
const cpuAt = quantile(cpuTimes.slice(WARMUP));
process.stdout.write(
  `whole Civil Digital enrollment, service side (${SESSIONS} sessions, instant simulated devices, sandbox over HTTPS+mTLS; figures after a warm-up of ${WARMUP}):\n`,
);
process.stdout.write(`  median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms\n`);
process.stdout.write(`  all ${SESSIONS} sessions: median ${all(0.5).toFixed(1)} ms, p95 ${all(0.95).toFixed(1)} ms\n`);
process.stdout.write(`  main-thread CPU per session: median ${cpuAt(0.5).toFixed(1)} ms, p95 ${cpuAt(0.95).toFixed(1)} ms\n`);
process.stdout.write('  by phase (median / p95 / max, ms):');
for (const [name, values] of phaseDurations) {
  const of = quantile(values.slice(WARMUP));
  process.stdout.write(` ${name} ${of(0.5).toFixed(1)} / ${of(0.95).toFixed(1)} / ${of(1).toFixed(1)};`);
}
process.stdout.write('\n');
process.stdout.write(`  RSS after 10 sessions ${mib(after10.rss)}, after ${SESSIONS} ${mib(afterAll.rss)}: ${mib(afterAll.rss - after10.rss)} more\n`);
process.stdout.write(
  `  V8 heap used after 10 ${mib(after10.heapUsed)}, after ${SESSIONS} ${mib(afterAll.heapUsed)}; external ${mib(after10.external)} → ${mib(afterAll.external)}\n`,
);
const cacheAtEnd = masterCacheFootprint();
process.stdout.write(
  `  simulator's master-print cache: ${cacheAtWarmup.entries} fingers, ${mib(cacheAtWarmup.bytes)} after the warm-up; ${cacheAtEnd.entries} fingers, ${mib(cacheAtEnd.bytes)} at the end\n`,
);
process.stdout.write('  (the central sandbox runs in the same process: its SQLite caches and V8 heap are in these figures)\n');

await kiosk.close();
await sandbox.close();
removeTempDirs();
