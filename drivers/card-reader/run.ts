import type { Run } from './card-read.ts';

/** Módulo 11 (reference §3.4): digits from the right times 2, 3, 4, 5, 6, 7, 2, …; r = 11 − S mod 11; 11 → 0, 10 → K. */
export function runCheckDigit(runNumber: number): string {
  let sum = 0;
  let weight = 2;
  for (let rest = runNumber; rest > 0; rest = Math.floor(rest / 10)) {
    sum += (rest % 10) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const r = 11 - (sum % 11);
  return r === 11 ? '0' : r === 10 ? 'K' : String(r);
}

export function formatRun(runNumber: number, checkDigit: string): string {
  return `${String(runNumber).replace(/\B(?=(\d{3})+$)/g, '.')}-${checkDigit}`;
}

/** A Run if `checkDigit` is right for `runNumber` (a positive integer below 10^9), else null. */
export function makeRun(runNumber: number, checkDigit: string): Run | null {
  const digit = checkDigit.toUpperCase();
  if (!Number.isSafeInteger(runNumber) || runNumber < 1 || runNumber >= 1e9) return null;
  if (runCheckDigit(runNumber) !== digit) return null;
  return { number: runNumber, checkDigit: digit, formatted: formatRun(runNumber, digit) };
}

/**
 * A RUN typed or printed by a person (`15.234.871-1`, `15234871-1`,
 * `152348711`, `7775735-k`). Normalisation per reference §3.4: drop dots,
 * hyphen and spaces, drop leading zeros, upper-case k; the last character is
 * the check digit. Null unless the check digit is right.
 */
export function parseRun(text: string): Run | null {
  if (typeof text !== 'string' || text.length > 20) return null;
  const m = /^0*([1-9]\d{0,8})([0-9K])$/.exec(text.replace(/[.\s-]/g, '').toUpperCase());
  return m ? makeRun(Number(m[1]), m[2]!) : null;
}
