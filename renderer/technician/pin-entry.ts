/**
 * What the technician types on the PIN pad, as plain data: digits only, at
 * most 12 (the service refuses shorter than 6 and says so). The PIN lives
 * here only until it is sent; the screens clear it right after.
 */
import { TECHNICIAN_PIN_MAX_DIGITS, TECHNICIAN_PIN_MIN_DIGITS } from '../../electron/contract/technician-limits.ts';

export type PinKey = { readonly kind: 'digit'; readonly digit: string } | { readonly kind: 'backspace' } | { readonly kind: 'clear' };

export const PIN_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

export function pressPinKey(pin: string, key: PinKey, maxDigits: number = TECHNICIAN_PIN_MAX_DIGITS): string {
  switch (key.kind) {
    case 'digit':
      return /^\d$/.test(key.digit) && pin.length < maxDigits ? pin + key.digit : pin;
    case 'backspace':
      return pin.slice(0, -1);
    case 'clear':
      return '';
  }
}

/** Long enough to be sent (the service judges the rest). */
export function pinComplete(pin: string): boolean {
  return pin.length >= TECHNICIAN_PIN_MIN_DIGITS && pin.length <= TECHNICIAN_PIN_MAX_DIGITS;
}

/** One dot per digit typed: what the screen shows instead of the PIN. */
export function pinDots(pin: string): string {
  return '•'.repeat(pin.length);
}

/** `mm:ss` for a lockout countdown; never negative. */
export function countdownText(secondsLeft: number): string {
  const s = Math.max(0, Math.ceil(secondsLeft));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds left on a lockout that had `secondsAtFetch` left when it was fetched `elapsedMs` ago (a monotonic clock: the wall clock may be wrong). */
export function secondsLeft(secondsAtFetch: number, elapsedMs: number): number {
  return Math.max(0, Math.ceil(secondsAtFetch - elapsedMs / 1000));
}
