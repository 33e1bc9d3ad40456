/**
 * `node test/bench/enrollment-session.bench.ts`: the kiosk service's side of
 * whole Civil Digital enrollments with instant simulated devices against the
 * local central sandbox over HTTPS + mTLS:
 * time from session.start to the receipt printed (median, p95), and resident
 * memory after 1,000 consecutive sessions minus after 10 (after a forced GC
 * when Node runs with --expose-gc; this script re-runs itself with it).
 * Not a test: nothing passes or fails on the machine's speed.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { citizenWith } from '../central/domain/support.ts';
import { removeTempDirs, startKioskService, startSandbox } from '../service/enrollment/support.ts';

if (typeof globalThis.gc !== 'function') {
  const result = spawnSync(process.execPath, ['--expose-gc', import.meta.filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const ok = Array.from({ length: 200 }, (_, i) => citizenWith('ok', i));

// Central's clock runs 20 s per reading so its per-kiosk rate limit (30 verifications / 10 min) does not throttle the run.
let centralNow = Date.now();
const sandbox = await startSandbox({ clock: () => (centralNow += 20_000) });
const kiosk = await startKioskService(sandbox, 'civil-digital', { idleTimeoutSeconds: 3600 });
const durations: number[] = [];
let after10 = process.memoryUsage();

const memory = () => {
  globalThis.gc?.();
  return process.memoryUsage();
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

for (let i = 0; i < SESSIONS; i++) {
  const citizen = ok[i % ok.length]!;
  const started = performance.now();
  await kiosk.command('session.start', { language: 'es-CL' });
  await kiosk.send({ type: 'continue' });
  await kiosk.send({ type: 'consent.accept' });
  await kiosk.command('dev.insertCard', { run: citizen.run.formatted, format: 'both' });
  await kiosk.waitForStep('finger');
  await kiosk.command('dev.placeFinger', { run: citizen.run.formatted });
  const end = await Promise.race([kiosk.waitForStep('code-printed'), kiosk.waitForStep('failed'), kiosk.waitForStep('code-on-screen')]);
  if (end.step !== 'code-printed') throw new Error(`session ${i} ended in ${end.step} ${end.failure ?? ''}`);
  durations.push(performance.now() - started);
  await kiosk.send({ type: 'finish' });
  await kiosk.command('dev.liftFinger');
  kiosk.snapshots.length = 0;
  if (i === 9) after10 = memory();
}
const afterAll = memory();

const sorted = [...durations].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
process.stdout.write(`whole Civil Digital enrollment, service side (${SESSIONS} sessions, instant simulated devices, sandbox over HTTPS+mTLS):\n`);
process.stdout.write(`  median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms\n`);
process.stdout.write(`  RSS after 10 sessions ${mib(after10.rss)}, after ${SESSIONS} ${mib(afterAll.rss)}: ${mib(afterAll.rss - after10.rss)} more\n`);
process.stdout.write(
  `  V8 heap used after 10 ${mib(after10.heapUsed)}, after ${SESSIONS} ${mib(afterAll.heapUsed)}; external ${mib(after10.external)} → ${mib(afterAll.external)}\n`,
);
process.stdout.write('  (the central sandbox runs in the same process: its SQLite caches and V8 heap are in these figures)\n');

await kiosk.close();
await sandbox.close();
removeTempDirs();
