/**
 * Touches are reported to the service to postpone the idle deadline. A finger
 * dragging across the screen fires dozens of events a second; the deadline is
 * minutes long, so one report per 10 s is plenty and keeps IPC quiet.
 */
export const ACTIVITY_REPORT_INTERVAL_MS = 10_000;

/** Returns a gate that opens at most once per `intervalMs` (leading edge: the first touch counts at once). */
export function createThrottle(intervalMs: number, now: () => number): () => boolean {
  let last: number | null = null;
  return () => {
    const t = now();
    // A clock that went backwards (not expected from performance.now) must not block reports forever.
    if (last !== null && t >= last && t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
