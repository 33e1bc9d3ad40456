import { randomUUID } from 'node:crypto';
import {
  type CommandInput,
  type CommandName,
  type CommandOutput,
  fail,
  isCommandName,
  isDevCommand,
  ok,
  type Result,
  validateCommand,
} from '../contract/index.ts';
import type { CentralLink } from './central/central-port.ts';
import type { ServiceConfig } from './config/service-config.ts';
import { closeKioskDatabase, type KioskDatabase, kioskDatabasePath, openKioskDatabase } from './db/database.ts';
import { devHandlers } from './dev-commands.ts';
import { activationReceiptPrinter, unlockSlipPrinter } from './devices/activation-receipt.ts';
import { guidancePrinterReady, guidanceSlipPrinter } from './devices/guidance-slip-printer.ts';
import { DeviceManager } from './devices/device-manager.ts';
import type { Logger } from '../../common/log.ts';
import { DeliveryWorker } from './outbox/delivery-worker.ts';
import { Outbox, type OutboxRow } from './outbox/outbox.ts';
import type { KioskService, ServiceEventListener } from './kiosk-service-api.ts';
import { StorageGuard } from './outbox/storage-guard.ts';
import { fingerImages } from './session/finger-images.ts';
import { kioskReadiness } from './session/kiosk-readiness.ts';
import type { SessionLimits } from './session/session-machine.ts';
import { type Clock, SessionRunner, systemClock } from './session/session-runner.ts';
import { SqliteSessionLedger } from './session/sqlite-session-ledger.ts';
import { chooseAudioOutput } from './speech/audio-output.ts';
import { createEspeakSpeaker, type Speaker } from './speech/espeak-speaker.ts';
import type { DeviceAssignments } from './config/device-config.ts';
import { recordingLogger } from './technician/recent-events.ts';
import { createTechnicianMode, type TechnicianModeOptions } from './technician/technician-mode.ts';
import { backgroundSchedule, type Schedule } from '../../common/timers.ts';
import type { DeviceStatusReport, KioskReadiness } from '../contract/index.ts';
import type { DirectivePayload } from './central/heartbeat-contract.ts';
import { createKioskHeartbeat, type KioskHeartbeat } from './heartbeat/kiosk-heartbeat.ts';
import { HeartbeatStore } from './heartbeat/heartbeat-store.ts';
import type { HeartbeatStatus } from './heartbeat/heartbeat-sender.ts';

export type { KioskService, ServiceEventListener } from './kiosk-service-api.ts';

type ServiceCommand = Exclude<CommandName, 'service.status'>;
type HandlerTable = { readonly [K in ServiceCommand]: (input: CommandInput<K>) => Result<CommandOutput<K>> | Promise<Result<CommandOutput<K>>> };

export interface KioskServiceDeps {
  readonly config: ServiceConfig;
  readonly log: Logger;
  /** The kiosk database; default: opened (and migrated) under config.dataDir. */
  readonly db?: KioskDatabase;
  /** Null or absent: no central configured (verifications end as "central unavailable"). */
  readonly central?: CentralLink | null;
  readonly version: string;
  readonly clock?: Clock;
  readonly newSessionId?: () => string;
  /** Spoken guidance; default: espeak-ng on PATH, played by the first audio player found (speech/audio-output.ts). */
  readonly speech?: Speaker;
  /** Told after each outbox row delivered (work mostly done between citizens): the host's idle collection rests again from then. */
  readonly onBackgroundWork?: () => void;
  /** Ends the process hosting the service (dev.crashService); the host then restarts it. */
  readonly requestExit?: (code: number) => void;
  /** Heartbeats' timer and first delay (tests drive them). */
  readonly heartbeat?: { readonly schedule?: Schedule; readonly firstDelayMs?: number; readonly newKey?: () => string };
  /** Technician mode's timers and limits (tests shorten them). */
  readonly technician?: TechnicianModeOptions & { readonly schedule?: Schedule };
}

export const PRODUCT_NAME = 'Kiosco ClaveÚnica';
/** Audit records per delivery at most (central's batch body takes more; a few KiB each way). */
const AUDIT_RUN_MAX_ROWS = 20;
/** How long audit records may gather before a delivery goes (they are not urgent; a deferred enrollment goes at once). */
const AUDIT_GATHER_MS = 2_000;

export function createKioskService(deps: KioskServiceDeps): KioskService {
  const { config } = deps;
  // The technician's health screen shows the service's recent (redacted) log events.
  const recentEvents = recordingLogger(deps.log);
  const log = recentEvents.log;
  const clock = deps.clock ?? systemClock;
  const listeners = new Set<ServiceEventListener>();
  const emit: ServiceEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  // Devices come up in the background: a kiosk answers (and says what is missing) before its readers are ready.
  // Technician mode assigns devices while the service runs: the manager is then replaced by one built from the new assignments.
  const startDevices = (assignments: DeviceAssignments) => {
    const manager = new DeviceManager({ assignments, dataDir: config.dataDir, log, simulated: config.simulatedDevices });
    manager.onStatus((report) => {
      observeDevices(report);
      emit('devices.status', report);
      // The welcome and consent screens say what a failed reader or printer means for the citizen.
      readinessChanged();
    });
    const started = manager.start().catch((error: unknown) => {
      log.log('error', 'devices.start_failed', { error: error instanceof Error ? error.name : 'unknown' });
    });
    return { manager, started };
  };
  // Set once the session exists; device reports that arrive before it have nothing to update.
  let readinessChanged = (): void => undefined;
  let observeDevices = (_report: DeviceStatusReport): void => undefined;
  let { manager: devices, started: devicesStarted } = startDevices(config.devices);
  const reassignDevices = async (assignments: DeviceAssignments) => {
    await devicesStarted;
    await devices.stop();
    ({ manager: devices, started: devicesStarted } = startDevices(assignments));
    // The technician's next test should find the new devices open; a device that takes longer (a printer address
    // that does not answer) reports its state as it comes, and the command answers within the contract's timeout.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([devicesStarted, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    emit('devices.status', devices.status(new Date(clock.now())));
  };
  const ownsDb = deps.db === undefined;
  const db = deps.db ?? openKioskDatabase(kioskDatabasePath(config.dataDir));
  const central = deps.central ?? null;
  const outbox = new Outbox(db, { now: () => clock.now(), maxAgeMs: config.outbox.maxAgeDays * 86_400_000 });
  const guard = new StorageGuard({
    dataDir: config.dataDir,
    outbox,
    minFreeBytes: config.outbox.minFreeMiB * 1024 * 1024,
    maxPendingRows: config.outbox.maxPendingRows,
  });
  const worker =
    central === null
      ? null
      : new DeliveryWorker({
          outbox,
          owner: `service-${process.pid}-${randomUUID().slice(0, 8)}`,
          deliver: (row) => central.deliver(row),
          // A session leaves several audit records behind; they go to central together, not a request each.
          ...(central.deliverRun !== undefined && {
            runs: { kinds: ['audit-events'], maxRows: AUDIT_RUN_MAX_ROWS, deliverRun: (rows: readonly OutboxRow[]) => central.deliverRun!(rows) },
          }),
          logger: log,
        });
  const offOnline = central?.onOnline(() => worker?.connectivityReturned()) ?? (() => undefined);
  const offDeliveryRecorded = (deps.onBackgroundWork !== undefined && worker?.onDelivered(deps.onBackgroundWork)) || (() => undefined);
  const ledger = new SqliteSessionLedger({
    db,
    outbox,
    kioskId: config.kioskId,
    sealingKey: () => central?.sealingKey() ?? null,
    guard,
    onQueued: () => worker?.kick(),
    // A session's audit records gather for a moment and reach central as one run.
    onAuditQueued: () => worker?.kickSoon(AUDIT_GATHER_MS),
  });
  // A directive central signed survives a restart (heartbeat/heartbeat-store.ts) until central lifts it.
  const heartbeatStore = new HeartbeatStore(db);
  let directive: DirectivePayload | null = heartbeatStore.directive();
  const readiness = (): KioskReadiness =>
    kioskReadiness(devices.status(new Date(clock.now())), central?.knownUnreachable() ?? false, {
      mode: config.mode,
      storageTripped: !guard.check().ok,
      directive,
      configuredOffice: config.outOfServiceOffice ?? null,
    });
  const recovered = ledger.recover(clock.now());
  if (recovered.interrupted > 0) log.log('warn', 'session.interrupted_sessions_closed', { count: recovered.interrupted });
  const limits: SessionLimits = {
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    cardTimeoutMs: config.stepTimeouts.cardSeconds * 1000,
    fingerTimeoutMs: config.stepTimeouts.fingerSeconds * 1000,
    entryTimeoutMs: config.stepTimeouts.entrySeconds * 1000,
    operationTimeoutMs: config.stepTimeouts.centralSeconds * 1000,
    maxCardReads: config.attemptLimits.cardReads,
    maxFingerCaptures: config.attemptLimits.fingerCaptures,
  };
  const session = new SessionRunner({
    mode: config.mode,
    languages: config.languages,
    defaultLanguage: config.defaultLanguage,
    timeZone: config.timeZone,
    limits,
    devices: {
      cardReader: () => devices.cardReader,
      fingerprint: () => devices.fingerprint,
      print: activationReceiptPrinter(
        () => devices.printer,
        {
          kioskId: config.kioskId,
          office: config.office,
          timeZone: config.timeZone,
          activationUrl: activationUrl(config),
        },
        () => clock.now(),
      ),
      printUnlockSlip: unlockSlipPrinter(() => devices.printer, { kioskId: config.kioskId, office: config.office, timeZone: config.timeZone }),
      printGuidance: guidanceSlipPrinter(
        () => devices.printer,
        { kioskId: config.kioskId, office: config.office },
        () => clock.now(),
      ),
      printerReady: guidancePrinterReady(() => devices.printer),
    },
    central: () => central?.enrollment() ?? null,
    ledger,
    fingerImages,
    // No central configured at all says nothing new: verifications end as "central unavailable", as they always have.
    readiness,
    storageFull: () => {
      const check = guard.check();
      if (!check.ok) log.log('warn', 'session.storage_refused', { reason: check.reason, pendingRows: check.pendingRows });
      return !check.ok;
    },
    log,
    publish: (snapshot) => emit('session.snapshot', snapshot),
    clock,
    ...(deps.newSessionId !== undefined && { newSessionId: deps.newSessionId }),
  });
  readinessChanged = () => session.readinessChanged();
  let heartbeatStatus: HeartbeatStatus | null = null;
  const heartbeat: KioskHeartbeat | null =
    central?.sendHeartbeat === undefined || central.credentials === undefined
      ? null
      : createKioskHeartbeat({
          db,
          central: { credentials: () => central.credentials?.() ?? null, sendHeartbeat: (body, key) => central.sendHeartbeat!(body, key) },
          kioskId: config.kioskId,
          version: deps.version,
          mode: config.mode,
          intervalSeconds: config.heartbeatSeconds,
          dataDir: config.dataDir,
          now: () => clock.now(),
          schedule: deps.heartbeat?.schedule ?? backgroundSchedule,
          ...(deps.heartbeat?.firstDelayMs !== undefined && { firstDelayMs: deps.heartbeat.firstDelayMs }),
          ...(deps.heartbeat?.newKey !== undefined && { newKey: deps.heartbeat.newKey }),
          log,
          outboxStats: () => outbox.stats(),
          readiness,
          onDirective: (accepted) => {
            // Readiness only decides the welcome and the start guard: a session in progress carries on.
            directive = accepted;
            readinessChanged();
          },
          // Each heartbeat has just measured the disk: the storage reason follows it without polling of its own.
          onStatus: (status) => {
            heartbeatStatus = status;
            readinessChanged();
          },
        });
  if (heartbeat !== null) {
    observeDevices = heartbeat.observeDevices;
    observeDevices(devices.status(new Date(clock.now())));
  }
  const offHeartbeatOnline = central?.onOnline(() => heartbeat?.sender.centralReached()) ?? (() => undefined);
  heartbeat?.sender.start();
  const offReachability = central?.onReachabilityChange(readinessChanged) ?? (() => undefined);
  worker?.start();
  const technician = createTechnicianMode({
    db,
    config,
    log,
    now: () => clock.now(),
    ...(deps.technician?.schedule !== undefined && { schedule: deps.technician.schedule }),
    citizenSessionActive: () => session.snapshot().step !== 'idle',
    devices: () => devices,
    reassignDevices,
    recentEvents: () => recentEvents.recent(),
    emitStatus: (status) => emit('technician.status', status),
    // Answer first, then restart: the configuration the technician changed is read at start.
    requestRestart: () => setTimeout(() => void api.close().finally(() => deps.requestExit?.(75)), 100),
    kickDelivery: () => worker?.kick(),
    heartbeat: () => ({
      enabled: heartbeat !== null,
      lastSentAt: heartbeatStatus?.lastSentAt ?? null,
      lastAcknowledgedAt: heartbeatStatus?.lastAcknowledgedAt ?? null,
      lastFailure: heartbeatStatus?.lastFailure ?? null,
      clockSkewSeconds: heartbeatStatus?.clockSkewSeconds ?? null,
      alerts: [...(heartbeatStatus?.alerts ?? [])],
      outOfService: readiness().outOfService,
      directive:
        directive === null ? null : { outOfService: directive.outOfService, office: directive.office, reason: directive.reason, issuedAt: directive.issuedAt },
    }),
    ...(deps.technician !== undefined && { options: deps.technician }),
  });
  const speech =
    deps.speech ??
    createEspeakSpeaker({ output: chooseAudioOutput({ searchPath: process.env.PATH, simulated: config.simulatedDevices, dataDir: config.dataDir }), log });

  // The one handler table: every service command of the contract, and nothing else.
  const handlers: HandlerTable = {
    'app.info': () =>
      ok({
        product: PRODUCT_NAME,
        version: deps.version,
        kioskId: config.kioskId,
        mode: config.mode,
        languages: [...config.languages],
        defaultLanguage: config.defaultLanguage,
        simulatedDevices: config.simulatedDevices,
      }),
    'session.start': (args) => (technician.isOpen() ? fail('technician.mode_active') : session.start(args.language)),
    'session.send': (event) => session.dispatch({ type: 'event', event }),
    'session.cancel': () => session.dispatch({ type: 'cancel' }),
    'session.snapshot': () => ok(session.snapshot()),
    'devices.status': () => ok(devices.status(new Date(clock.now()))),
    'speech.status': async () => ok(await speech.status()),
    'speech.say': ({ text, language }) => speech.say(text, language),
    'speech.stop': () => ok(speech.stop()),
    'dev.info': () => ok({ simulatedDevices: devices.describe() }),
    ...devHandlers({
      get simulations() {
        return devices.simulations;
      },
      get printer() {
        return devices.printer;
      },
    }),
    ...technician.handlers,
    'dev.centralOutage': ({ on }) => {
      if (central?.simulateOutage === undefined) return fail('dev.central_not_configured');
      central.simulateOutage(on);
      log.log('warn', 'dev.central_outage', { on });
      if (!on) worker?.connectivityReturned();
      return ok({ accepted: true as const });
    },
    'dev.crashService': () => {
      log.log('warn', 'dev.crash_requested');
      // Answer first, then exit: the caller sees `accepted`, then the host's restart.
      setTimeout(() => deps.requestExit?.(70), 50);
      return ok({ accepted: true as const });
    },
  };

  const api: KioskService = {
    async handle(command, payload) {
      const validated = validateCommand(command, payload);
      if (!validated.ok) {
        // An unknown command name is caller-controlled text and could carry anything: it is not logged.
        log.log('warn', 'command.refused', { code: validated.error.code, command: isCommandName(command) ? command : '(unknown)' });
        return validated;
      }
      const { name } = validated.value;
      if (name === 'service.status') return fail('contract.unknown_command');
      if (isDevCommand(name) && !config.simulatedDevices) return fail('dev.unavailable');
      try {
        const handler = handlers[name] as (input: unknown) => Result<unknown> | Promise<Result<unknown>>;
        return await handler(validated.value.payload);
      } catch (error) {
        log.log('error', 'command.failed', { command: name, error: error instanceof Error ? error.name : 'unknown' });
        return fail('service.internal');
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      technician.close();
      offOnline();
      offDeliveryRecorded();
      offReachability();
      offHeartbeatOnline();
      await heartbeat?.sender.stop();
      await speech.close();
      await session.close();
      listeners.clear();
      await worker?.stop();
      await devicesStarted;
      await devices.stop();
      await central?.close();
      if (ownsDb) closeKioskDatabase(db);
    },
  };
  return api;
}

/** Where receipts send the citizen: the sandbox's own page in development, else the national site. */
function activationUrl(config: ServiceConfig): string {
  if (config.centralUrl !== undefined && config.simulatedDevices) return new URL('/activar', config.centralUrl).toString();
  return 'https://claveunica.gob.cl/activar';
}
