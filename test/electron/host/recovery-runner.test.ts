import { describe, expect, it } from 'vitest';
import { createRecoveryPolicy, type RecoveryPolicyOptions } from '../../../electron/host/recovery-policy.ts';
import { createRecoveryRunner, SERVICE_EXIT_CONFIG } from '../../../electron/host/recovery-runner.ts';
import { manualScheduler } from '../support/manual-scheduler.ts';
import { recordingLogger } from '../support/recording-logger.ts';

function setup(options: Partial<RecoveryPolicyOptions> = {}) {
  const scheduler = manualScheduler();
  const log = recordingLogger();
  const calls: string[] = [];
  const runner = createRecoveryRunner({
    policy: createRecoveryPolicy({ baseDelayMs: 500, maxDelayMs: 15_000, unresponsiveGraceMs: 10_000, maxCrashes: 5, windowMs: 600_000, ...options }),
    log,
    scheduler,
    now: scheduler.now,
    effects: {
      reloadRenderer: () => calls.push('reload'),
      forceCrashRenderer: () => calls.push('force-crash'),
      restartService: () => calls.push('restart-service'),
      relaunchApp: () => calls.push('relaunch'),
    },
  });
  return { runner, scheduler, log, calls };
}

describe('recovery runner (the ladder of electron-kiosk.md §1.4, carried out)', () => {
  it('reloads a crashed renderer after the back-off, logging the reason', () => {
    const { runner, scheduler, calls, log } = setup();
    runner.rendererGone('oom');
    scheduler.advance(499);
    expect(calls).toEqual([]);
    scheduler.advance(1);
    expect(calls).toEqual(['reload']);
    expect(log.lines[0]).toMatchObject({ event: 'renderer.gone', fields: { reason: 'oom' } });
  });

  it('force-crashes a renderer still unresponsive after the grace period', () => {
    const { runner, scheduler, calls } = setup();
    runner.rendererUnresponsive();
    runner.rendererUnresponsive();
    scheduler.advance(10_000);
    expect(calls).toEqual(['force-crash']);
    // The crash that follows walks the first rung: reload.
    runner.rendererGone('killed');
    scheduler.advance(500);
    expect(calls).toEqual(['force-crash', 'reload']);
  });

  it('leaves a renderer alone that becomes responsive again within the grace period', () => {
    const { runner, scheduler, calls } = setup();
    runner.rendererUnresponsive();
    scheduler.advance(9_000);
    runner.rendererResponsive();
    scheduler.advance(60_000);
    expect(calls).toEqual([]);
  });

  it('restarts a dead service with a growing back-off', () => {
    const { runner, scheduler, calls } = setup();
    runner.serviceExited(139);
    scheduler.advance(500);
    runner.serviceExited(139);
    scheduler.advance(999);
    expect(calls).toEqual(['restart-service']);
    scheduler.advance(1);
    expect(calls).toEqual(['restart-service', 'restart-service']);
  });

  it('does not restart a service that exited because its configuration is invalid', () => {
    const { runner, scheduler, calls, log } = setup();
    runner.serviceExited(SERVICE_EXIT_CONFIG);
    scheduler.advance(60_000);
    expect(calls).toEqual([]);
    expect(log.lines.map((l) => l.event)).toEqual(['service.config_invalid']);
  });

  it('relaunches the app after too many crashes, cancelling pending steps', () => {
    const { runner, scheduler, calls } = setup({ maxCrashes: 2 });
    runner.serviceExited(1);
    scheduler.advance(500);
    runner.rendererGone('crashed');
    runner.serviceExited(1);
    expect(calls).toEqual(['restart-service', 'relaunch']);
    scheduler.advance(60_000);
    runner.rendererGone('crashed');
    expect(calls).toEqual(['restart-service', 'relaunch']);
  });

  it('does nothing once disposed (the app is quitting)', () => {
    const { runner, scheduler, calls } = setup();
    runner.rendererGone('crashed');
    runner.dispose();
    runner.serviceExited(1);
    runner.rendererUnresponsive();
    scheduler.advance(60_000);
    expect(calls).toEqual([]);
    expect(scheduler.pending()).toBe(0);
  });
});
