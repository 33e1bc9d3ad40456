import { COMMANDS, type CommandInput, type CommandName, type CommandOutput, EVENTS, type EventName, type EventPayload } from './commands.ts';
import { fail, type Result, resultSchema } from './errors.ts';
import type { AppInfo } from './app.ts';
import type { DeviceStatusReport } from './devices.ts';
import type { SessionEvent, SessionSnapshot, SessionStartArgs } from './session.ts';
import type { DevCitizens, DevInfo, DevInsertCardArgs, DevPlaceFingerArgs, DevPrinterFaultArgs, DevRoleArgs, ServiceStatus } from './service-status.ts';
import type { SpeechSayArgs, SpeechStatus } from './speech.ts';
import type { HeartbeatView } from './technician.ts';
import type {
  AssignDeviceArgs,
  CardTestResult,
  CentralTestResult,
  CheckLine,
  ConfigChangeResult,
  ExportDiagnosticsResult,
  ExportTargets,
  FingerprintTestResult,
  PluggedDevices,
  PrinterTestResult,
  QueueView,
  RecentEvent,
  RegisterArgs,
  RegisterResult,
  RetryQueueResult,
  SelftestResult,
  TechnicianChangePinArgs,
  TechnicianConfig,
  TechnicianEnterArgs,
  TechnicianSetupArgs,
  TechnicianStatus,
} from './technician.ts';
import type { DeviceRole } from './devices.ts';

export type Unsubscribe = () => void;
type Listener<T> = (payload: T) => void;

/**
 * `window.kiosk`: everything the renderer may do. The Electron preload and the
 * browser host's bridge both build it with `createKioskApi` and end with
 * `satisfies KioskApi`, so the renderer cannot tell the hosts apart.
 */
export interface KioskApi {
  readonly app: { info(): Promise<Result<AppInfo>> };
  readonly session: {
    start(args?: SessionStartArgs): Promise<Result<SessionSnapshot>>;
    send(event: SessionEvent): Promise<Result<SessionSnapshot>>;
    cancel(): Promise<Result<SessionSnapshot>>;
    snapshot(): Promise<Result<SessionSnapshot>>;
    onSnapshot(listener: Listener<SessionSnapshot>): Unsubscribe;
  };
  readonly devices: {
    status(): Promise<Result<DeviceStatusReport>>;
    onStatus(listener: Listener<DeviceStatusReport>): Unsubscribe;
  };
  readonly service: {
    status(): Promise<Result<ServiceStatus>>;
    onStatus(listener: Listener<ServiceStatus>): Unsubscribe;
  };
  /** Spoken guidance, done by the service (a new `say` interrupts the one before). */
  readonly speech: {
    status(): Promise<Result<SpeechStatus>>;
    say(args: SpeechSayArgs): Promise<Result<{ spoken: boolean }>>;
    stop(): Promise<Result<{ stopped: boolean }>>;
  };
  /** Technician mode (technician.ts): PIN-gated setup and diagnostics; refused while a citizen's session runs. */
  readonly technician: {
    status(): Promise<Result<TechnicianStatus>>;
    onStatus(listener: Listener<TechnicianStatus>): Unsubscribe;
    enter(args: TechnicianEnterArgs): Promise<Result<TechnicianStatus>>;
    exit(): Promise<Result<TechnicianStatus>>;
    activity(): Promise<Result<TechnicianStatus>>;
    changePin(args: TechnicianChangePinArgs): Promise<Result<TechnicianStatus>>;
    listDevices(): Promise<Result<PluggedDevices>>;
    assignDevice(args: AssignDeviceArgs): Promise<Result<ConfigChangeResult>>;
    probeDevice(args: { role: DeviceRole }): Promise<Result<CheckLine>>;
    testFingerprint(): Promise<Result<FingerprintTestResult>>;
    testCardReader(): Promise<Result<CardTestResult>>;
    testPrinter(): Promise<Result<PrinterTestResult>>;
    config(): Promise<Result<TechnicianConfig>>;
    updateSetup(args: TechnicianSetupArgs): Promise<Result<ConfigChangeResult>>;
    register(args: RegisterArgs): Promise<Result<RegisterResult>>;
    centralTest(): Promise<Result<CentralTestResult>>;
    selftest(): Promise<Result<SelftestResult>>;
    queue(): Promise<Result<QueueView>>;
    retryQueue(args: { includeDead: boolean }): Promise<Result<RetryQueueResult>>;
    recentEvents(): Promise<Result<{ events: RecentEvent[] }>>;
    heartbeat(): Promise<Result<HeartbeatView>>;
    exportTargets(): Promise<Result<ExportTargets>>;
    exportDiagnostics(args: { directory: string }): Promise<Result<ExportDiagnosticsResult>>;
  };
  /** Present only when the kiosk runs with simulated devices. */
  readonly dev?: {
    info(): Promise<Result<DevInfo>>;
    crashService(): Promise<Result<{ accepted: true }>>;
    citizens(args?: { scenario?: DevCitizens['citizens'][number]['scenario']; limit?: number }): Promise<Result<DevCitizens>>;
    insertCard(args: DevInsertCardArgs): Promise<Result<{ accepted: true }>>;
    placeFinger(args: DevPlaceFingerArgs): Promise<Result<{ accepted: true }>>;
    liftFinger(): Promise<Result<{ accepted: true }>>;
    unplug(args: DevRoleArgs): Promise<Result<{ accepted: true }>>;
    replug(args: DevRoleArgs): Promise<Result<{ accepted: true }>>;
    printerFault(args: DevPrinterFaultArgs): Promise<Result<{ accepted: true }>>;
    /** Takes the central API "offline" for this kiosk, or back (dev.centralOutage). */
    centralOutage(args: { on: boolean }): Promise<Result<{ accepted: true }>>;
  };
}

/** The host-specific part: how a command reaches the host and how events come back. */
export interface KioskTransport {
  invoke(command: CommandName, payload: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

export interface CreateKioskApiOptions {
  readonly dev: boolean;
}

export function createKioskApi(transport: KioskTransport, options: CreateKioskApiOptions): KioskApi {
  async function call<K extends CommandName>(name: K, payload?: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
    let raw: unknown;
    try {
      raw = await transport.invoke(name, payload);
    } catch {
      return fail('transport.closed');
    }
    const parsed = resultSchema(COMMANDS[name].output).safeParse(raw);
    return parsed.success ? (parsed.data as Result<CommandOutput<K>>) : fail('contract.invalid_response');
  }

  function on<K extends EventName>(name: K, listener: Listener<EventPayload<K>>): Unsubscribe {
    return transport.subscribe(name, (payload) => {
      const parsed = EVENTS[name].safeParse(payload);
      // A malformed event is dropped: the next snapshot or a command answer resynchronises the mirror.
      if (parsed.success) listener(parsed.data as EventPayload<K>);
    });
  }

  const api: KioskApi = {
    app: { info: () => call('app.info') },
    session: {
      start: (args = {}) => call('session.start', args),
      send: (event) => call('session.send', event),
      cancel: () => call('session.cancel'),
      snapshot: () => call('session.snapshot'),
      onSnapshot: (listener) => on('session.snapshot', listener),
    },
    devices: {
      status: () => call('devices.status'),
      onStatus: (listener) => on('devices.status', listener),
    },
    service: {
      status: () => call('service.status'),
      onStatus: (listener) => on('service.status', listener),
    },
    speech: {
      status: () => call('speech.status'),
      say: (args) => call('speech.say', args),
      stop: () => call('speech.stop'),
    },
    technician: {
      status: () => call('technician.status'),
      onStatus: (listener) => on('technician.status', listener),
      enter: (args) => call('technician.enter', args),
      exit: () => call('technician.exit'),
      activity: () => call('technician.activity'),
      changePin: (args) => call('technician.changePin', args),
      listDevices: () => call('technician.listDevices'),
      assignDevice: (args) => call('technician.assignDevice', args),
      probeDevice: (args) => call('technician.probeDevice', args),
      testFingerprint: () => call('technician.testFingerprint'),
      testCardReader: () => call('technician.testCardReader'),
      testPrinter: () => call('technician.testPrinter'),
      config: () => call('technician.config'),
      updateSetup: (args) => call('technician.updateSetup', args),
      register: (args) => call('technician.register', args),
      centralTest: () => call('technician.centralTest'),
      selftest: () => call('technician.selftest'),
      queue: () => call('technician.queue'),
      retryQueue: (args) => call('technician.retryQueue', args),
      recentEvents: () => call('technician.recentEvents'),
      heartbeat: () => call('technician.heartbeat'),
      exportTargets: () => call('technician.exportTargets'),
      exportDiagnostics: (args) => call('technician.exportDiagnostics', args),
    },
    ...(options.dev
      ? {
          dev: {
            info: () => call('dev.info'),
            crashService: () => call('dev.crashService'),
            citizens: (args = {}) => call('dev.citizens', args),
            insertCard: (args) => call('dev.insertCard', args),
            placeFinger: (args) => call('dev.placeFinger', args),
            liftFinger: () => call('dev.liftFinger'),
            unplug: (args) => call('dev.unplug', args),
            replug: (args) => call('dev.replug', args),
            printerFault: (args) => call('dev.printerFault', args),
            centralOutage: (args) => call('dev.centralOutage', args),
          },
        }
      : {}),
  };
  return api;
}
