/**
 * `12.345.678-5` → `12.345.***-5`: the masked RUN of ARCHITECTURE.md
 * (snapshots, receipts, and any line a technician or a log may see). The
 * last group of digits goes, so a lost receipt or a log does not carry a whole
 * RUN. Takes the formatted RUN (formatRun's form, drivers/card-reader/run.ts);
 * anything else becomes `***`, so a malformed value never reaches a log either.
 */
export function maskRun(formatted: string): string {
  return /^\d{1,3}(\.\d{3})*-[0-9K]$/.test(formatted) ? formatted.replace(/\d{1,3}(?=-)/, (digits) => '*'.repeat(digits.length)) : '***';
}
