/**
 * The recovery ladder (reference electron-kiosk.md §1.4) as a pure policy:
 * the host reports a crash, the policy answers what to do and after how long.
 * Electron's main process and the browser host both follow it, so a kiosk
 * recovers the same way whichever host runs it.
 *
 * 1. renderer gone → reload it after a short back-off;
 * 2. renderer unresponsive → give it a grace period, then crash and reload it;
 * 3. service gone → restart it with capped exponential back-off;
 * 4. too many crashes in a window → relaunch the whole app (the OS supervisor,
 *    step 5, takes over if that fails too).
 */
export type CrashKind = 'renderer-gone' | 'renderer-unresponsive' | 'service-gone';

export type RecoveryAction =
  | { readonly kind: 'reload-renderer'; readonly delayMs: number }
  | { readonly kind: 'force-crash-renderer'; readonly delayMs: number }
  | { readonly kind: 'restart-service'; readonly delayMs: number }
  | { readonly kind: 'relaunch-app' };

export interface RecoveryPolicyOptions {
  /** Crashes (of any kind) tolerated within `windowMs` before relaunching the app. */
  readonly maxCrashes: number;
  readonly windowMs: number;
  /** First back-off; doubles with each recent crash of the same kind. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long an unresponsive renderer may stay so before it is crashed and reloaded. */
  readonly unresponsiveGraceMs: number;
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicyOptions = {
  maxCrashes: 5,
  windowMs: 10 * 60_000,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  unresponsiveGraceMs: 10_000,
};

export interface RecoveryPolicy {
  onCrash(kind: CrashKind, nowMs: number): RecoveryAction;
  /** Forget past crashes (after a relaunch, or a long healthy period). */
  reset(): void;
}

export function createRecoveryPolicy(overrides: Partial<RecoveryPolicyOptions> = {}): RecoveryPolicy {
  const options = { ...DEFAULT_RECOVERY_POLICY, ...overrides };
  if (options.maxCrashes < 1 || options.windowMs <= 0 || options.baseDelayMs < 0 || options.maxDelayMs < options.baseDelayMs) {
    throw new RangeError('invalid recovery policy options');
  }
  let crashes: { kind: CrashKind; atMs: number }[] = [];

  return {
    onCrash(kind, nowMs) {
      crashes = crashes.filter((c) => nowMs - c.atMs < options.windowMs);
      // An unresponsive renderer is not yet a crash: it only becomes one if it is force-crashed.
      if (kind === 'renderer-unresponsive') return { kind: 'force-crash-renderer', delayMs: options.unresponsiveGraceMs };
      crashes.push({ kind, atMs: nowMs });
      if (crashes.length > options.maxCrashes) return { kind: 'relaunch-app' };
      const sameKind = crashes.filter((c) => c.kind === kind).length;
      const delayMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (sameKind - 1));
      return kind === 'service-gone' ? { kind: 'restart-service', delayMs } : { kind: 'reload-renderer', delayMs };
    },
    reset() {
      crashes = [];
    },
  };
}
