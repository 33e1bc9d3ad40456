import { type ChildProcess, fork } from 'node:child_process';
import { fail, type ServiceStatus } from '../../contract/index.ts';
import { createRecoveryPolicy, type RecoveryPolicyOptions } from '../../host/recovery-policy.ts';
import { createRecoveryRunner } from '../../host/recovery-runner.ts';
import { SERVICE_EXEC_ARGV, serviceProcessEnv } from '../../host/service-memory-settings.ts';
import { systemScheduler } from '../../host/scheduler.ts';
import { type ChildServiceLink, createChildServiceLink, type ServiceChild, type ServiceLink } from '../../host/service-link.ts';
import type { KioskService } from '../../service/kiosk-service-api.ts';
import type { Logger } from '../../../common/log.ts';

export interface ChildServiceOptions {
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly recovery?: Partial<RecoveryPolicyOptions>;
  readonly invokeTimeoutMs?: number;
  /** Called when the recovery ladder runs out (the browser host exits so its supervisor restarts it). */
  readonly onExhausted?: () => void;
}

/** Node's child_process as the shared link's ServiceChild. */
export function adaptChildProcess(proc: ChildProcess): ServiceChild {
  return {
    postMessage(message, failed) {
      if (!proc.connected) return failed();
      // With a callback, a send racing the child's exit (EPIPE, ERR_IPC_CHANNEL_CLOSED) arrives here, not as a throw.
      proc.send(message, (error) => error && failed());
    },
    onMessage: (listener) => proc.on('message', listener),
    onExit: (listener) => proc.on('exit', (code, signal) => listener(code, signal)),
    onError: (listener) => proc.on('error', (error) => listener((error as NodeJS.ErrnoException).code ?? error.name)),
    kill: (signal) => proc.kill(signal),
  };
}

/**
 * Runs the kiosk service in a child Node process and keeps it running: the
 * shared host link (electron/host/service-link.ts) with the recovery ladder
 * Electron's main process follows. The browser host has no renderer of its
 * own to reload (Chromium is a separate program), so only the service steps
 * apply; when the ladder runs out, the host stops (`onExhausted`).
 */
export function childProcessServiceLink(options: ChildServiceOptions): ChildServiceLink {
  const { log } = options;
  const link = createChildServiceLink({
    launch: () =>
      adaptChildProcess(
        fork(options.entry, [], {
          env: serviceProcessEnv(options.env),
          execArgv: [...process.execArgv, ...SERVICE_EXEC_ARGV],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          serialization: 'json',
        }),
      ),
    log,
    ...(options.invokeTimeoutMs !== undefined && { invokeTimeoutMs: options.invokeTimeoutMs }),
    onExit: (code) => recovery.serviceExited(code),
  });
  const recovery = createRecoveryRunner({
    policy: createRecoveryPolicy(options.recovery),
    log,
    scheduler: systemScheduler,
    effects: {
      reloadRenderer: () => undefined,
      forceCrashRenderer: () => undefined,
      restartService: () => link.start(),
      relaunchApp: () => {
        void link.close();
        options.onExhausted?.();
      },
    },
  });
  link.start();
  return {
    ...link,
    async close() {
      // A restart the ladder has scheduled must not start a service after the host has stopped it.
      recovery.dispose();
      await link.close();
    },
  };
}

/** Runs the service in the host's own process (tests, and hosts that accept sharing its fate). */
export function inProcessServiceLink(service: KioskService): ServiceLink {
  const statusListeners = new Set<(status: ServiceStatus) => void>();
  let current: ServiceStatus = { state: 'available', restarts: 0 };
  return {
    invoke: (command, payload) => (current.state === 'available' ? service.handle(command, payload) : Promise.resolve(fail('service.unavailable'))),
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
