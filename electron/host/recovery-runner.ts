import type { Logger } from '../../common/log.ts';
import type { RecoveryPolicy } from './recovery-policy.ts';
import type { Scheduler } from './scheduler.ts';

/**
 * Carries out the recovery ladder (reference §1.4): the policy decides what to
 * do and after how long; this runner owns the timers and calls the effects
 * each host wires (electron/main/index.ts to Electron, the browser host to its
 * service child). Kept apart so every decision about timing is unit-tested
 * without Electron.
 */
export interface RecoveryEffects {
  /** Reload the kiosk page (index.ts also resets the citizen's session first). */
  reloadRenderer(): void;
  /** webContents.forcefullyCrashRenderer(); render-process-gone follows. */
  forceCrashRenderer(): void;
  restartService(): void;
  /**
   * Start the whole kiosk again: Electron does app.relaunch() then app.exit(0) (relaunch alone does not quit);
   * the browser host stops and exits so its supervisor starts it again.
   */
  relaunchApp(): void;
}

export interface RecoveryRunnerOptions {
  readonly policy: RecoveryPolicy;
  readonly effects: RecoveryEffects;
  readonly log: Logger;
  readonly now?: () => number;
  readonly scheduler: Scheduler;
}

export interface RecoveryRunner {
  rendererGone(reason: string): void;
  rendererUnresponsive(): void;
  rendererResponsive(): void;
  /** `code` is null when a signal ended the service. */
  serviceExited(code: number | null): void;
  /** The app is quitting: cancel pending steps and ignore further reports. */
  dispose(): void;
}

/** The service's "configuration is invalid" exit (sysexits EX_CONFIG): restarting cannot help. */
export const SERVICE_EXIT_CONFIG = 78;

type Slot = 'renderer' | 'unresponsive' | 'service';

export function createRecoveryRunner(options: RecoveryRunnerOptions): RecoveryRunner {
  const { policy, effects, log, scheduler } = options;
  const now = options.now ?? Date.now;
  const timers = new Map<Slot, unknown>();
  let disposed = false;

  const schedule = (slot: Slot, delayMs: number, effect: () => void) => {
    // One pending step per slot: a second report before the first step ran adds nothing.
    if (timers.has(slot)) return;
    timers.set(
      slot,
      scheduler.setTimeout(() => {
        timers.delete(slot);
        if (!disposed) effect();
      }, delayMs),
    );
  };

  const cancel = (slot: Slot) => {
    if (!timers.has(slot)) return;
    scheduler.clearTimeout(timers.get(slot));
    timers.delete(slot);
  };

  const relaunch = () => {
    log.log('error', 'recovery.relaunch');
    disposed = true;
    for (const slot of [...timers.keys()]) cancel(slot);
    effects.relaunchApp();
  };

  return {
    rendererGone(reason) {
      if (disposed) return;
      log.log('error', 'renderer.gone', { reason });
      cancel('unresponsive');
      const action = policy.onCrash('renderer-gone', now());
      if (action.kind === 'relaunch-app') return relaunch();
      if (action.kind === 'reload-renderer') schedule('renderer', action.delayMs, effects.reloadRenderer);
    },
    rendererUnresponsive() {
      if (disposed) return;
      log.log('warn', 'renderer.unresponsive');
      const action = policy.onCrash('renderer-unresponsive', now());
      if (action.kind === 'relaunch-app') return relaunch();
      if (action.kind === 'force-crash-renderer') schedule('unresponsive', action.delayMs, effects.forceCrashRenderer);
    },
    rendererResponsive() {
      if (disposed || !timers.has('unresponsive')) return;
      log.log('info', 'renderer.responsive');
      cancel('unresponsive');
    },
    serviceExited(code) {
      if (disposed) return;
      if (code === SERVICE_EXIT_CONFIG) {
        // Restarting would loop forever; the citizen screen shows "unavailable" and a technician fixes the config.
        log.log('error', 'service.config_invalid', { code });
        return;
      }
      const action = policy.onCrash('service-gone', now());
      if (action.kind === 'relaunch-app') return relaunch();
      if (action.kind === 'restart-service') schedule('service', action.delayMs, effects.restartService);
    },
    dispose() {
      disposed = true;
      for (const slot of [...timers.keys()]) cancel(slot);
    },
  };
}
