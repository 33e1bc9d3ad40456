/**
 * Time, passed in (CONVENTIONS.md, "Pure core, thin edges"): tests inject a
 * clock to cross the 24 h lockout window or a code's expiry without waiting.
 */

/** Milliseconds since the epoch. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const isoUtc = (epochMs: number): string => new Date(epochMs).toISOString();

/**
 * The calendar day in Chile. Card expiry and the 18th birthday are civil
 * dates: a card that expires on 2026-11-01 is valid through that day in
 * Santiago, which a UTC day would end three or four hours early.
 */
const chileanDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago', year: 'numeric', month: '2-digit', day: '2-digit' });
export const chileanDate = (epochMs: number): string => chileanDay.format(epochMs);

/** Whole years from `birthDate` to `onDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) >= birthDate.slice(5) ? years : years - 1;
}
