/**
 * ICAO 9303 pieces the `mrz` package does not export: the 7-3-1 check digit
 * (needed for the QR's 24-character `mrz` value) and YYMMDD → ISO dates.
 */

/** ICAO 9303 Part 3 §4.9: 0–9 → 0–9, A–Z → 10–35, `<` → 0; weights 7, 3, 1; sum mod 10. Null on any other character. */
export function icaoCheckDigit(field: string): string | null {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const code = field.charCodeAt(i);
    const value = code >= 48 && code <= 57 ? code - 48 : code >= 65 && code <= 90 ? code - 55 : code === 60 ? 0 : -1;
    if (value < 0) return null;
    sum += value * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

/** `YYYY-MM-DD` if it names a real calendar day (the `mrz` package only checks month ≤ 12 and day ≤ 31). */
function calendarDate(year: number, yymmdd: string): string | null {
  const iso = `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * A birth date: 20YY unless that is after `today`, then 19YY. YYMMDD cannot
 * tell a centenarian from a toddler; the other choice would be worse for the
 * far more common case.
 */
export function birthDateFromMrz(yymmdd: string, today: string): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const recent = calendarDate(2000 + yy, yymmdd);
  if (recent !== null && recent <= today) return recent;
  return calendarDate(1900 + yy, yymmdd);
}

/** An expiry date: always 20YY, since every card with an MRZ was issued after 2013 (reference §3.3). */
export function expiryDateFromMrz(yymmdd: string): string | null {
  return /^\d{6}$/.test(yymmdd) ? calendarDate(2000 + Number(yymmdd.slice(0, 2)), yymmdd) : null;
}

export function assertIsoDay(today: string): void {
  if (typeof today !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(today) || calendarDate(Number(today.slice(0, 4)), today.slice(2).replace(/-/g, '')) !== today) {
    throw new TypeError(`options.today must be a YYYY-MM-DD calendar date, got ${String(today)}`);
  }
}
