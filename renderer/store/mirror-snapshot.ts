import type { SessionSnapshot } from '../../electron/contract/session.ts';
import type { ServiceStatus } from '../../electron/contract/service-status.ts';

/**
 * Snapshots reach the renderer by two paths (pushed events and command
 * answers) that can arrive out of order; `revision` increases with every
 * snapshot the service emits, so the newest one wins and a late arrival is
 * dropped.
 */
export function mirrorSnapshot(prev: SessionSnapshot | null, next: SessionSnapshot): SessionSnapshot {
  if (prev === null || next.revision > prev.revision) return next;
  return prev;
}

/** A session that was running is over: the screen belongs to the next citizen. */
export function sessionEnded(prev: SessionSnapshot | null, next: SessionSnapshot | null): boolean {
  return prev !== null && prev.step !== 'idle' && next !== null && next.step === 'idle';
}

/**
 * The service came back (it was unavailable, or the host restarted it between
 * two status reports). A restarted service counts revisions from scratch, so
 * the mirror must be rebuilt from a fresh snapshot rather than compared with
 * the old one.
 */
export function serviceRecovered(prev: ServiceStatus | null, next: ServiceStatus): boolean {
  if (prev === null || next.state !== 'available') return false;
  return prev.state === 'unavailable' || next.restarts !== prev.restarts;
}
