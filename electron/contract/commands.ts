import { z } from 'zod';
import { AppInfoSchema } from './app.ts';
import { DeviceStatusReportSchema } from './devices.ts';
import { SessionEventSchema, SessionSnapshotSchema, SessionStartArgsSchema } from './session.ts';
import {
  DevAcceptedSchema,
  DevCentralOutageArgsSchema,
  DevCitizensArgsSchema,
  DevCitizensSchema,
  DevInfoSchema,
  DevInsertCardArgsSchema,
  DevPlaceFingerArgsSchema,
  DevPrinterFaultArgsSchema,
  DevRoleArgsSchema,
  ServiceStatusSchema,
} from './service-status.ts';
import { SpeechSayArgsSchema, SpeechSayResultSchema, SpeechStatusSchema, SpeechStopResultSchema } from './speech.ts';
import {
  AssignDeviceArgsSchema,
  CardTestResultSchema,
  CentralTestResultSchema,
  CheckLineSchema,
  ConfigChangeResultSchema,
  ExportDiagnosticsArgsSchema,
  ExportDiagnosticsResultSchema,
  ExportTargetsSchema,
  FingerprintTestResultSchema,
  HeartbeatViewSchema,
  PluggedDevicesSchema,
  PrinterTestResultSchema,
  QueueViewSchema,
  RecentEventsSchema,
  RegisterArgsSchema,
  RegisterResultSchema,
  RetryQueueArgsSchema,
  RetryQueueResultSchema,
  RoleArgsSchema,
  SelftestResultSchema,
  TechnicianChangePinArgsSchema,
  TechnicianConfigSchema,
  TechnicianEnterArgsSchema,
  TechnicianSetupArgsSchema,
  TechnicianStatusSchema,
} from './technician.ts';

const NoArgs = z.undefined();

/**
 * Every command the renderer may send, with the schema of its argument and of
 * its answer. Both hosts validate the argument before the service sees it;
 * the renderer-side API validates the answer. Other issues add entries here.
 *
 * `handledBy`: `service` commands are relayed to the kiosk service; `host`
 * commands are answered by the host itself (they must work while the service
 * is down).
 */
export const COMMANDS = {
  'app.info': { input: NoArgs, output: AppInfoSchema, handledBy: 'service' },
  'session.start': { input: SessionStartArgsSchema, output: SessionSnapshotSchema, handledBy: 'service' },
  'session.send': { input: SessionEventSchema, output: SessionSnapshotSchema, handledBy: 'service' },
  'session.cancel': { input: NoArgs, output: SessionSnapshotSchema, handledBy: 'service' },
  'session.snapshot': { input: NoArgs, output: SessionSnapshotSchema, handledBy: 'service' },
  'devices.status': { input: NoArgs, output: DeviceStatusReportSchema, handledBy: 'service' },
  'service.status': { input: NoArgs, output: ServiceStatusSchema, handledBy: 'host' },
  /** Whether spoken guidance can be offered, and the voice for each language. */
  'speech.status': { input: NoArgs, output: SpeechStatusSchema, handledBy: 'service' },
  /** Speaks a screen's guidance; interrupts whatever was being spoken (one utterance at a time). */
  'speech.say': { input: SpeechSayArgsSchema, output: SpeechSayResultSchema, handledBy: 'service' },
  'speech.stop': { input: NoArgs, output: SpeechStopResultSchema, handledBy: 'service' },
  'dev.info': { input: NoArgs, output: DevInfoSchema, handledBy: 'service' },
  /** Makes the service process exit, to rehearse recovery. Dev mode only. */
  'dev.crashService': { input: NoArgs, output: DevAcceptedSchema, handledBy: 'service' },
  /** Synthetic citizens to try the flow with. */
  'dev.citizens': { input: DevCitizensArgsSchema, output: DevCitizensSchema, handledBy: 'service' },
  /** Presents a synthetic citizen's cédula to the simulated card reader. */
  'dev.insertCard': { input: DevInsertCardArgsSchema, output: DevAcceptedSchema, handledBy: 'service' },
  /** Puts a synthetic citizen's finger on the simulated fingerprint reader, until liftFinger. */
  'dev.placeFinger': { input: DevPlaceFingerArgsSchema, output: DevAcceptedSchema, handledBy: 'service' },
  'dev.liftFinger': { input: NoArgs, output: DevAcceptedSchema, handledBy: 'service' },
  /** Pulls a simulated device's cable out, or puts it back. */
  'dev.unplug': { input: DevRoleArgsSchema, output: DevAcceptedSchema, handledBy: 'service' },
  'dev.replug': { input: DevRoleArgsSchema, output: DevAcceptedSchema, handledBy: 'service' },
  /** Makes the simulated printer run out of paper, open its cover, go offline (or recover). */
  'dev.printerFault': { input: DevPrinterFaultArgsSchema, output: DevAcceptedSchema, handledBy: 'service' },
  /** Takes the central API "offline" for this kiosk (every call fails as if the network were down), or back. */
  'dev.centralOutage': { input: DevCentralOutageArgsSchema, output: DevAcceptedSchema, handledBy: 'service' },
  // Technician mode (technician.ts): refused during a citizen's session; all but the first three need an open technician session.
  'technician.status': { input: NoArgs, output: TechnicianStatusSchema, handledBy: 'service' },
  'technician.enter': { input: TechnicianEnterArgsSchema, output: TechnicianStatusSchema, handledBy: 'service' },
  'technician.exit': { input: NoArgs, output: TechnicianStatusSchema, handledBy: 'service' },
  /** A touch on a technician screen: postpones the inactivity deadline. */
  'technician.activity': { input: NoArgs, output: TechnicianStatusSchema, handledBy: 'service' },
  /** The PIN in use and the new one twice; a wrong PIN in use counts towards the lockout like a wrong entry. */
  'technician.changePin': { input: TechnicianChangePinArgsSchema, output: TechnicianStatusSchema, handledBy: 'service' },
  'technician.listDevices': { input: NoArgs, output: PluggedDevicesSchema, handledBy: 'service' },
  'technician.assignDevice': { input: AssignDeviceArgsSchema, output: ConfigChangeResultSchema, handledBy: 'service' },
  'technician.probeDevice': { input: RoleArgsSchema, output: CheckLineSchema, handledBy: 'service' },
  'technician.testFingerprint': { input: NoArgs, output: FingerprintTestResultSchema, handledBy: 'service' },
  'technician.testCardReader': { input: NoArgs, output: CardTestResultSchema, handledBy: 'service' },
  'technician.testPrinter': { input: NoArgs, output: PrinterTestResultSchema, handledBy: 'service' },
  'technician.config': { input: NoArgs, output: TechnicianConfigSchema, handledBy: 'service' },
  'technician.updateSetup': { input: TechnicianSetupArgsSchema, output: ConfigChangeResultSchema, handledBy: 'service' },
  'technician.register': { input: RegisterArgsSchema, output: RegisterResultSchema, handledBy: 'service' },
  'technician.centralTest': { input: NoArgs, output: CentralTestResultSchema, handledBy: 'service' },
  'technician.selftest': { input: NoArgs, output: SelftestResultSchema, handledBy: 'service' },
  'technician.queue': { input: NoArgs, output: QueueViewSchema, handledBy: 'service' },
  'technician.retryQueue': { input: RetryQueueArgsSchema, output: RetryQueueResultSchema, handledBy: 'service' },
  'technician.recentEvents': { input: NoArgs, output: RecentEventsSchema, handledBy: 'service' },
  /** The last heartbeat, central's alerts and the out-of-service state with its reasons. */
  'technician.heartbeat': { input: NoArgs, output: HeartbeatViewSchema, handledBy: 'service' },
  'technician.exportTargets': { input: NoArgs, output: ExportTargetsSchema, handledBy: 'service' },
  'technician.exportDiagnostics': { input: ExportDiagnosticsArgsSchema, output: ExportDiagnosticsResultSchema, handledBy: 'service' },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType; handledBy: 'service' | 'host' }>;

export type CommandName = keyof typeof COMMANDS;
export type CommandInput<K extends CommandName> = z.infer<(typeof COMMANDS)[K]['input']>;
export type CommandOutput<K extends CommandName> = z.infer<(typeof COMMANDS)[K]['output']>;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMANDS, name);
}

/** Events pushed to the renderer. */
export const EVENTS = {
  'session.snapshot': SessionSnapshotSchema,
  'devices.status': DeviceStatusReportSchema,
  'service.status': ServiceStatusSchema,
  /** Technician mode opened, closed (exit, inactivity) or locked. */
  'technician.status': TechnicianStatusSchema,
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof EVENTS;
export type EventPayload<K extends EventName> = z.infer<(typeof EVENTS)[K]>;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

/** Commands that exist only when the kiosk runs with simulated devices. */
export function isDevCommand(name: CommandName): boolean {
  return name.startsWith('dev.');
}

/** IPC channel names shared by preload and main. */
export const IPC_INVOKE_CHANNEL = 'kiosk:invoke';
export const IPC_EVENT_CHANNEL = 'kiosk:event';
