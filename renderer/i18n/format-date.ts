import type { Catalogue } from './catalogues/es-CL.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

export type DateCatalogue = Catalogue['dates'];

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/**
 * The wall-clock reading of an instant in a time zone: always the kiosk's
 * configured one (the session snapshot's `timeZone`), never the browser's,
 * so the screen and the receipt say the same hour. Only numbers come from
 * Intl here, which every locale formats the same; the words come from the
 * catalogue.
 */
function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/**
 * "jueves 15 de enero de 2026, a las 14:30", in the citizen's language, from
 * the catalogue's day and month names and pattern. ICU has no Haitian Creole
 * data (electron-kiosk.md §4.2), so Kreyòl cannot use Intl's words; the other
 * languages use the same path so all three read alike and are tested alike.
 */
export function formatDateTime(iso: string, dates: DateCatalogue, timeZone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const clock = wallClock(instant, timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(clock.year, clock.month - 1, clock.day)).getUTCDay()]!;
  const values: Record<string, string> = {
    weekday: dates.weekdays[weekday],
    day: String(clock.day),
    month: dates.months[MONTHS[clock.month - 1]!],
    year: String(clock.year),
    time: `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`,
  };
  return dates.dateTime.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}
