/**
 * The two check-digit algorithms a cédula carries. synthetic/ may import
 * nothing of ours, so these are restated rather than shared with
 * drivers/card-reader; test/synthetic/citizens checks both copies against the
 * reference vectors and against each other.
 */

/** RUN check digit, módulo 11 (hardware-protocols.md §3.4): weights 2..7 from the right; 11 → 0, 10 → K. */
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

/** `15.234.871-1`: dots every three digits, hyphen before the check digit (the way the card prints it). */
export function formatRun(runNumber: number, checkDigit: string): string {
  return `${String(runNumber).replace(/\B(?=(\d{3})+$)/g, '.')}-${checkDigit}`;
}

/** ICAO 9303 Part 3 §4.9: 0–9 → 0–9, A–Z → 10–35, `<` → 0; weights 7, 3, 1 repeating; sum mod 10. */
export function icaoCheckDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const code = field.charCodeAt(i);
    const value = code >= 48 && code <= 57 ? code - 48 : code >= 65 && code <= 90 ? code - 55 : 0;
    sum += value * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}
