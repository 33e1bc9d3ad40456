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
  type ServiceReady,
  type ServiceStatus,
  ServiceToHostSchema,
  type ValidatedCommand,
} from '../contract/index.ts';
import type { Logger } from '../../common/log.ts';
import { SERVICE_EXIT_CONFIG } from './recovery-runner.ts';
import { type Scheduler, systemScheduler } from './scheduler.ts';

/**
 * The kiosk service as a host sees it: a child process reached by messages
 * (electron/contract/service-link.ts). Running devices and SQLite in a child
 * means a crash in native code kills only that process (reference §1.5), and
 * the recovery ladder restarts it. Both hosts use this one link; each passes
 * in how it starts the child: Electron's utilityProcess.fork in
 * electron/main/index.ts, Node's child_process.fork in the browser host.
 */
export interface ServiceChild {
  /**
   * Sends one message. A send racing the child's exit (EPIPE, ERR_IPC_CHANNEL_CLOSED, a throwing postMessage)
   * must not throw at the host: the adapter calls `failed` instead, now or later, and the exit follows.
   */
  postMessage(message: HostToService, failed: () => void): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `code` is null (and `signal` set) when a signal ended the child. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** A channel or process error; it needs no bookkeeping of its own, the exit that follows does that. */
  onError(listener: (code: string) => void): void;
  /** 'SIGTERM' asks the service to close cleanly; 'SIGKILL' ends one that ignored that. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/** How a host reaches the kiosk service, wherever it runs. */
export interface ServiceLink {
  invoke(command: string, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  status(): ServiceStatus;
  onStatus(listener: (status: ServiceStatus) => void): () => void;
  close(): Promise<void>;
}

export interface ChildServiceLinkOptions {
  /** Starts the service child; called again for each restart. */
  readonly launch: () => ServiceChild;
  readonly log: Logger;
  readonly scheduler?: Scheduler;
  readonly invokeTimeoutMs?: number;
  /** How long close() waits for the service to close its devices and database before killing it. */
  readonly closeGraceMs?: number;
  /** The service exited without being asked to: the recovery runner decides what next (start() restarts it). */
  readonly onExit: (code: number | null) => void;
}

/** The link to a service child, which also says what the service announced when it became ready. */
export interface ChildServiceLink extends ServiceLink {
  /** Starts the service; calling it again after an exit is a restart. Does nothing once closing. */
  start(): void;
  /** The latest `ready` announcement (the service's resolved configuration), null before the first. */
  announced(): ServiceReady | null;
  /** The first `ready`, or null when none will come (configuration refused, link closed). */
  readonly firstReady: Promise<ServiceReady | null>;
}

export function createChildServiceLink(options: ChildServiceLinkOptions): ChildServiceLink {
  const { log } = options;
  const scheduler = options.scheduler ?? systemScheduler;
  const timeoutMs = options.invokeTimeoutMs ?? SERVICE_INVOKE_TIMEOUT_MS;
  const eventListeners = new Set<(event: EventName, payload: unknown) => void>();
  const statusListeners = new Set<(status: ServiceStatus) => void>();
  const pending = new Map<number, { resolve: (result: Result<unknown>) => void; timer: unknown }>();
  let child: ServiceChild | null = null;
  let ready = false;
  let starts = 0;
  let nextId = 0;
  let current: ServiceStatus = { state: 'unavailable', restarts: 0 };
  let announced: ServiceReady | null = null;
  let stopping = false;
  let closing: Promise<void> | null = null;
  let exited: (() => void) | null = null;
  let settleFirstReady: (ready: ServiceReady | null) => void = () => undefined;
  const firstReady = new Promise<ServiceReady | null>((resolve) => (settleFirstReady = resolve));

  const setStatus = (state: ServiceStatus['state']) => {
    const restarts = Math.max(0, starts - 1);
    if (current.state === state && current.restarts === restarts) return;
    current = { state, restarts };
    for (const listener of statusListeners) listener(current);
  };

  const settle = (id: number, result: Result<unknown>) => {
    const call = pending.get(id);
    if (!call) return;
    scheduler.clearTimeout(call.timer);
    pending.delete(id);
    call.resolve(result);
  };
  const failPending = () => {
    for (const id of [...pending.keys()]) settle(id, fail('service.unavailable'));
  };

  const onMessage = (raw: unknown) => {
    const parsed = ServiceToHostSchema.safeParse(raw);
    if (!parsed.success) return log.log('warn', 'service.malformed_message');
    const message = parsed.data;
    if (message.type === 'ready') {
      announced = message;
      settleFirstReady(message);
      ready = true;
      setStatus('available');
    } else if (message.type === 'result') {
      // The page validates the answer against the command's output schema.
      settle(message.id, message.result as Result<unknown>);
    } else if (isEventName(message.event) && EVENTS[message.event].safeParse(message.payload).success) {
      for (const listener of eventListeners) listener(message.event, message.payload);
    } else {
      log.log('warn', 'service.malformed_event', { event: isEventName(message.event) ? message.event : '(unknown)' });
    }
  };

  const onExit = (proc: ServiceChild) => (code: number | null, signal: string | null) => {
    if (child !== proc) return;
    child = null;
    ready = false;
    failPending();
    setStatus('unavailable');
    if (stopping) {
      settleFirstReady(null);
      return exited?.();
    }
    log.log('error', 'service.exited', { code, signal });
    if (code === SERVICE_EXIT_CONFIG) settleFirstReady(null);
    options.onExit(code);
  };

  return {
    start() {
      if (child || stopping) return;
      starts += 1;
      const proc = options.launch();
      child = proc;
      proc.onError((code) => log.log('warn', 'service.channel_error', { code }));
      proc.onMessage(onMessage);
      proc.onExit(onExit(proc));
    },
    invoke(command, payload) {
      const proc = child;
      if (!proc || !ready) return Promise.resolve(fail('service.unavailable'));
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = scheduler.setTimeout(() => {
          log.log('warn', 'service.timeout', { command });
          settle(id, fail('transport.timeout'));
        }, timeoutMs);
        pending.set(id, { resolve, timer });
        proc.postMessage({ type: 'invoke', id, command, payload }, () => {
          // The process died between the check above and the send; its exit handler reports it.
          log.log('warn', 'service.send_failed', { command });
          settle(id, fail('service.unavailable'));
        });
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    status: () => current,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    announced: () => announced,
    firstReady,
    close() {
      if (closing) return closing;
      stopping = true;
      const proc = child;
      if (!proc) {
        settleFirstReady(null);
        closing = Promise.resolve();
        return closing;
      }
      closing = new Promise<void>((resolve) => {
        const done = () => {
          failPending();
          resolve();
        };
        // A service that ignores shutdown is killed; closing does not wait on it further.
        const killTimer = scheduler.setTimeout(() => {
          proc.kill('SIGKILL');
          done();
        }, options.closeGraceMs ?? 3000);
        exited = () => {
          scheduler.clearTimeout(killTimer);
          done();
        };
        // A service whose channel is already gone is stopping or stuck: SIGTERM asks it to close cleanly too.
        proc.postMessage({ type: 'shutdown' }, () => proc.kill('SIGTERM'));
      });
      return closing;
    },
  };
}

/**
 * Runs a command the host has validated: the few the host answers itself
 * (they must answer while the service is down), the rest in the service.
 */
export function runCommand(link: ServiceLink, command: ValidatedCommand, log: Logger): Promise<Result<unknown>> {
  if (COMMANDS[command.name].handledBy === 'service') return link.invoke(command.name, command.payload);
  if (command.name === 'service.status') return Promise.resolve(ok(link.status()));
  log.log('error', 'host.command_unhandled', { command: command.name });
  return Promise.resolve(fail('service.internal'));
}
