import type { Logger } from '../../common/log.ts';
import type { Scheduler } from './scheduler.ts';
import type { ServiceLink } from './service-link.ts';

/**
 * The systemd watchdog (WatchdogSec= in kiosk.service), the fourth rung of the
 * recovery ladder: the kiosk pings only while it is healthy, so a kiosk that
 * hangs, or whose own ladder (recovery-policy.ts) has given up, is ended by
 * systemd and started again by Restart=always.
 *
 * Healthy means the host's event loop runs (a tick happens at all) and the
 * probe the host passes in answers in time (serviceAnswers below, for both
 * hosts). Timing follows sd_watchdog_enabled(3): ping at half of WATCHDOG_USEC.
 */

export type WatchdogSetup =
  | { readonly enabled: true; readonly intervalMs: number }
  | { readonly enabled: false; readonly reason: 'no-notify-socket' | 'no-watchdog' | 'other-process' | 'bad-usec' };

/**
 * Reads the watchdog from the environment systemd gave the unit. WATCHDOG_PID
 * names the unit's main process; under cage that is cage, our parent (cage
 * forks and execs the app it runs), so the parent counts as ours too. Anything
 * else is an environment inherited by accident, and the process stays quiet.
 */
export function watchdogFromEnv(env: NodeJS.ProcessEnv, self: { readonly pid: number; readonly ppid: number }): WatchdogSetup {
  if (!env.NOTIFY_SOCKET) return { enabled: false, reason: 'no-notify-socket' };
  const usecText = env.WATCHDOG_USEC;
  if (usecText === undefined || usecText === '') return { enabled: false, reason: 'no-watchdog' };
  if (!/^[1-9]\d{0,15}$/.test(usecText)) return { enabled: false, reason: 'bad-usec' };
  const pidText = env.WATCHDOG_PID;
  if (pidText !== undefined && pidText !== '') {
    const pid = /^\d+$/.test(pidText) ? Number(pidText) : NaN;
    if (pid !== self.pid && pid !== self.ppid) return { enabled: false, reason: 'other-process' };
  }
  // Below a millisecond a ping every tick would be all the process does; systemd's own minimum is far above.
  const intervalMs = Math.floor(Number(usecText) / 2 / 1000);
  return intervalMs >= 1 ? { enabled: true, intervalMs } : { enabled: false, reason: 'bad-usec' };
}

export type HealthVerdict = { readonly healthy: true } | { readonly healthy: false; readonly reason: string };

export interface SystemdWatchdogOptions {
  readonly intervalMs: number;
  readonly scheduler: Scheduler;
  /** Whether the kiosk answers. A probe that has not settled by `probeTimeoutMs` counts as unhealthy. */
  readonly probe: () => Promise<HealthVerdict>;
  /** Sends WATCHDOG=1; its failure is logged, never thrown. */
  readonly ping: () => Promise<{ readonly ok: boolean }>;
  readonly log: Logger;
  /** Default: a quarter of the interval, so a slow probe still leaves time for the ping. */
  readonly probeTimeoutMs?: number;
}

export interface SystemdWatchdog {
  /** Starts pinging; call once the kiosk has told systemd READY=1 (systemd arms the watchdog then). */
  start(): void;
  /** The recovery ladder has given up: no more pings, so systemd restarts the unit within WatchdogSec. */
  giveUp(reason: string): void;
  /** The kiosk is quitting on its own: stop quietly. */
  dispose(): void;
}

export function createSystemdWatchdog(options: SystemdWatchdogOptions): SystemdWatchdog {
  const { intervalMs, scheduler, log } = options;
  const probeTimeoutMs = options.probeTimeoutMs ?? Math.max(1, Math.floor(intervalMs / 4));
  let timer: unknown = null;
  let stopped = false;
  let started = false;
  let inFlight = false;
  /** Only the first withheld ping of a run is a warning; the rest would fill the journal every half-interval. */
  let withholding = false;

  const probeWithDeadline = (): Promise<HealthVerdict> =>
    new Promise((resolve) => {
      let settled = false;
      const deadline = scheduler.setTimeout(() => {
        if (settled) return;
        settled = true;
        resolve({ healthy: false, reason: 'probe-timeout' });
      }, probeTimeoutMs);
      options.probe().then(
        (verdict) => {
          if (settled) return;
          settled = true;
          scheduler.clearTimeout(deadline);
          resolve(verdict);
        },
        () => {
          if (settled) return;
          settled = true;
          scheduler.clearTimeout(deadline);
          resolve({ healthy: false, reason: 'probe-failed' });
        },
      );
    });

  const tick = async () => {
    // Fixed rate: the next tick is due one interval after this one started, however long this one takes.
    timer = scheduler.setTimeout(() => void tick(), intervalMs);
    // A tick still waiting on its probe means the host is stuck: let this one go rather than pile up probes.
    if (inFlight) return;
    inFlight = true;
    try {
      const verdict = await probeWithDeadline();
      if (stopped) return;
      if (!verdict.healthy) {
        if (!withholding) log.log('warn', 'watchdog.ping_withheld', { reason: verdict.reason });
        withholding = true;
        return;
      }
      if (withholding) log.log('info', 'watchdog.healthy_again');
      withholding = false;
      const sent = await options.ping();
      if (!sent.ok && !stopped) log.log('warn', 'watchdog.ping_failed');
    } finally {
      inFlight = false;
    }
  };

  const stop = () => {
    stopped = true;
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = null;
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      log.log('info', 'watchdog.started', { intervalMs });
      void tick();
    },
    giveUp(reason) {
      if (stopped) return;
      log.log('error', 'watchdog.given_up', { reason });
      stop();
    },
    dispose: stop,
  };
}

/**
 * The probe both hosts use: a running service must answer a round trip. A service that is down is the recovery
 * ladder's business, not the watchdog's: it is being restarted, or held down on a bad configuration while the
 * kiosk shows itself out of service; if the ladder gives up it says so (giveUp), and the pings stop.
 */
export function serviceAnswers(link: Pick<ServiceLink, 'status' | 'invoke'>): () => Promise<HealthVerdict> {
  return async () => {
    if (link.status().state !== 'available') return { healthy: true };
    const answer = await link.invoke('app.info', undefined);
    return answer.ok ? { healthy: true } : { healthy: false, reason: answer.error.code };
  };
}
