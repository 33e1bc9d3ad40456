/**
 * When a kiosk checks for, downloads and installs an update, as a pure
 * policy: the updater reports what it knows (the time, the maintenance
 * window, whether someone is using the kiosk, how far the update has got) and
 * the policy answers check, download, install, or wait until a given instant.
 *
 * Rules: nothing happens outside the maintenance window; an install never
 * interrupts a session, nor a screen touched in the last `quietMinutes`; an
 * update is installed only once downloaded and its metadata's signature
 * verified. The window is wall-clock time in the configuration's time zone,
 * so it follows daylight-saving changes, and it may cross midnight
 * ("23:30-01:30"). On a day when a clock change skips the whole window, that
 * day has no window.
 */

/** Minutes after local midnight: [start, end); start > end crosses midnight. */
export interface MaintenanceWindow {
  readonly startMinute: number;
  readonly endMinute: number;
}

export class UpdateWindowError extends Error {
  readonly code = 'update.window_invalid';
  readonly reason: string;
  constructor(reason: string) {
    super(`invalid maintenance window: ${reason}`);
    this.name = 'UpdateWindowError';
    this.reason = reason;
  }
}

export type WindowParse = { readonly ok: true; readonly value: MaintenanceWindow } | { readonly ok: false; readonly error: UpdateWindowError };

const WINDOW_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM-HH:MM", 24-hour clock, start and end different. */
export function parseMaintenanceWindow(text: string): WindowParse {
  const match = WINDOW_PATTERN.exec(text);
  if (match === null) return { ok: false, error: new UpdateWindowError('expected HH:MM-HH:MM on a 24-hour clock, e.g. 03:00-05:00') };
  const startMinute = Number(match[1]) * 60 + Number(match[2]);
  const endMinute = Number(match[3]) * 60 + Number(match[4]);
  if (startMinute === endMinute) return { ok: false, error: new UpdateWindowError('start and end are the same time') };
  return { ok: true, value: { startMinute, endMinute } };
}

export function formatMaintenanceWindow(window: MaintenanceWindow): string {
  const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `${hhmm(window.startMinute)}-${hhmm(window.endMinute)}`;
}

interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly minuteOfDay: number;
}

const MINUTE = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function localDate(instant: Date, timeZone: string): LocalDate {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, minuteOfDay: parts.hour! * 60 + parts.minute! };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms (seconds dropped: no zone in use has them). */
function offsetMs(instant: number, timeZone: string): number {
  const local = localDate(new Date(instant), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minuteOfDay);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/**
 * The instant the zone's clock reads `minuteOfDay` on the given date. Two
 * passes settle the offset across a change; a time the change skips comes out
 * shifted by the change, and the caller checks what the clock then reads.
 */
function zonedInstant(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

export function isInWindow(instant: Date, window: MaintenanceWindow, timeZone: string): boolean {
  const minute = localDate(instant, timeZone).minuteOfDay;
  const { startMinute: start, endMinute: end } = window;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The instant the window opens on a local date, or null when a clock change
 * skips it all. An opening time the change skips (00:30 on a day whose clock
 * jumps from 24:00 to 01:00) opens the window at the jump itself.
 */
function openingOn(date: Date, window: MaintenanceWindow, timeZone: string): number | null {
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const opening = zonedInstant(year, month, day, window.startMinute, timeZone);
  if (isInWindow(new Date(opening), window, timeZone)) return opening;
  // In a gap: the first pass of zonedInstant landed after the jump. Search the minutes between for the jump.
  const wall = Date.UTC(year, month - 1, day, 0, window.startMinute);
  let after = wall - offsetMs(wall, timeZone);
  if (after <= opening || !isInWindow(new Date(after), window, timeZone)) return null;
  let before = opening;
  while (after - before > MINUTE) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE) * MINUTE;
    if (isInWindow(new Date(middle), window, timeZone)) after = middle;
    else before = middle;
  }
  return after;
}

/** Window openings on the local days around `instant` (a day whose opening a clock change skips has none), in order. */
function openingsAround(instant: Date, window: MaintenanceWindow, timeZone: string): number[] {
  const { year, month, day } = localDate(instant, timeZone);
  const openings: number[] = [];
  for (let offset = -2; offset <= 2; offset++) {
    const date = new Date(Date.UTC(year, month - 1, day + offset));
    const opening = openingOn(date, window, timeZone);
    if (opening !== null) openings.push(opening);
  }
  return openings;
}

/** The first opening of the window strictly after `instant`. */
export function nextWindowStart(instant: Date, window: MaintenanceWindow, timeZone: string): Date {
  // Two days ahead always hold an opening unless clock changes skip both, which no zone does.
  const next = openingsAround(instant, window, timeZone).find((opening) => opening > instant.getTime());
  if (next === undefined) throw new RangeError(`no maintenance window opening within two days of ${instant.toISOString()} in ${timeZone}`);
  return new Date(next);
}

/** The opening of the window `instant` is in, or null outside the window. */
export function currentWindowStart(instant: Date, window: MaintenanceWindow, timeZone: string): Date | null {
  if (!isInWindow(instant, window, timeZone)) return null;
  const openings = openingsAround(instant, window, timeZone).filter((opening) => opening <= instant.getTime());
  return openings.length === 0 ? null : new Date(openings[openings.length - 1]!);
}

/**
 * How far the update has got: `available` is a newer version whose metadata
 * signature checked out; `downloaded` is its file on disk, its sha512 checked
 * by electron-updater against that same signed metadata.
 */
export type UpdateStage = 'none' | 'available' | 'downloaded';

export interface UpdateSituation {
  readonly now: Date;
  readonly window: MaintenanceWindow;
  /** The configuration's IANA time zone: the window is its wall-clock time. */
  readonly timeZone: string;
  /** A citizen's session is under way (the session is not idle). */
  readonly sessionActive: boolean;
  /** The last touch on the screen (any command from the page), or null since start. */
  readonly lastTouchAt: Date | null;
  /** Minutes without a touch before an install may start. */
  readonly quietMinutes: number;
  readonly stage: UpdateStage;
  /** The last check or download and whether it worked; null since start. */
  readonly lastAttempt: { readonly at: Date; readonly ok: boolean } | null;
  /** Minutes between a failed attempt and the next, within the window. */
  readonly retryMinutes: number;
}

export type WaitReason = 'outside-window' | 'checked-this-window' | 'retry-later' | 'in-use';

export type UpdateDecision =
  | { readonly kind: 'check' }
  | { readonly kind: 'download' }
  | { readonly kind: 'install' }
  | { readonly kind: 'wait'; readonly until: Date; readonly reason: WaitReason };

export function decideUpdate(situation: UpdateSituation): UpdateDecision {
  const { now, window, timeZone, stage, lastAttempt } = situation;
  const waitFor = (candidate: Date, reason: WaitReason): UpdateDecision => ({
    kind: 'wait',
    // Inside a window: come back then; past this window's end, at the next one's opening.
    until: isInWindow(candidate, window, timeZone) ? candidate : nextWindowStart(candidate, window, timeZone),
    reason,
  });
  const windowStart = currentWindowStart(now, window, timeZone);
  if (windowStart === null) return { kind: 'wait', until: nextWindowStart(now, window, timeZone), reason: 'outside-window' };

  // A failed check, download or install is not tried again at once: the server or the disk may need a while.
  if (lastAttempt !== null && !lastAttempt.ok) {
    const retryAt = new Date(lastAttempt.at.getTime() + situation.retryMinutes * MINUTE);
    if (retryAt.getTime() > now.getTime()) return waitFor(retryAt, 'retry-later');
  }

  if (stage === 'downloaded') {
    if (situation.sessionActive) return waitFor(new Date(now.getTime() + situation.quietMinutes * MINUTE), 'in-use');
    const quietFrom = situation.lastTouchAt === null ? null : new Date(situation.lastTouchAt.getTime() + situation.quietMinutes * MINUTE);
    if (quietFrom !== null && quietFrom.getTime() > now.getTime()) return waitFor(quietFrom, 'in-use');
    return { kind: 'install' };
  }

  if (stage === 'available') return { kind: 'download' };
  // Nothing newer at the last check: one check per window is enough.
  if (lastAttempt?.ok && lastAttempt.at.getTime() >= windowStart.getTime()) {
    return { kind: 'wait', until: nextWindowStart(now, window, timeZone), reason: 'checked-this-window' };
  }
  return { kind: 'check' };
}
