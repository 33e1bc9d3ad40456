/**
 * Central's RUN: the pure RUN module (common/run.ts, the same check the
 * kiosk and its keypad make) plus the canonical form the database holds.
 */
import { createHmac } from 'node:crypto';
import { canonicalRun, parseRun as parseAnyRun, runCheckDigit } from '../../common/run.ts';

export { runCheckDigit };

export interface Run {
  readonly number: number;
  readonly checkDigit: string;
  /** `15234871-1`: how the database and the audit rows hold it. */
  readonly canonical: string;
}

/** The registry's RUNs have at most eight digits. */
const MAX_REGISTRY_RUN = 99_999_999;

/**
 * Accepts `15.234.871-1`, `15234871-1`, `152348711` and `15234871 1` (any
 * case of k); undefined for anything else, including a wrong check digit.
 */
export function parseRun(text: string): Run | undefined {
  const run = parseAnyRun(text);
  if (run === null || run.number > MAX_REGISTRY_RUN) return undefined;
  return { number: run.number, checkDigit: run.checkDigit, canonical: canonicalRun(run) };
}

/**
 * A pseudonym for log lines: the first 10 hex digits of an HMAC of the RUN
 * under the server secret. Lines about the same person can be correlated; the
 * RUN cannot be read back, nor found by hashing candidate RUNs without the
 * secret (ARCHITECTURE.md: logs carry no RUN).
 */
export function runRef(secret: Uint8Array, run: Run | string): string {
  const canonical = typeof run === 'string' ? run : run.canonical;
  return createHmac('sha256', secret).update('run-ref\0').update(canonical).digest('hex').slice(0, 10);
}
