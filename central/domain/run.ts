/**
 * The RUN (Rol Único Nacional): a number and a módulo-11 check digit
 * (hardware-protocols.md §3.4). Restated here rather than imported from
 * synthetic/, which is never on a production path; the tests compare the two.
 */
import { createHmac } from 'node:crypto';

export interface Run {
  readonly number: number;
  readonly checkDigit: string;
  /** `15234871-1`: how the database and the audit rows hold it. */
  readonly canonical: string;
}

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

/**
 * Accepts `15.234.871-1`, `15234871-1`, `152348711` and `15234871 1` (any
 * case of k); undefined for anything else, including a wrong check digit.
 */
export function parseRun(text: string): Run | undefined {
  if (text.length > 20) return undefined;
  const m = /^0*([1-9]\d{0,7})([0-9K])$/.exec(text.replace(/[.\s-]/g, '').toUpperCase());
  if (!m) return undefined;
  const number = Number(m[1]);
  const checkDigit = m[2]!;
  if (runCheckDigit(number) !== checkDigit) return undefined;
  return { number, checkDigit, canonical: `${number}-${checkDigit}` };
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
