import type { KioskMode } from '../../electron/contract/app.ts';
import type { KioskReadiness } from '../../electron/contract/session.ts';

/**
 * What the welcome and consent screens must tell a citizen before they
 * invest time, from what the kiosk knows (the snapshot's readiness):
 * `out-of-service` (a reader failed: nothing can be done here), `no-codes`
 * (Civil Digital with central known down: a session could not end, so none
 * starts), `results-later` (ChileAtiende with central down: its deferred path
 * still works, the result comes by e-mail and SMS), `code-on-screen` (Civil
 * Digital without a printer: the code is shown, not printed), or nothing.
 * The service refuses to start the first two as well; this only says why.
 */
export type KioskNotice = 'out-of-service' | 'no-codes' | 'results-later' | 'code-on-screen' | null;

export function kioskNotice(mode: KioskMode, readiness: Pick<KioskReadiness, 'readers' | 'central' | 'printer'>): KioskNotice {
  if (!readiness.readers) return 'out-of-service';
  if (!readiness.central) return mode === 'civil-digital' ? 'no-codes' : 'results-later';
  if (mode === 'civil-digital' && !readiness.printer) return 'code-on-screen';
  return null;
}

/** A notice that leaves the citizen nothing to start. */
export function noticeBlocksStart(notice: KioskNotice): boolean {
  return notice === 'out-of-service' || notice === 'no-codes';
}
