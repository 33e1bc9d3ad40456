/**
 * The idle warning (electron-kiosk.md §4.4; WCAG 2.2.1 Timing Adjustable).
 * The service owns the deadline and wipes the session when it passes; the
 * renderer only warns in the last stretch and lets the citizen extend it.
 * 30 s leaves more than the 20 s the guidance asks for to read and respond.
 */
export const IDLE_WARNING_MS = 30_000;

export interface IdleWarningInputs {
  /** Wall-clock now, in ms since the epoch (the deadline is a UTC instant). */
  readonly nowMs: number;
  /** The snapshot's `idleDeadline`; null when no session runs. */
  readonly idleDeadline: string | null;
  /** Never warn while the service is working for the citizen: a wait is not inactivity. */
  readonly busy: boolean;
  /**
   * How long the session had when this deadline was set (deadline minus the
   * time the renderer learned of it). A kiosk configured with a short idle
   * timeout warns in the second half of it, so "Continuar" always leaves the
   * citizen some time without the warning.
   */
  readonly spanMs?: number;
  readonly warnWithinMs?: number;
}

export type IdleWarning = { readonly show: false } | { readonly show: true; readonly secondsLeft: number };

export function idleWarning({ nowMs, idleDeadline, busy, spanMs, warnWithinMs: requested = IDLE_WARNING_MS }: IdleWarningInputs): IdleWarning {
  if (idleDeadline === null || busy) return { show: false };
  const warnWithinMs = spanMs !== undefined && spanMs > 0 ? Math.min(requested, spanMs / 2) : requested;
  const deadlineMs = Date.parse(idleDeadline);
  if (Number.isNaN(deadlineMs)) return { show: false };
  const leftMs = deadlineMs - nowMs;
  if (leftMs > warnWithinMs) return { show: false };
  // Rounded up, so the count reads 1 in the last second and 0 only once the deadline has passed.
  return { show: true, secondsLeft: Math.max(0, Math.ceil(leftMs / 1000)) };
}
