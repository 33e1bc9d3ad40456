import { randomUUID } from 'node:crypto';
import {
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type EventPayload,
  fail,
  isCommandName,
  isDevCommand,
  ok,
  type Result,
  validateCommand,
} from '../contract/index.ts';
import type { ServiceConfig } from './config/service-config.ts';
import { devHandlers } from './dev-commands.ts';
import { DeviceManager } from './devices/device-manager.ts';
import type { Logger } from './log.ts';
import { type Clock, SessionController, systemClock } from './session/session-controller.ts';

type ServiceCommand = Exclude<CommandName, 'service.status'>;
type HandlerTable = { readonly [K in ServiceCommand]: (input: CommandInput<K>) => Result<CommandOutput<K>> | Promise<Result<CommandOutput<K>>> };
export type ServiceEventListener = <K extends EventName>(event: K, payload: EventPayload<K>) => void;

export interface KioskServiceDeps {
  readonly config: ServiceConfig;
  readonly log: Logger;
  readonly version: string;
  readonly clock?: Clock;
  readonly newSessionId?: () => string;
  /** Ends the process hosting the service (dev.crashService); the host then restarts it. */
  readonly requestExit?: (code: number) => void;
}

export interface KioskService {
  /** Validates and runs one command; never throws. */
  handle(command: unknown, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: ServiceEventListener): () => void;
  /** Stops the session timer and releases every device. */
  close(): Promise<void>;
}

export const PRODUCT_NAME = 'Kiosco ClaveÚnica';

export function createKioskService(deps: KioskServiceDeps): KioskService {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const listeners = new Set<ServiceEventListener>();
  const emit: ServiceEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const devices = new DeviceManager({ assignments: config.devices, dataDir: config.dataDir, log, simulated: config.simulatedDevices });
  devices.onStatus((report) => emit('devices.status', report));
  // Devices come up in the background: a kiosk answers (and says what is missing) before its readers are ready.
  const devicesStarted = devices.start().catch((error: unknown) => {
    log.log('error', 'devices.start_failed', { error: error instanceof Error ? error.name : 'unknown' });
  });
  const session = new SessionController(config, clock, deps.newSessionId ?? randomUUID, (snapshot) => {
    log.log('info', 'session.step', { step: snapshot.step, revision: snapshot.revision });
    emit('session.snapshot', snapshot);
  });

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
    'session.start': (args) => session.start(args.language),
    'session.send': (event) => session.apply({ type: 'event', event }),
    'session.cancel': () => session.apply({ type: 'cancel' }),
    'session.snapshot': () => ok(session.snapshot()),
    'devices.status': () => ok(devices.status(new Date(clock.now()))),
    'dev.info': () => ok({ simulatedDevices: devices.describe() }),
    ...devHandlers(devices),
    'dev.crashService': () => {
      log.log('warn', 'dev.crash_requested');
      // Answer first, then exit: the caller sees `accepted`, then the host's restart.
      setTimeout(() => deps.requestExit?.(70), 50);
      return ok({ accepted: true as const });
    },
  };

  return {
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
      session.close();
      listeners.clear();
      await devicesStarted;
      await devices.stop();
    },
  };
}
