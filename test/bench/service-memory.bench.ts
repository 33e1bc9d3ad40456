/**
 * `npm run bench -- service-memory [--sessions N] [--warmup W] [--every K] [--probe]`:
 * the kiosk SERVICE process's memory over N whole Civil Digital enrollments
 * (default 800) at instant simulated devices, as production runs it: the
 * service forked from electron/service/process-entry.ts by the browser host's
 * launcher (electron/browser-host/server/service-link.ts, the shared host
 * link, the env a host gives it), the central sandbox in a process of its own
 * over HTTPS + mTLS. Every K sessions (default 50) it reads the service pid's
 * /proc/<pid>/status (VmRSS, RssAnon, RssFile, RssShmem) and smaps_rollup from
 * outside, without a forced GC, and prints the curve and the growth from the
 * end of the W-session warm-up (default 200) to the end: the growth the
 * service's memory budget is judged by.
 *
 * `--probe` also loads test/bench/service-memory-probe.ts into the service
 * (NODE_OPTIONS, bench only) and asks it on each sample, after a forced GC,
 * for V8 heap, external and array buffers: what of the RSS is JavaScript's.
 * The forced GCs change what /proc shows, so compare runs with the same flags.
 *
 * The sandbox is this file run with `--as-sandbox`: test/service/enrollment's
 * sandbox with central's clock running 20 s per reading, so its per-kiosk rate
 * limit (30 verifications / 10 min) does not throttle the run.
 * Not a test: nothing passes or fails; the figures are noisy on a busy machine.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SessionSnapshot, SessionStep } from '../../electron/contract/index.ts';
import { childProcessServiceLink } from '../../electron/browser-host/server/service-link.ts';
import { createLogger } from '../../common/log.ts';
import { kibFields, memoryProbeEnv, readMemoryProbe, residentByMapping } from '../support/process-memory.ts';

const repoRoot = join(import.meta.dirname, '../..');

if (process.argv[2] === '--as-sandbox') await runSandbox(process.argv[3] ?? 'bench-kiosk');

async function runSandbox(kioskId: string): Promise<never> {
  const { startSandbox, removeTempDirs } = await import('../service/enrollment/support.ts');
  let centralNow = Date.now();
  const sandbox = await startSandbox({ clock: () => (centralNow += 20_000) });
  const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
  process.send?.({ url: sandbox.server.url, caFile: sandbox.caFile, token });
  await new Promise<void>((resolve) => process.once('disconnect', resolve));
  await sandbox.close();
  removeTempDirs();
  process.exit(0);
}

const { values: args } = parseArgs({
  options: {
    sessions: { type: 'string', default: '800' },
    warmup: { type: 'string', default: '200' },
    every: { type: 'string', default: '50' },
    probe: { type: 'boolean', default: false },
    // Experiments: `--service-env MALLOC_ARENA_MAX=2` (repeatable) adds to the environment the host gives the service.
    'service-env': { type: 'string', multiple: true, default: [] },
  },
});
const SESSIONS = Number(args.sessions);
const WARMUP = Number(args.warmup);
const EVERY = Number(args.every);

const KIOSK_ID = 'bench-memory-01';
const sandboxProcess = fork(import.meta.filename, ['--as-sandbox', KIOSK_ID], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
const central = await new Promise<{ url: string; caFile: string; token: string }>((resolve, reject) => {
  sandboxProcess.once('message', (m) => resolve(m as { url: string; caFile: string; token: string }));
  sandboxProcess.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
});

const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-memory-'));
const probeFile = join(dataDir, 'probe.json');
const extraEnv = Object.fromEntries(args['service-env'].map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...extraEnv,
  KIOSK_DATA_DIR: dataDir,
  KIOSK_VERSION: 'bench',
  KIOSK_ID: KIOSK_ID,
  KIOSK_MODE: 'civil-digital',
  KIOSK_SIMULATED: '1',
  KIOSK_IDLE_TIMEOUT_S: '3600',
  KIOSK_CENTRAL_URL: central.url,
  KIOSK_CENTRAL_CA: central.caFile,
  KIOSK_CENTRAL_TOKEN: central.token,
  KIOSK_LOG_LEVEL: 'warn',
  ...(args.probe && memoryProbeEnv(probeFile, extraEnv.NODE_OPTIONS ?? process.env.NODE_OPTIONS)),
};
const log = createLogger((line) => process.stderr.write(line), 'bench', 'warn');
// A restart would be another pid and another curve: the bench stops instead.
const link = childProcessServiceLink({ entry: join(repoRoot, 'electron/service/process-entry.ts'), env, log });
if ((await link.firstReady) === null) throw new Error('the kiosk service did not start');
let finished = false;
link.onStatus((status) => {
  if (status.state !== 'unavailable' || finished) return;
  process.stderr.write('the kiosk service exited during the run\n');
  process.exit(1);
});
const pid = servicePid();

let latest: SessionSnapshot | undefined;
const waiters = new Set<() => void>();
link.onEvent((event, payload) => {
  if (event !== 'session.snapshot') return;
  latest = payload as SessionSnapshot;
  for (const wake of [...waiters]) wake();
});

async function command(name: string, payload?: unknown): Promise<unknown> {
  const result = (await link.invoke(name, payload)) as { ok: boolean; value?: unknown; error?: { code: string } };
  if (!result.ok) throw new Error(`${name} refused: ${result.error?.code}`);
  return result.value;
}
const send = (event: unknown) => command('session.send', event);
function waitForStep(steps: readonly SessionStep[], timeoutMs = 60_000): Promise<SessionSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (latest === undefined || !steps.includes(latest.step)) return false;
      waiters.delete(check);
      clearTimeout(timer);
      resolve(latest);
      return true;
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`none of ${steps.join(', ')} reached; last: ${latest?.step} ${latest?.failure ?? ''}`));
    }, timeoutMs);
    if (!check()) waiters.add(check);
  });
}

/** The forked service: this process's child running process-entry.ts. */
function servicePid(): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('process-entry.ts')) return Number(entry);
    } catch {
      // A process that ended while listed.
    }
  }
  throw new Error('the service process was not found among this process’s children');
}

interface Sample {
  readonly sessions: number;
  readonly seconds: number;
  readonly kib: Record<string, number>;
  readonly probe?: Record<string, number>;
}
const STATUS_FIELDS = ['VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmHWM'] as const;
const ROLLUP_FIELDS = ['Private_Dirty', 'Anonymous', 'Swap'] as const;
async function probe(): Promise<Record<string, number> | undefined> {
  return args.probe ? readMemoryProbe(pid, probeFile) : undefined;
}
const started = Date.now();
async function sample(sessions: number): Promise<Sample> {
  const probed = await probe();
  const kib = {
    ...kibFields(readFileSync(`/proc/${pid}/status`, 'utf8'), STATUS_FIELDS),
    ...kibFields(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), ROLLUP_FIELDS),
    ...residentByMapping(pid),
  };
  return { sessions, seconds: (Date.now() - started) / 1000, kib, ...(probed && { probe: probed }) };
}

// A Civil Digital kiosk starts no session while central is not known reachable: the first start waits for registration.
async function startSession(): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const result = (await link.invoke('session.start', { language: 'es-CL' })) as { ok: boolean };
    if (result.ok) return;
    if (Date.now() > until) throw new Error('session.start refused for 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const { citizenWith } = await import('../central/domain/support.ts');
const citizens = Array.from({ length: 200 }, (_, i) => citizenWith('ok', i).run.formatted);
const samples: Sample[] = [await sample(0)];
for (let i = 0; i < SESSIONS; i++) {
  const run = citizens[i % citizens.length]!;
  await startSession();
  await send({ type: 'continue' });
  await send({ type: 'consent.accept' });
  await command('dev.insertCard', { run, format: 'both' });
  await waitForStep(['finger']);
  await command('dev.placeFinger', { run });
  const end = await waitForStep(['code-printed', 'failed', 'code-on-screen']);
  if (end.step !== 'code-printed') throw new Error(`session ${i} ended in ${end.step} ${end.failure ?? ''}`);
  await send({ type: 'finish' });
  await command('dev.liftFinger');
  if ((i + 1) % EVERY === 0 || i + 1 === SESSIONS) samples.push(await sample(i + 1));
}

const mib = (kib: number) => (kib / 1024).toFixed(1).padStart(7);
const columns = [...STATUS_FIELDS, ...ROLLUP_FIELDS, 'brkHeap', 'v8Pages', 'otherAnon'];
const probeColumns = ['heapTotal', 'heapUsed', 'external', 'arrayBuffers', 'new_space', 'old_space', 'large_object_space'] as const;
if (args['service-env'].length > 0) process.stdout.write(`service environment added: ${args['service-env'].join(' ')}\n`);
process.stdout.write(
  `kiosk service process (pid ${pid}), ${SESSIONS} whole Civil Digital enrollments at instant simulated devices, sandbox in its own process; MiB from /proc${args.probe ? ' (after a forced GC: --probe)' : ''}:\n`,
);
process.stdout.write(
  `  ${'sessions'.padStart(8)} ${'s'.padStart(6)} ${columns.map((c) => c.padStart(13)).join(' ')}${args.probe ? ` ${probeColumns.map((c) => c.padStart(14)).join(' ')}` : ''}\n`,
);
for (const s of samples) {
  const probed = s.probe ? ` ${probeColumns.map((c) => mib((s.probe![c] ?? NaN) / 1024).padStart(14)).join(' ')}` : '';
  process.stdout.write(
    `  ${String(s.sessions).padStart(8)} ${s.seconds.toFixed(0).padStart(6)} ${columns.map((c) => mib(s.kib[c]!).padStart(13)).join(' ')}${probed}\n`,
  );
}
const from = samples.find((s) => s.sessions >= WARMUP) ?? samples[0]!;
const to = samples.at(-1)!;
const growth = (field: string) => (to.kib[field]! - from.kib[field]!) / 1024;
process.stdout.write(
  `  growth from session ${from.sessions} to ${to.sessions}: VmRSS ${growth('VmRSS').toFixed(1)} MiB (RssAnon ${growth('RssAnon').toFixed(1)} MiB, RssFile ${growth('RssFile').toFixed(1)} MiB; ` +
    `[heap] ${growth('brkHeap').toFixed(1)} MiB, V8 pages ${growth('v8Pages').toFixed(1)} MiB, other anonymous ${growth('otherAnon').toFixed(1)} MiB)\n`,
);
if (from.probe && to.probe) {
  const p = (k: string) => ((to.probe![k]! - from.probe![k]!) / 2 ** 20).toFixed(1);
  process.stdout.write(`  of which V8 heap used ${p('heapUsed')} MiB, external ${p('external')} MiB, array buffers ${p('arrayBuffers')} MiB\n`);
}
process.stdout.write(`service-memory sessions=${SESSIONS} warmup=${from.sessions} rss_growth_mib=${growth('VmRSS').toFixed(1)}\n`);

finished = true;
await link.close();
sandboxProcess.disconnect();
await new Promise((resolve) => (sandboxProcess.exitCode === null ? sandboxProcess.once('exit', resolve) : resolve(null)));
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
