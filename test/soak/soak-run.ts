/**
 * The soak run: central in one process, a Civil Digital and a ChileAtiende
 * kiosk service in one process each, the planned sessions driven on both
 * kiosks (one citizen at a time unless `parallel`), then the drain and the
 * reconciliation.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IDLE_REST_MS } from '../../electron/service/idle-collection.ts';
import type { OutboxKind } from '../../electron/service/outbox/outbox.ts';
import { simulatedPopulation } from '../../drivers/card-reader/simulated-card-output.ts';
import { type CentralProcess, startCentralProcess } from './central-process.ts';
import { CITIZENS_PER_KIOSK, ResettablePool, RoundRobin } from './citizen-pool.ts';
import { countByFault, FAULT_KINDS, type FaultKind, type PlannedSession, planFaults, type SoakMode } from './fault-plan.ts';
import { type JournalSession, type Reconciliation, reconcile } from './reconcile.ts';
import { driveSession, type FaultHooks, ownTurn, sharedTurn, waitDevicesReady } from './session-driver.ts';
import { type MemoryReading, type Rss, type SoakKiosk, startSoakKiosk } from './service-process.ts';
import { centralActivations, pendingRecords, prepareKioskDatabase, readCentral, readKiosk } from './stores.ts';

/**
 * RSS is read with the kiosk at rest: no session and no delivery for this
 * long, past the service's idle collection (electron/service/idle-collection.ts),
 * as a kiosk stands between citizens. Both readings (warm-up end, end) alike.
 */
const AT_REST_MS = IDLE_REST_MS + 1500;
/** How long a kiosk's outbox may take to empty before a reading goes ahead anyway (central down: it cannot). */
const AT_REST_DRAIN_BOUND_MS = 30_000;

/** A kiosk's pending rows (of `kind`, or all), or 0 while its file cannot be read (busy beyond the timeout). */
function safePending(dataDir: string, kind?: OutboxKind): number {
  try {
    return pendingRecords(dataDir, kind);
  } catch {
    return 0;
  }
}

/**
 * Waits until the kiosks' outboxes hold nothing (a session's audit records
 * go a couple of seconds after it), bounded, then for the rest the service
 * takes after its last delivery before it collects.
 */
async function atRest(dataDirs: readonly string[]): Promise<void> {
  await sleep(500); // the session's last records are written as its final step shows
  const started = performance.now();
  while (dataDirs.some((dir) => safePending(dir) > 0) && performance.now() - started < AT_REST_DRAIN_BOUND_MS) await sleep(250);
  await sleep(AT_REST_MS);
}

/**
 * A kiosk's sessions in which its service may be killed: the start of its
 * warm-up, early enough that the restarted service's simulated reader has
 * drawn every citizen's master print again before the warm-up ends (a
 * shorter warm-up than that allows kills anywhere in it).
 */
export const killWindow = (warmup: number): number => (warmup >= CITIZENS_PER_KIOSK + 10 ? warmup - CITIZENS_PER_KIOSK : warmup);

/**
 * A kiosk's sessions before its RSS baseline at most: the `warmup` asked for
 * and, when it is long enough to fill the simulated reader's cache, until the
 * reader has drawn every citizen of the cycle, at most `cycle` sessions more
 * (a citizen whose session ended before the finger step comes round again a
 * cycle later).
 */
export const longestWarmup = (warmup: number, cycle = CITIZENS_PER_KIOSK): number => (warmup >= cycle ? warmup + cycle : warmup);

export interface SoakOptions {
  readonly sessions: number;
  readonly seed: number;
  readonly warmup: number;
  readonly centralOutages: number;
  readonly outagePauseMs: number;
  readonly idleTimeoutSeconds: number;
  readonly forceEveryFault: boolean;
  /** Both kiosks serve citizens at the same time (default: one session at a time, see Turn). */
  readonly parallel: boolean;
  readonly workDir: string;
  readonly drainBoundMs: number;
  readonly write: (line: string) => void;
}

export interface Durations {
  readonly sessions: number;
  readonly medianMs: number | null;
  readonly p95Ms: number | null;
}

export interface RssPoint {
  readonly pid: number | undefined;
  /** The kiosk's sessions before this reading. */
  readonly sessions?: number;
  readonly rss: Rss | null;
  readonly memory: MemoryReading | null;
}

export interface SoakSummary {
  readonly sessions: number;
  readonly completed: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly p95Ms: number | null;
  readonly medianMs: number | null;
  readonly faultFreeSessions: number;
  /** The same over the sessions after their service's warm-up (its first `warmup` sessions). */
  readonly afterWarmup: Durations;
  /** Fault-free sessions left out of the figures above: a citizen's first placement on this service's simulated reader. */
  readonly firstPlacements: Durations;
  readonly rssGrowthMiB: number | null;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly reconciliation: Reconciliation;
  readonly faultsInjected: Readonly<Record<FaultKind, number>>;
  readonly finalSteps: Readonly<Record<string, number>>;
  readonly restarts: Readonly<Record<string, number>>;
  readonly centralDowntimeMs: number;
  readonly centralOutages: number;
  readonly rss: Readonly<Record<string, { warm: RssPoint; end: RssPoint }>>;
  readonly wallMs: number;
}

const KIOSK_IDS: Readonly<Record<SoakMode, string>> = { 'civil-digital': 'soak-civil-digital', chileatiende: 'soak-chileatiende' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (kib: number) => kib / 1024;

export async function runSoak(options: SoakOptions): Promise<SoakSummary> {
  const began = performance.now();
  const { write } = options;
  const errors: string[] = [];
  const error = (message: string) => {
    errors.push(message);
    if (errors.length <= 20) write(`  error: ${message}`);
  };
  mkdirSync(options.workDir, { recursive: true });
  const plan = planFaults({
    sessions: options.sessions,
    seed: options.seed,
    killBefore: 2 * killWindow(options.warmup),
    centralOutages: options.centralOutages,
    // After both warm-ups (they alternate, so twice a kiosk's), so the memory growth includes the outages' deferrals.
    outagesFrom: Math.min(2 * longestWarmup(options.warmup), Math.floor((options.sessions * 3) / 4)),
    force: options.forceEveryFault,
  });

  const centralDataDir = join(options.workDir, 'central');
  const activations = centralActivations(join(centralDataDir, 'central.db'));
  const central: CentralProcess = await startCentralProcess({
    dataDir: centralDataDir,
    logFile: join(options.workDir, 'central.log'),
    devKioskId: KIOSK_IDS['civil-digital'],
    rateLimitScale: 1000,
  });
  central.onUnexpectedExit((code, signal) => error(`central exited unasked (${code ?? signal})`));
  const caToken = (await central.control({ type: 'registration-token', kioskId: KIOSK_IDS.chileatiende })).token!;

  const kiosks = {} as Record<SoakMode, SoakKiosk>;
  for (const mode of ['civil-digital', 'chileatiende'] as const) {
    const dataDir = join(options.workDir, mode);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    prepareKioskDatabase(dataDir);
    kiosks[mode] = await startSoakKiosk({
      kioskId: KIOSK_IDS[mode],
      mode,
      dataDir,
      logFile: join(options.workDir, `${mode}.log`),
      centralUrl: central.url,
      centralCaFile: central.caCertificateFile,
      registrationToken: mode === 'civil-digital' ? central.devToken : caToken,
      idleTimeoutSeconds: options.idleTimeoutSeconds,
      onUnexpectedExit: (code) => error(`${mode} service exited unasked (${code})`),
    });
    await waitDevicesReady(kiosks[mode], errors, 120_000);
  }

  // Citizens: the registry's 'ok' people, half for each kiosk.
  // Central and the reconciliation know a RUN in canonical form ('15234871-1'); the card reader takes it formatted.
  const formatted = new Map<string, string>();
  const ok = simulatedPopulation()
    .citizens.filter((c) => c.scenario === 'ok')
    .map((c) => {
      const canonical = `${c.run.number}-${c.run.checkDigit}`;
      formatted.set(canonical, c.run.formatted);
      return canonical;
    });
  const perKiosk = Math.min(CITIZENS_PER_KIOSK, Math.floor(ok.length / 3));
  const civilCitizens = new RoundRobin(ok.slice(0, perKiosk));
  const chileCitizens = new ResettablePool(ok.slice(perKiosk, 2 * perKiosk));

  // Central outages: one at a time; each ends after the pause (central started again on its port and data).
  const outages: { from: number; to: number | null }[] = [];
  let outage: Promise<void> | null = null;
  /** Each outage's wait for central to catch up with the queued enrolments (the end of its window). */
  const catchingUp: Promise<void>[] = [];
  const hooksFor = (mode: SoakMode): FaultHooks => ({
    async armCentral(kind, route) {
      const action = ({ 'central-503': 'error', 'central-latency': 'latency', 'central-drop': 'drop', 'central-lost-response': 'lose_response' } as const)[
        kind
      ];
      if (!central.running) return;
      await central
        .control({ type: 'arm', fault: { action, count: 1, route, kioskId: KIOSK_IDS[mode], ...(action === 'latency' && { latencyMs: 1500 }) } })
        .catch(() => undefined);
    },
    async disarmCentral() {
      if (central.running) await central.control({ type: 'disarm', kioskId: KIOSK_IDS[mode] }).catch(() => undefined);
    },
    async centralDown() {
      if (outage) return;
      const window: { from: number; to: number | null } = { from: performance.now(), to: null };
      outages.push(window);
      await central.stop();
      write(`  central down for ${Math.round(options.outagePauseMs / 1000)} s (stopped with SIGTERM)`);
      outage = (async () => {
        await sleep(options.outagePauseMs);
        await central.restart().catch((e: Error) => error(`central restart failed: ${e.message}`));
        outage = null;
        write('  central back');
        // The outage lasts, for the figures, until central has caught up with what the kiosks queued meanwhile
        // (deferred enrolments each cost central a verification and an activation): sessions until then are
        // slowed by the fault, not by their own path. Bounded, so a stuck queue cannot hide the rest of the run.
        catchingUp.push(
          (async () => {
            const backSince = performance.now();
            while (
              performance.now() - backSince < 10 * 60_000 &&
              (['civil-digital', 'chileatiende'] as const).some((m) => safePending(join(options.workDir, m), 'deferred-enrollment') > 0)
            )
              await sleep(500);
            window.to = performance.now();
            write(`  central caught up with the queued enrolments ${((window.to - backSince) / 1000).toFixed(0)} s after it came back`);
          })(),
        );
      })();
    },
  });

  const journal: (JournalSession & {
    afterWarmup: boolean;
    firstPlacement: boolean;
    durationMs: number | null;
    finalStep: string;
    startedAt: number;
    endedAt: number;
  })[] = [];
  const warm: Record<string, RssPoint> = {};
  let done = 0;
  let lastReport = performance.now();
  let doneAtLastReport = 0;
  const report = () => {
    const now = performance.now();
    const rate = ((done - doneAtLastReport) / (now - lastReport)) * 1000;
    lastReport = now;
    doneAtLastReport = done;
    const rss = (['civil-digital', 'chileatiende'] as const).map((m) => `${m} ${(mib(kiosks[m].rss()?.vmRssKiB ?? NaN) || 0).toFixed(1)} MiB`).join(', ');
    write(`soak progress: ${done}/${options.sessions} sessions, ${rate.toFixed(2)} sessions/s, service RSS ${rss}, errors ${errors.length}`);
  };

  const resetAccount = async (run: string): Promise<number | null> => {
    if (!central.running) return null;
    try {
      return (await central.control({ type: 'reset-account', run })).auditBoundary ?? 0;
    } catch {
      return null;
    }
  };

  const shared = sharedTurn();
  /** Citizens each kiosk cycles through: its simulated reader has drawn them all once its cache is warm. */
  const cycle = perKiosk;
  const runKiosk = async (mode: SoakMode, sessions: readonly PlannedSession[]) => {
    const turn = options.parallel ? ownTurn() : shared;
    const kiosk = kiosks[mode];
    let served = 0;
    /** Citizens whose finger this service process's simulated reader has drawn (a restart starts afresh). */
    const drawn = new Set<string>();
    let drawnBy: number | undefined;
    for (const planned of sessions) {
      // The end of this service's own warm-up (longestWarmup): its first `warmup` sessions (the sessions that may be
      // killed are among them) and then until its simulated reader has drawn every citizen of the cycle.
      const cacheFilled = drawn.size >= cycle || served >= longestWarmup(options.warmup, cycle);
      if (served >= options.warmup && cacheFilled && warm[mode] === undefined) {
        // Read at rest, as at the end: the kiosk sits out long enough for its idle collection (the other kiosk goes on).
        await atRest([join(options.workDir, mode)]);
        warm[mode] = { pid: kiosk.pid(), sessions: served, rss: kiosk.rss(), memory: await kiosk.memory() };
      }
      served += 1;
      let citizen = mode === 'civil-digital' ? civilCitizens.next() : null;
      while (citizen === null) {
        citizen = await chileCitizens.next(resetAccount, (run, epoch) => activations.activatedSince(run, epoch));
        if (citizen === null) await sleep(500);
      }
      if (kiosk.pid() !== drawnBy) {
        drawn.clear();
        drawnBy = kiosk.pid();
      }
      const firstPlacement = !drawn.has(citizen.run);
      const startedAt = performance.now();
      let result;
      try {
        result = await driveSession({
          kiosk,
          planned,
          run: formatted.get(citizen.run)!,
          email: `soak.${planned.index}@example.cl`,
          hooks: hooksFor(mode),
          turn,
          idleTimeoutSeconds: options.idleTimeoutSeconds,
          sessionBoundMs: (options.idleTimeoutSeconds + 180) * 1000,
        });
      } catch (e) {
        error(`session ${planned.index} (${mode}): ${(e as Error).message}`);
        continue;
      }
      for (const message of result.errors) error(`session ${planned.index} (${mode}): ${message}`);
      // Drawn by this process's reader unless the process was killed meanwhile (the pid check above starts afresh).
      if (result.fingerTaken) drawn.add(citizen.run);
      if (mode === 'chileatiende') {
        if (result.deferred || result.finalStep === 'deferred') chileCitizens.park(citizen.run);
        else {
          // The harness's own request to central (resetting the account) holds the turn like a session, so it does not
          // land on central in the middle of the next citizen's session.
          await turn.take();
          try {
            await chileCitizens.release(citizen.run, resetAccount);
          } finally {
            turn.give();
          }
        }
      }
      journal.push({
        afterWarmup: warm[mode] !== undefined,
        firstPlacement,
        index: planned.index,
        mode,
        kioskId: KIOSK_IDS[mode],
        fault: planned.fault,
        sessionId: result.sessionId,
        run: citizen.run,
        activatedReported: result.activatedReported,
        epoch: citizen.epoch,
        durationMs: result.durationMs,
        finalStep: result.finalStep,
        startedAt: startedAt + result.startWaitMs,
        endedAt: performance.now(),
      });
      done += 1;
      if (done % 100 === 0) report();
    }
  };
  await Promise.all([
    runKiosk(
      'civil-digital',
      plan.filter((p) => p.mode === 'civil-digital'),
    ),
    runKiosk(
      'chileatiende',
      plan.filter((p) => p.mode === 'chileatiende'),
    ),
  ]);
  if (done % 100 !== 0) report();
  if (outage) await outage;
  await Promise.all(catchingUp);

  // Drain: central up, nothing armed; wait (bounded) until both outboxes have delivered everything.
  await central.control({ type: 'disarm' }).catch((e: Error) => error(`disarm: ${e.message}`));
  const drainStarted = performance.now();
  for (;;) {
    const pending = (['civil-digital', 'chileatiende'] as const).reduce((sum, m) => sum + pendingRecords(join(options.workDir, m)), 0);
    if (pending === 0) break;
    if (performance.now() - drainStarted > options.drainBoundMs) {
      write(`  drain: ${pending} records still pending after ${Math.round(options.drainBoundMs / 1000)} s`);
      break;
    }
    await sleep(1000);
  }
  write(`  drain took ${((performance.now() - drainStarted) / 1000).toFixed(1)} s`);

  const end: Record<string, RssPoint> = {};
  await atRest((['civil-digital', 'chileatiende'] as const).map((m) => join(options.workDir, m)));
  for (const m of ['civil-digital', 'chileatiende'] as const) end[m] = { pid: kiosks[m].pid(), rss: kiosks[m].rss(), memory: await kiosks[m].memory() };
  const restarts = { 'civil-digital': kiosks['civil-digital'].restarts(), chileatiende: kiosks.chileatiende.restarts() };
  await Promise.all(Object.values(kiosks).map((k) => k.close()));
  await central.stop();
  activations.close();

  // Reconcile from the files, every process stopped.
  const records = (['civil-digital', 'chileatiende'] as const).map((m) => readKiosk(join(options.workDir, m), KIOSK_IDS[m]));
  const outbox = records.flatMap((r) => r.outbox);
  const centralRecords = readCentral(
    join(centralDataDir, 'central.db'),
    outbox.filter((o) => o.kind === 'deferred-enrollment').map((o) => ({ kioskId: o.kioskId, key: o.idempotencyKey })),
  );
  const reconciliation = reconcile({
    journal,
    ledger: records.flatMap((r) => r.ledger),
    outbox,
    centralAudits: centralRecords.audits,
    centralDeferredDone: centralRecords.deferredDone,
    activations: centralRecords.activations,
    resets: chileCitizens.resets,
  });

  // p95 over sessions with no fault of their own that did not overlap an outage, and were not the first
  // placement of that citizen's finger on this service's simulated reader: drawing a master print is the
  // simulator's work (hundreds of ms), which an instant reader does not do. Those are counted apart.
  const overlapsOutage = (s: { startedAt: number; endedAt: number }) => outages.some((o) => s.startedAt <= (o.to ?? Infinity) + 5000 && s.endedAt >= o.from);
  const undisturbed = journal.filter((s) => s.fault === null && s.durationMs !== null && !overlapsOutage(s));
  const faultFreeSessions = undisturbed.filter((s) => !s.firstPlacement);
  const sortedDurations = (sessions: readonly { durationMs: number | null }[]) => sessions.map((s) => s.durationMs!).sort((a, b) => a - b);
  const faultFree = sortedDurations(faultFreeSessions);
  const steady = sortedDurations(faultFreeSessions.filter((s) => s.afterWarmup));
  const firstPlacements = sortedDurations(undisturbed.filter((s) => s.firstPlacement));
  const quantileOf = (sorted: readonly number[], q: number) =>
    sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const quantile = (q: number) => quantileOf(faultFree, q);
  const durations = (sorted: readonly number[]): Durations => ({ sessions: sorted.length, medianMs: quantileOf(sorted, 0.5), p95Ms: quantileOf(sorted, 0.95) });

  // RSS growth: per kiosk, warm-up end → end, only when the same process lived through both (no kill after the warm-up).
  const growth = (['civil-digital', 'chileatiende'] as const).map((m) => {
    const w = warm[m];
    const e = end[m];
    if (!w?.rss || !e?.rss || w.pid !== e.pid) return null;
    return mib(e.rss.vmRssKiB - w.rss.vmRssKiB);
  });
  const measured = growth.filter((g): g is number => g !== null);

  const finalSteps: Record<string, number> = {};
  for (const s of journal) finalSteps[s.finalStep] = (finalSteps[s.finalStep] ?? 0) + 1;
  const completedIds = new Set(
    journal
      .filter((s) => s.sessionId !== null)
      .map((s) => `${s.kioskId} ${s.sessionId}`)
      .filter((key) => {
        const row = records.flatMap((r) => r.ledger).find((l) => `${l.kioskId} ${l.id}` === key);
        return row !== undefined && row.endedAt !== null && row.outcome !== null;
      }),
  );
  const faultsInjected = countByFault(journal.map((s) => ({ index: s.index, mode: s.mode, fault: s.fault, where: 0 })));
  for (const kind of FAULT_KINDS) if (faultsInjected[kind] === undefined) faultsInjected[kind] = 0;

  return {
    sessions: options.sessions,
    completed: completedIds.size,
    lost: reconciliation.lost,
    duplicates: reconciliation.duplicates,
    p95Ms: quantile(0.95),
    medianMs: quantile(0.5),
    faultFreeSessions: faultFree.length,
    afterWarmup: durations(steady),
    firstPlacements: durations(firstPlacements),
    rssGrowthMiB: measured.length === 0 ? null : Math.max(...measured),
    errors: errors.length,
    errorSamples: errors.slice(0, 20),
    reconciliation,
    faultsInjected,
    finalSteps,
    restarts,
    centralDowntimeMs: outages.reduce((sum, o) => sum + ((o.to ?? performance.now()) - o.from), 0),
    centralOutages: outages.length,
    rss: Object.fromEntries(
      (['civil-digital', 'chileatiende'] as const).map((m) => [m, { warm: warm[m] ?? { pid: undefined, rss: null, memory: null }, end: end[m]! }]),
    ),
    wallMs: performance.now() - began,
  };
}
