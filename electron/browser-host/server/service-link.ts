import { type ChildProcess, fork } from 'node:child_process';
import {
  type EventName,
  fail,
  isEventName,
  type Result,
  SERVICE_INVOKE_TIMEOUT_MS,
  type ServiceReady,
  type ServiceStatus,
  ServiceToHostSchema,
} from '../../contract/index.ts';
import { createRecoveryPolicy, type RecoveryPolicyOptions } from '../../main/recovery-policy.ts';
import type { KioskService } from '../../service/kiosk-service.ts';
import type { Logger } from '../../service/log.ts';

/** How a host reaches the kiosk service, wherever it runs. */
export interface ServiceLink {
  invoke(command: string, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  status(): ServiceStatus;
  onStatus(listener: (status: ServiceStatus) => void): () => void;
  close(): Promise<void>;
}

export interface ChildServiceOptions {
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly recovery?: Partial<RecoveryPolicyOptions>;
  readonly invokeTimeoutMs?: number;
  /** Called when the recovery ladder runs out (the browser host exits so its supervisor restarts it). */
  readonly onExhausted?: () => void;
}

/** The child-process link adds what the service announced when it became ready. */
export interface ChildServiceLink extends ServiceLink {
  /** The latest `ready` announcement (the service's resolved configuration), null before the first. */
  announced(): ServiceReady | null;
  /** The first `ready`, or null when none will come (configuration refused, recovery exhausted, link closed). */
  readonly firstReady: Promise<ServiceReady | null>;
}

/** Exit code with which the service says its configuration is invalid: restarting will not help. */
const EX_CONFIG = 78;

/**
 * Runs the kiosk service in a child Node process and keeps it running: when
 * it dies, pending commands fail with `service.unavailable`, the status turns
 * `unavailable`, and the recovery policy decides when to start it again.
 */
export function childProcessServiceLink(options: ChildServiceOptions): ChildServiceLink {
  const { log } = options;
  const policy = createRecoveryPolicy(options.recovery);
  const timeoutMs = options.invokeTimeoutMs ?? SERVICE_INVOKE_TIMEOUT_MS;
  const eventListeners = new Set<(event: EventName, payload: unknown) => void>();
  const statusListeners = new Set<(status: ServiceStatus) => void>();
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  let child: ChildProcess | null = null;
  let ready = false;
  let restarts = 0;
  let closing = false;
  let restartTimer: NodeJS.Timeout | null = null;
  let current: ServiceStatus = { state: 'unavailable', restarts: 0 };
  let announced: ServiceReady | null = null;
  let settleFirstReady: (ready: ServiceReady | null) => void = () => undefined;
  const firstReady = new Promise<ServiceReady | null>((resolve) => (settleFirstReady = resolve));

  const setStatus = (state: ServiceStatus['state']) => {
    if (current.state === state && current.restarts === restarts) return;
    current = { state, restarts };
    for (const listener of statusListeners) listener(current);
  };

  const failPending = () => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.resolve(fail('service.unavailable'));
      pending.delete(id);
    }
  };

  const start = () => {
    restartTimer = null;
    const proc = fork(options.entry, [], { env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    child = proc;
    // A send racing the child's exit fails with EPIPE or ERR_IPC_CHANNEL_CLOSED, reported here rather than
    // thrown at the host; the exit handler below does the bookkeeping.
    proc.on('error', (error) => log.log('warn', 'service.channel_error', { code: (error as NodeJS.ErrnoException).code ?? error.name }));
    proc.on('message', (raw) => {
      const message = ServiceToHostSchema.safeParse(raw);
      if (!message.success) {
        log.log('warn', 'service.malformed_message');
        return;
      }
      const m = message.data;
      if (m.type === 'ready') {
        announced = m;
        settleFirstReady(m);
        ready = true;
        setStatus('available');
      } else if (m.type === 'result') {
        const call = pending.get(m.id);
        if (!call) return;
        clearTimeout(call.timer);
        pending.delete(m.id);
        call.resolve(m.result as Result<unknown>);
      } else if (isEventName(m.event)) {
        for (const listener of eventListeners) listener(m.event, m.payload);
      }
    });
    proc.on('exit', (code, signal) => {
      if (child !== proc) return;
      child = null;
      ready = false;
      failPending();
      setStatus('unavailable');
      if (closing) return settleFirstReady(null);
      log.log('error', 'service.exited', { code, signal });
      if (code === EX_CONFIG) return settleFirstReady(null);
      const action = policy.onCrash('service-gone', Date.now());
      if (action.kind === 'restart-service') {
        restarts += 1;
        restartTimer = setTimeout(start, action.delayMs);
      } else {
        log.log('error', 'service.recovery_exhausted');
        settleFirstReady(null);
        options.onExhausted?.();
      }
    });
  };

  start();

  return {
    invoke(command, payload) {
      if (!child?.connected || !ready) return Promise.resolve(fail('service.unavailable'));
      const id = nextId++;
      const proc = child;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          log.log('warn', 'service.timeout', { command });
          resolve(fail('transport.timeout'));
        }, timeoutMs);
        pending.set(id, { resolve, timer });
        proc.send({ type: 'invoke', id, command, payload }, (error) => {
          // The channel closed between the check above and the send: the exit handler reports it.
          if (error) log.log('warn', 'service.send_failed');
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
    async close() {
      closing = true;
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      if (!proc) return settleFirstReady(null);
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      // A service whose channel is already gone is stopping or stuck: SIGTERM asks it to close cleanly too.
      if (proc.connected) proc.send({ type: 'shutdown' }, (error) => error && proc.kill('SIGTERM'));
      else proc.kill('SIGTERM');
      const killTimer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killTimer);
      failPending();
    },
  };
}

/** Runs the service in the host's own process (tests, and hosts that accept sharing its fate). */
export function inProcessServiceLink(service: KioskService): ServiceLink {
  const statusListeners = new Set<(status: ServiceStatus) => void>();
  let current: ServiceStatus = { state: 'available', restarts: 0 };
  return {
    invoke: (command, payload) =>
      current.state === 'available' ? service.handle(command, payload) : Promise.resolve(fail('service.unavailable')),
    onEvent: (listener) => service.onEvent((event, payload) => listener(event, payload)),
    status: () => current,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async close() {
      await service.close();
      current = { state: 'unavailable', restarts: 0 };
      for (const listener of statusListeners) listener(current);
    },
  };
}
