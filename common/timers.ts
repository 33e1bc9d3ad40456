/**
 * Timers as the modules that wait take them: passed in (CONVENTIONS.md, "timers
 * … are passed in"), so tests move the clock themselves instead of sleeping.
 */

/** Runs `callback` after `ms` and returns its cancel. */
export type Schedule = (callback: () => void, ms: number) => () => void;

/** A plain timer: it keeps the process alive until it fires (a driver waiting on its device). */
export const realSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

/**
 * A timer that does not hold the process open on its own (Node's unref; a
 * no-op in a browser): a technician session's deadline or a device retry must
 * not keep a stopping service alive.
 */
export const backgroundSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms) as ReturnType<typeof setTimeout> & { unref?: () => void };
  timer.unref?.();
  return () => clearTimeout(timer);
};
