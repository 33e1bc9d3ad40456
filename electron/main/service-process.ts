import {
  COMMANDS,
  EVENTS,
  type EventName,
  fail,
  type HostToService,
  isEventName,
  ok,
  type Result,
  SERVICE_INVOKE_TIMEOUT_MS,
  type ServiceStatus,
  ServiceToHostSchema,
  type ValidatedCommand,
} from '../contract/index.ts';
import type { Logger } from '../service/log.ts';

/**
 * The kiosk service as main sees it: a child process reached by messages
 * (electron/contract/service-link.ts). index.ts adapts Electron's
 * utilityProcess to `ServiceChild`; tests use a fake. Running devices and
 * SQLite in a utilityProcess means a crash in native code kills only that
 * process (reference §1.5), and the recovery ladder restarts it.
 */
export interface ServiceChild {
  postMessage(message: HostToService): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ServiceProcessOptions {
  readonly fork: () => ServiceChild;
  readonly log: Logger;
  readonly scheduler?: Scheduler;
  readonly invokeTimeoutMs?: number;
  /** A contract event from the service whose payload passed its schema. */
  readonly onEvent: (event: EventName, payload: unknown) => void;
  /** The `service.status` event, pushed on every change. */
  readonly onStatus: (status: ServiceStatus) => void;
  /** The service exited without being asked to: the recovery runner decides what next. */
  readonly onExit: (code: number) => void;
}

export interface ServiceProcess {
  /** Forks the service; calling it again after an exit is a restart. */
  start(): void;
  /** Runs a validated command: host commands here, the rest in the service. */
  run(command: ValidatedCommand): Promise<Result<unknown>>;
  status(): ServiceStatus;
  /** Asks the service to close its devices and database, then kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function createServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  const { log } = options;
  const scheduler = options.scheduler ?? systemScheduler;
  const timeoutMs = options.invokeTimeoutMs ?? SERVICE_INVOKE_TIMEOUT_MS;
  const pending = new Map<number, { resolve: (result: Result<unknown>) => void; timer: unknown }>();
  let child: ServiceChild | null = null;
  let ready = false;
  let starts = 0;
  let stopping = false;
  let nextId = 0;
  let current: ServiceStatus = { state: 'unavailable', restarts: 0 };
  let exited: (() => void) | null = null;

  const setStatus = (state: ServiceStatus['state']) => {
    const restarts = Math.max(0, starts - 1);
    if (current.state === state && current.restarts === restarts) return;
    current = { state, restarts };
    options.onStatus(current);
  };

  const settle = (id: number, result: Result<unknown>) => {
    const call = pending.get(id);
    if (!call) return;
    scheduler.clearTimeout(call.timer);
    pending.delete(id);
    call.resolve(result);
  };

  const onMessage = (raw: unknown) => {
    const parsed = ServiceToHostSchema.safeParse(raw);
    if (!parsed.success) return log.log('warn', 'service.malformed_message');
    const message = parsed.data;
    if (message.type === 'ready') {
      ready = true;
      setStatus('available');
    } else if (message.type === 'result') {
      // The renderer validates the answer against the command's output schema.
      settle(message.id, message.result as Result<unknown>);
    } else if (isEventName(message.event) && EVENTS[message.event].safeParse(message.payload).success) {
      options.onEvent(message.event, message.payload);
    } else {
      log.log('warn', 'service.malformed_event', { event: isEventName(message.event) ? message.event : '(unknown)' });
    }
  };

  const onExit = (proc: ServiceChild) => (code: number) => {
    if (child !== proc) return;
    child = null;
    ready = false;
    for (const id of [...pending.keys()]) settle(id, fail('service.unavailable'));
    setStatus('unavailable');
    if (stopping) return exited?.();
    log.log('error', 'service.exited', { code });
    options.onExit(code);
  };

  const relay = (command: ValidatedCommand): Promise<Result<unknown>> => {
    const proc = child;
    if (!proc || !ready) return Promise.resolve(fail('service.unavailable'));
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = scheduler.setTimeout(() => {
        log.log('warn', 'service.timeout', { command: command.name });
        settle(id, fail('transport.timeout'));
      }, timeoutMs);
      pending.set(id, { resolve, timer });
      try {
        proc.postMessage({ type: 'invoke', id, command: command.name, payload: command.payload });
      } catch {
        // The process died between the check and the send; its exit handler reports it.
        settle(id, fail('service.unavailable'));
      }
    });
  };

  return {
    start() {
      if (child || stopping) return;
      starts += 1;
      const proc = options.fork();
      child = proc;
      proc.onMessage(onMessage);
      proc.onExit(onExit(proc));
    },
    run(command) {
      if (COMMANDS[command.name].handledBy === 'service') return relay(command);
      // Host commands must answer while the service is down.
      if (command.name === 'service.status') return Promise.resolve(ok(current));
      log.log('error', 'host.command_unhandled', { command: command.name });
      return Promise.resolve(fail('service.internal'));
    },
    status: () => current,
    stop(graceMs = 3000) {
      stopping = true;
      const proc = child;
      if (!proc) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // A service that ignores shutdown is killed; quitting does not wait on it further.
        const killTimer = scheduler.setTimeout(() => {
          proc.kill();
          resolve();
        }, graceMs);
        exited = () => {
          scheduler.clearTimeout(killTimer);
          resolve();
        };
        try {
          proc.postMessage({ type: 'shutdown' });
        } catch {
          proc.kill();
        }
      });
    },
  };
}
