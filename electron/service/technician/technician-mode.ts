/**
 * Technician mode in the service:
 * the gate (no citizen session, a PIN, a lockout that survives restarts, an
 * inactivity deadline) and the commands behind it: the maintenance layer's
 * operations (selftest, device probes and tests, config view and changes,
 * central registration and connection test, queue view, diagnostics
 * bundle), whose results and errors are message keys the screen words.
 *
 * Every action is audited through the outbox (technician-records.ts);
 * looking (status, configuration, queue, recent events, the device list) is
 * not an action and is not recorded. The renderer gets statuses and results,
 * never the PIN hash, a token, a key or a queued payload.
 */
import {
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type DeviceRole,
  fail,
  type KioskMode,
  ok,
  type HeartbeatView,
  type RecentEvent,
  type Result,
  type TechnicianStatus,
} from '../../contract/index.ts';
import type { DeviceAssignments } from '../config/device-config.ts';
import { KioskConfigStore } from '../config/kiosk-config.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import type { KioskDatabase } from '../db/database.ts';
import type { Logger } from '../../../common/log.ts';
import { checkLine, type LiveDevices, liveDeviceCheck, probeRole, testCardReader, testFingerprint, testPrinter } from '../maintenance/device-tests.ts';
import { exportDiagnostics } from '../maintenance/diagnostics.ts';
import { TechnicianConfigStore } from '../maintenance/kiosk-setup.ts';
import { centralConnectionTest, registerKiosk } from '../maintenance/kiosk-registration.ts';
import { advice, asMaintenanceError, message } from '../maintenance/maintenance-error.ts';
import { type DeviceListings, listPluggedDevices, systemListings } from '../maintenance/plugged-devices.ts';
import { queueView } from '../maintenance/queue.ts';
import { runSelftest, type SelftestOptions, summarize } from '../maintenance/selftest.ts';
import { centralAdvice } from '../maintenance/selftest-checks.ts';
import { TechnicianRecords } from '../maintenance/technician-records.ts';
import { Outbox } from '../outbox/outbox.ts';
import { chosenTarget, type ExportRoots, exportTargets, SYSTEM_EXPORT_ROOTS } from './export-targets.ts';
import { verifyPin } from '../maintenance/pin-hash.ts';
import { PinGuard } from '../maintenance/pin-guard.ts';
import { newPinProblem, storeTechnicianPin } from '../maintenance/technician-pin.ts';
import { TechnicianSession } from './technician-session.ts';
import type { Schedule } from '../../../common/timers.ts';

type TechnicianCommand = Extract<CommandName, `technician.${string}`>;
export type TechnicianHandlers = { readonly [K in TechnicianCommand]: (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>> };

/**
 * Commands that work without an open technician session (the way in, and the way out). None of them sets a
 * PIN: a kiosk without one stays closed until `kioskctl technician set-pin` provisions it on the console.
 */
const OPEN_COMMANDS: ReadonlySet<TechnicianCommand> = new Set(['technician.status', 'technician.enter', 'technician.exit']);

const DAY_MS = 86_400_000;

export interface TechnicianModeOptions {
  readonly inactivityMs?: number;
  readonly lockoutMs?: number;
  readonly maxAttempts?: number;
  /** How long a test waits for a finger or a card (below the contract's 15 s command timeout). */
  readonly deviceTestMs?: number;
  /** Each selftest check's deadline, and the central test's. */
  readonly checkTimeoutMs?: number;
  readonly registrationTimeoutMs?: number;
  readonly exportRoots?: ExportRoots;
  readonly listings?: DeviceListings;
}

export interface TechnicianModeDeps {
  readonly db: KioskDatabase;
  /** The configuration the service started with (environment included). */
  readonly config: ServiceConfig;
  readonly log: Logger;
  /** Wall clock, UTC ms. */
  readonly now: () => number;
  readonly schedule?: Schedule;
  readonly citizenSessionActive: () => boolean;
  readonly devices: () => LiveDevices;
  readonly reassignDevices: (assignments: DeviceAssignments) => Promise<void>;
  readonly recentEvents: () => RecentEvent[];
  readonly emitStatus: (status: TechnicianStatus) => void;
  /** Ends the service so its host starts it again with the changed configuration. */
  readonly requestRestart: () => void;
  /** Wakes the outbox's delivery worker. */
  readonly kickDelivery?: () => void;
  /** Heartbeats and the out-of-service state, for the Health panel. */
  readonly heartbeat?: () => HeartbeatView;
  readonly options?: TechnicianModeOptions;
}

export interface TechnicianMode {
  readonly handlers: TechnicianHandlers;
  /** Whether technician mode is open (citizen sessions wait meanwhile). */
  isOpen(): boolean;
  close(): void;
}

/** A failed operation as the contract carries it: the code, what happened and what to do, as message keys. */
function failure(error: unknown, adviceFor?: (code: string) => ReturnType<typeof centralAdvice>) {
  const problem = asMaintenanceError(error);
  const what = problem.advice ?? adviceFor?.(problem.code);
  return {
    outcome: 'fail' as const,
    code: problem.code.slice(0, 80),
    message: { key: problem.messageKey, params: problem.params },
    ...(what !== undefined && { advice: what }),
  };
}

export function createTechnicianMode(deps: TechnicianModeDeps): TechnicianMode {
  const { db, config, log } = deps;
  const options = deps.options ?? {};
  const deviceTestMs = options.deviceTestMs ?? 10_000;
  const checkTimeoutMs = options.checkTimeoutMs ?? 4_000;
  const guard = new PinGuard(db, {
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    ...(options.lockoutMs !== undefined && { lockoutMs: options.lockoutMs }),
  });
  const configStore = new KioskConfigStore(db, { dataDir: config.dataDir });
  // Records name the kiosk as stored now (a kiosk id changed in technician mode is its id from then on).
  const kioskId = () => configStore.load()?.kioskId ?? config.kioskId;
  const records = new TechnicianRecords(db, kioskId);
  const settings = new TechnicianConfigStore({ db, running: config, records, reassignDevices: deps.reassignDevices });
  const session = new TechnicianSession({
    now: deps.now,
    ...(options.inactivityMs !== undefined && { inactivityMs: options.inactivityMs }),
    ...(deps.schedule !== undefined && { schedule: deps.schedule }),
    onExpired: () => void ended('inactivity'),
  });
  /** One PIN check at a time, so two quick taps cannot both spend the same remaining attempt. */
  let pinQueue: Promise<unknown> = Promise.resolve();
  /** One device test or change at a time. */
  let busy = false;

  const at = () => new Date(deps.now());
  const pinHash = (): string | undefined => {
    try {
      return configStore.load()?.technicianPinHash;
    } catch {
      // A document that no longer loads stopped the service at start; an edit since then does not open technician mode.
      return undefined;
    }
  };

  function status(): TechnicianStatus {
    const now = deps.now();
    const expiresAt = session.expiresAt();
    const pin = guard.state(now);
    const state = expiresAt !== null ? 'active' : pinHash() === undefined ? 'setup' : pin.lockedUntil !== null ? 'locked' : 'pin';
    return {
      state,
      attemptsLeft: pin.attemptsLeft,
      lockedUntil: pin.lockedUntil === null ? null : new Date(pin.lockedUntil).toISOString(),
      lockoutSecondsLeft: pin.lockedUntil === null ? null : Math.ceil((pin.lockedUntil - now) / 1000),
      expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      restartPending: settings.restartPending,
      simulatedDevices: config.simulatedDevices,
    };
  }

  function publish(): TechnicianStatus {
    const current = status();
    deps.emitStatus(current);
    return current;
  }

  async function ended(reason: 'exit' | 'inactivity' | 'locked'): Promise<void> {
    const restart = settings.restartPending;
    log.log('info', 'technician.exited', { reason, restart });
    publish();
    try {
      await records.record('technician.exited', { reason, restart }, at());
    } finally {
      if (restart) deps.requestRestart();
    }
  }

  async function opened(): Promise<TechnicianStatus> {
    session.open();
    log.log('info', 'technician.entered', { how: 'pin' });
    await records.record('technician.entered', { how: 'pin' }, at());
    return publish();
  }

  /**
   * Checks a PIN against the stored hash under the guard: an attempt is spent
   * first, forgiven when the PIN is right; wrong ones are recorded, and the
   * last one locks technician mode.
   */
  async function checkPin(hashed: string, pin: string): Promise<'right' | 'technician.pin_wrong' | 'technician.locked'> {
    const attempt = guard.begin(deps.now());
    if (!attempt.ok) return 'technician.locked';
    if (await verifyPin(hashed, pin)) {
      guard.succeeded(deps.now());
      return 'right';
    }
    const { lockedUntil } = await records.with('technician.pin_failed', {}, at(), () => guard.failed(deps.now()), 'technician.pin_wrong');
    const attemptsLeft = guard.state(deps.now()).attemptsLeft;
    log.log('warn', 'technician.pin_failed', { attemptsLeft, locked: lockedUntil !== null });
    if (lockedUntil === null) return 'technician.pin_wrong';
    await records.record(
      'technician.locked_out',
      { minutes: Math.round(guard.lockoutMs / 60_000), until: new Date(lockedUntil).toISOString() },
      at(),
      'technician.locked',
    );
    return 'technician.locked';
  }

  function serialPin<T>(work: () => Promise<T>): Promise<T> {
    const next = pinQueue.then(work, work);
    pinQueue = next.catch(() => undefined);
    return next;
  }

  async function exclusive<T>(work: () => Promise<T>): Promise<Result<T>> {
    if (busy) return fail('technician.busy');
    busy = true;
    try {
      return ok(await work());
    } finally {
      busy = false;
    }
  }

  const selftestOptions = (): SelftestOptions => ({ checkDevice: liveDeviceCheck(deps.devices), effectiveConfig: (stored) => settings.effective(stored) });
  const mode = (): KioskMode => settings.effective().mode;
  const assignment = (role: DeviceRole) => settings.assignment(role);

  async function deviceTested<T extends { outcome: string; code?: string }>(role: DeviceRole, result: T): Promise<T> {
    await records.record('technician.device_tested', { role, result: result.outcome }, at(), result.outcome === 'pass' ? 'ok' : (result.code ?? 'fail'));
    return result;
  }

  const commands: TechnicianHandlers = {
    'technician.status': async () => ok(status()),

    'technician.enter': ({ pin }) =>
      serialPin(async () => {
        const hashed = pinHash();
        if (hashed === undefined) return fail('technician.pin_not_set');
        const checked = await checkPin(hashed, pin);
        if (checked === 'right') return ok(await opened());
        publish();
        return fail(checked);
      }),

    'technician.changePin': ({ currentPin, pin, confirmation }) =>
      serialPin(async () => {
        const hashed = pinHash();
        if (hashed === undefined) return fail('technician.pin_not_set');
        // The new PIN is judged before the one in use is checked: a typo in the new one costs no attempt.
        const problem = newPinProblem(pin, confirmation);
        if (problem !== null) return fail(problem);
        const checked = await checkPin(hashed, currentPin);
        if (checked === 'technician.locked') {
          // Whoever is at the screen could not prove they know the PIN: technician mode closes with the lock.
          session.close();
          await ended('locked');
          return fail(checked);
        }
        if (checked !== 'right') {
          publish();
          return fail(checked);
        }
        const stored = await storeTechnicianPin({ db, dataDir: config.dataDir, pin, confirmation, at: at(), via: 'touch-screen', kioskId: kioskId() });
        if (!stored.ok) return fail(stored.problem);
        log.log('info', 'technician.pin_changed', {});
        return ok(publish());
      }),

    'technician.exit': async () => {
      if (session.isOpen()) {
        session.close();
        await ended('exit');
      }
      return ok(status());
    },

    'technician.activity': async () => ok(status()),

    'technician.listDevices': async () => ok(await listPluggedDevices(options.listings ?? systemListings)),

    'technician.assignDevice': ({ role, assignment: text }) =>
      exclusive(async () => {
        const result = await settings.assignDevice(role, text, at());
        log.log('info', 'technician.device_assigned', { role, saved: result.saved });
        return result;
      }),

    'technician.probeDevice': ({ role }) =>
      exclusive(async () => {
        const line = await probeRole(role, assignment(role), mode(), deps.devices, checkTimeoutMs);
        await records.record('technician.device_probed', { role, result: line.status }, at(), line.status === 'fail' ? 'fail' : 'ok');
        return line;
      }),

    'technician.testFingerprint': () =>
      exclusive(async () => deviceTested('fingerprint', await testFingerprint(deps.devices(), assignment('fingerprint'), deviceTestMs))),

    'technician.testCardReader': () =>
      exclusive(async () => deviceTested('cardReader', await testCardReader(deps.devices(), assignment('cardReader'), deviceTestMs))),

    'technician.testPrinter': () =>
      exclusive(async () => deviceTested('printer', await testPrinter(deps.devices(), assignment('printer'), settings.stored().kioskId, at(), deviceTestMs))),

    'technician.config': async () => ok(settings.view()),

    'technician.updateSetup': (args) => exclusive(() => settings.updateSetup(args, at())),

    'technician.register': ({ token, force }) =>
      exclusive(async () => {
        try {
          const registration = await registerKiosk({
            dataDir: config.dataDir,
            db,
            token,
            patch: {},
            force: force === true,
            timeoutMs: options.registrationTimeoutMs ?? 10_000,
            via: 'touch-screen',
            effectiveConfig: (stored) => settings.effective(stored),
          });
          settings.markRestartPending();
          const certificate = registration.certificate;
          return {
            outcome: 'pass' as const,
            kioskId: registration.kioskId,
            tlsVersion: registration.tls.version,
            certificate: {
              subject: certificate.subject.slice(0, 300),
              serial: certificate.serial.slice(0, 100),
              notAfter: certificate.notAfter,
              daysLeft: certificate.daysLeft,
            },
            restartPending: true,
          };
        } catch (error) {
          const result = failure(error, centralAdvice);
          await records.record('technician.kiosk_registered', { result: 'fail' }, at(), result.code);
          return result;
        }
      }),

    'technician.centralTest': () =>
      exclusive(async () => {
        try {
          const { probe, clock, certificate } = await centralConnectionTest(config.dataDir, settings.effective(), checkTimeoutMs);
          const summary = (facts: { subject: string; serial: string; notAfter: string; daysLeft: number }) => ({
            subject: facts.subject.slice(0, 300),
            serial: facts.serial.slice(0, 100),
            notAfter: facts.notAfter,
            daysLeft: facts.daysLeft,
          });
          await records.record('technician.central_tested', { clock: clock.status, certificate: certificate.status }, at());
          return {
            outcome: 'pass' as const,
            central: probe.central,
            tlsVersion: probe.tls.version,
            serverCertificate: probe.tls.serverCertificate === null ? null : summary(probe.tls.serverCertificate),
            clientCertificate: summary(probe.clientCertificate),
            roundTripMs: Math.max(0, Math.round(probe.health.roundTripMs)),
            clock: checkLine(clock),
            certificateCheck: checkLine(certificate),
          };
        } catch (error) {
          const result = failure(error, centralAdvice);
          await records.record('technician.central_tested', { result: 'fail' }, at(), result.code);
          return result;
        }
      }),

    'technician.selftest': () =>
      exclusive(async () => {
        const lines = await runSelftest(config.dataDir, checkTimeoutMs, undefined, selftestOptions());
        const summary = summarize(lines, config.dataDir, at());
        await records.record(
          'technician.selftest_run',
          { pass: summary.pass, warn: summary.warn, fail: summary.fail },
          at(),
          summary.selftest === 'pass' ? 'ok' : 'fail',
        );
        const { dataDir: _shownElsewhere, ...rest } = summary;
        return { lines: lines.map(checkLine), summary: rest };
      }),

    'technician.queue': async () => {
      const now = deps.now();
      const maxAgeDays = settings.effective().outbox.maxAgeDays;
      return ok(queueView(new Outbox(db, { maxAgeMs: maxAgeDays * DAY_MS }).stats(now), maxAgeDays, now));
    },

    'technician.retryQueue': ({ includeDead }) =>
      exclusive(async () => {
        const maxAgeDays = settings.effective().outbox.maxAgeDays;
        const outbox = new Outbox(db, { maxAgeMs: maxAgeDays * DAY_MS, now: deps.now });
        const retried = await records.with('technician.queue_retried', { includeDead }, at(), () => outbox.retryNow({ includeDead }));
        deps.kickDelivery?.();
        const now = deps.now();
        return { ...retried, queue: queueView(outbox.stats(now), maxAgeDays, now) };
      }),

    'technician.recentEvents': async () => ok({ events: deps.recentEvents().slice(0, 200) }),

    'technician.heartbeat': async () =>
      ok(
        deps.heartbeat?.() ?? {
          enabled: false,
          lastSentAt: null,
          lastAcknowledgedAt: null,
          lastFailure: null,
          clockSkewSeconds: null,
          alerts: [],
          outOfService: { reasons: [], office: null },
          directive: null,
        },
      ),

    'technician.exportTargets': async () => ok(exportTargets(config.dataDir, options.exportRoots ?? SYSTEM_EXPORT_ROOTS)),

    'technician.exportDiagnostics': ({ directory }) =>
      exclusive(async () => {
        const target = chosenTarget(directory, config.dataDir, options.exportRoots ?? SYSTEM_EXPORT_ROOTS);
        if (target === null)
          return {
            outcome: 'fail' as const,
            code: 'diagnostics.target_unknown',
            message: message('exportTargetUnknown', { target: directory.slice(0, 300) }),
            advice: advice('mountUsb'),
          };
        try {
          const bundle = await exportDiagnostics({ dataDir: config.dataDir, target, timeoutMs: checkTimeoutMs, selftest: selftestOptions() });
          await records.record('technician.diagnostics_exported', { files: bundle.files.length, removable: !target.startsWith(config.dataDir) }, at());
          return { outcome: 'pass' as const, bundle: bundle.bundle, files: bundle.files, selftest: bundle.selftest };
        } catch (error) {
          const result = failure(error);
          await records.record('technician.diagnostics_exported', { result: 'fail' }, at(), result.code);
          return result;
        }
      }),
  };

  // The gate in front of every command: never during a citizen's session; most only inside an open technician session, which each one postpones.
  const handlers = Object.fromEntries(
    (Object.keys(commands) as TechnicianCommand[]).map((name) => [
      name,
      async (input: unknown) => {
        if (deps.citizenSessionActive()) return fail('technician.session_active');
        if (!OPEN_COMMANDS.has(name) && !session.touch()) return fail('technician.not_active');
        return (commands[name] as (input: unknown) => Promise<Result<unknown>>)(input);
      },
    ]),
  ) as unknown as TechnicianHandlers;

  return {
    handlers,
    isOpen: () => session.isOpen(),
    close: () => session.close(),
  };
}
