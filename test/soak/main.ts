/**
 * `npm run soak -- --sessions N [--seed S]`: whole enrollments of both modes
 * against the central sandbox, each part in its own process as in
 * production, with faults at moments a seeded PRNG picks, then a
 * reconciliation of the kiosks' SQLite files with central's (README
 * "Soak test"). Options:
 *
 *   --sessions N          sessions in all, alternating Civil Digital and ChileAtiende (required)
 *   --seed S              the fault plan's seed (default 1)
 *   --warmup W            each service's first W sessions, before its RSS baseline; service kills only happen early in them
 *                         (default 200, or a quarter of N below 800 sessions: each kiosk serves half of N); from 180
 *                         up, also until the simulated reader has drawn every citizen of the kiosk's cycle
 *   --outages K           times central is stopped during the run (default 1, 2 from 1,000 sessions)
 *   --outage-pause-s P    how long central stays down each time (default 90)
 *   --idle-timeout-s T    the kiosks' idle timeout (default 15, the configuration's minimum)
 *   --force-every-fault   every fault kind at least once (the short e2e run)
 *   --parallel            both kiosks serve citizens at the same time (default: one session at a time; the other
 *                         kiosk's background work still runs: in production each kiosk has its own machine)
 *   --dir D               where the run keeps its databases and logs (default a new temporary directory)
 *
 * SOAK_TRACE=1 prints every step each session shows, with its time (stderr).
 * Speed and memory figures are measurements, printed with their units; nothing here judges them.
 *
 * The last line is `soak sessions=N completed=… lost=… duplicates=… p95_ms=… rss_growth_mib=… errors=…`;
 * the exit code is 0 only when lost, duplicates and errors are all 0.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FAULT_KINDS } from './fault-plan.ts';
import { runSoak } from './soak-run.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    seed: { type: 'string', default: '1' },
    warmup: { type: 'string' },
    outages: { type: 'string' },
    'outage-pause-s': { type: 'string', default: '90' },
    'idle-timeout-s': { type: 'string', default: '15' },
    'force-every-fault': { type: 'boolean', default: false },
    parallel: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});

const integer = (name: string, raw: string | undefined, min: number): number => {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} must be an integer ≥ ${min}, got ${raw}\n`);
    process.exit(64);
  }
  return n;
};

const sessions = integer('sessions', values.sessions, 1);
const options = {
  sessions,
  seed: integer('seed', values.seed, 0),
  warmup: values.warmup === undefined ? (sessions >= 800 ? 200 : Math.floor(sessions / 4)) : integer('warmup', values.warmup, 0),
  centralOutages: values.outages === undefined ? (sessions >= 1000 ? 2 : 1) : integer('outages', values.outages, 0),
  outagePauseMs: integer('outage-pause-s', values['outage-pause-s'], 0) * 1000,
  idleTimeoutSeconds: integer('idle-timeout-s', values['idle-timeout-s'], 15),
  forceEveryFault: values['force-every-fault'],
  parallel: values.parallel,
  workDir: values.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-soak-')),
  drainBoundMs: 10 * 60_000,
  write: (line: string) => void process.stdout.write(`${line}\n`),
};

options.write(
  `soak: ${sessions} sessions, seed ${options.seed}, warm-up ${options.warmup}, ${options.centralOutages} central outage(s) of ${options.outagePauseMs / 1000} s, idle timeout ${options.idleTimeoutSeconds} s, ${options.parallel ? 'both kiosks at once' : 'one session at a time'}, files in ${options.workDir}`,
);
const summary = await runSoak(options);
const { reconciliation: r } = summary;
const fmt = (n: number | null, digits = 1) => (n === null ? 'n/a' : n.toFixed(digits));
const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
const line = (entries: Readonly<Record<string, number>>) =>
  Object.entries(entries)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

options.write(`faults injected: ${line(Object.fromEntries(FAULT_KINDS.map((k) => [k, summary.faultsInjected[k]])))}`);
options.write(`final steps seen: ${line(summary.finalSteps)}`);
options.write(`ledger outcomes: ${line(r.ledgerOutcomes)}`);
options.write(`outbox records: ${r.outbox.delivered} delivered, ${r.outbox.pending} pending, ${r.outbox.dead} dead`);
options.write(
  `service restarts: ${line(summary.restarts)}; central outages ${summary.centralOutages}, down ${(summary.centralDowntimeMs / 1000).toFixed(0)} s in all`,
);
options.write(
  `duration, session.start → final step, ${summary.faultFreeSessions} sessions without a fault: median ${fmt(summary.medianMs)} ms, p95 ${fmt(summary.p95Ms)} ms`,
);
options.write(
  `  of which ${summary.afterWarmup.sessions} after their service's warm-up: median ${fmt(summary.afterWarmup.medianMs)} ms, p95 ${fmt(summary.afterWarmup.p95Ms)} ms`,
);
options.write(
  `  left out: ${summary.firstPlacements.sessions} sessions without a fault that were a citizen's first placement on that service's simulated reader (it draws the master print): median ${fmt(summary.firstPlacements.medianMs)} ms, p95 ${fmt(summary.firstPlacements.p95Ms)} ms`,
);
for (const [kiosk, { warm, end }] of Object.entries(summary.rss)) {
  const kib = (n: number | undefined) => (n === undefined ? 'n/a' : `${(n / 1024).toFixed(1)} MiB`);
  options.write(
    `RSS ${kiosk} service (/proc/<pid>/status), end of warm-up (${warm.sessions ?? 'n/a'} sessions) pid ${warm.pid ?? 'n/a'}: VmRSS ${kib(warm.rss?.vmRssKiB)} (RssAnon ${kib(warm.rss?.rssAnonKiB)}, RssFile ${kib(warm.rss?.rssFileKiB)}); ` +
      `end pid ${end.pid ?? 'n/a'}: VmRSS ${kib(end.rss?.vmRssKiB)} (RssAnon ${kib(end.rss?.rssAnonKiB)}, RssFile ${kib(end.rss?.rssFileKiB)})${warm.pid !== end.pid ? ' — a different process: not counted' : ''}`,
  );
}
// Where each service's growth went: /proc mappings (V8's 256 KiB pages, glibc's brk heap, other anonymous, files) and the
// process's own split (V8 heap used, its spaces, memory outside the V8 heap).
for (const [kiosk, { warm, end }] of Object.entries(summary.rss)) {
  const a = warm.memory;
  const b = end.memory;
  if (a === null || b === null || warm.pid !== end.pid) continue;
  const kib = (field: string) => `${field} ${signed((b.kib[field]! - a.kib[field]!) / 1024)}`;
  const bytes = (field: string) =>
    a.probe?.[field] === undefined || b.probe?.[field] === undefined ? null : `${field} ${signed((b.probe[field] - a.probe[field]) / 2 ** 20)}`;
  const inside = ['heapUsed', 'heapTotal', 'new_space', 'old_space', 'code_space', 'large_object_space', 'external', 'arrayBuffers', 'mallocedMemory']
    .map(bytes)
    .filter((x): x is string => x !== null);
  options.write(
    `  ${kiosk} growth by kind, MiB: ${['v8Pages', 'brkHeap', 'otherAnon', 'RssFile', 'RssShmem'].map(kib).join(', ')}; inside: ${inside.join(', ') || 'n/a'}`,
  );
}
options.write(
  "rss_growth_mib: the larger of the two services' VmRSS growth from the end of its warm-up (its first W sessions, longer until its simulated reader has drawn every citizen) to the end, same process (kills happen only early in the warm-up); both read at rest, the kiosk idle past its idle collections",
);
for (const finding of r.findings.slice(0, 20)) options.write(`  ${finding.kind}: ${finding.reason} (${finding.ref})`);
options.write(`wall time ${(summary.wallMs / 1000).toFixed(0)} s`);
options.write(
  `soak sessions=${summary.sessions} completed=${summary.completed} lost=${summary.lost} duplicates=${summary.duplicates} p95_ms=${fmt(summary.p95Ms, 0)} rss_growth_mib=${fmt(summary.rssGrowthMiB)} errors=${summary.errors}`,
);
process.exit(summary.lost === 0 && summary.duplicates === 0 && summary.errors === 0 ? 0 : 1);
