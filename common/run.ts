/**
 * The RUN (Rol Único Nacional): a number and a módulo-11 check digit
 * (hardware-protocols.md §3.4). One pure module for every process: the card
 * reader's decoders, the kiosk service, the renderer's RUT keypad and central
 * all check a RUN here, so a RUN the kiosk accepts as typed is one central
 * accepts too.
 */

export interface Run {
  readonly number: number;
  /** `0`–`9` or `K`. */
  readonly checkDigit: string;
  /** `15.234.871-1`: as the card prints it and as the kiosk shows and sends it. */
  readonly formatted: string;
}

/** `15234871-1`: how central's database and audit rows hold a RUN. */
export function canonicalRun(run: Run): string {
  return `${run.number}-${run.checkDigit}`;
}

/** Why a text is not a RUN: the renderer has a message for each (`run.error.<code>`). */
export type RunErrorCode = 'empty' | 'malformed' | 'check_digit';

export class RunParseError extends Error {
  readonly code: RunErrorCode;
  constructor(code: RunErrorCode) {
    super(`not a RUN: ${code}`);
    this.name = 'RunParseError';
    this.code = code;
  }
}

export type RunParse = { readonly ok: true; readonly run: Run } | { readonly ok: false; readonly error: RunParseError };

/** The largest RUN number: nine digits (the card reader's bound; current RUNs have at most eight). */
export const MAX_RUN_NUMBER = 999_999_999;
/** A typed or printed RUN longer than this is not one, whatever it holds (bounds the work on garbage). */
const MAX_RUN_TEXT = 20;

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

/** `15.234.871-1`: dots every three digits, hyphen before the check digit. */
export function formatRun(runNumber: number, checkDigit: string): string {
  return `${String(runNumber).replace(/\B(?=(\d{3})+$)/g, '.')}-${checkDigit}`;
}

/** A Run if `checkDigit` is right for `runNumber` (a positive integer up to MAX_RUN_NUMBER), else null. */
export function makeRun(runNumber: number, checkDigit: string): Run | null {
  const digit = checkDigit.toUpperCase();
  if (!Number.isSafeInteger(runNumber) || runNumber < 1 || runNumber > MAX_RUN_NUMBER) return null;
  if (runCheckDigit(runNumber) !== digit) return null;
  return { number: runNumber, checkDigit: digit, formatted: formatRun(runNumber, digit) };
}

/**
 * A RUN typed or printed by a person (`15.234.871-1`, `15234871-1`,
 * `152348711`, `7775735-k`). Normalisation per reference §3.4: drop dots,
 * hyphen and spaces, drop leading zeros, upper-case k; the last character is
 * the check digit. A typed refusal says which of empty, malformed or a wrong
 * check digit it is, so the keypad can say so as the citizen types.
 */
export function readRun(text: unknown): RunParse {
  const read = readRunCode(text);
  return typeof read === 'string' ? { ok: false, error: new RunParseError(read) } : { ok: true, run: read };
}

/** readRun without the reason: null unless the text is a RUN with its right check digit. */
export function parseRun(text: unknown): Run | null {
  const read = readRunCode(text);
  return typeof read === 'string' ? null : read;
}

/** The parse itself; no Error is built, so the card reader's correction loops can call it cheaply. */
function readRunCode(text: unknown): Run | RunErrorCode {
  if (typeof text !== 'string' || text.length > MAX_RUN_TEXT) return 'malformed';
  const compact = text.replace(/[.\s-]/g, '').toUpperCase();
  if (compact === '') return 'empty';
  const m = /^0*([1-9]\d{0,8})([0-9K])$/.exec(compact);
  if (!m) return 'malformed';
  return makeRun(Number(m[1]), m[2]!) ?? 'check_digit';
}

/**
 * What a RUT keypad shows while the citizen types: the digits so far with
 * dots, and the hyphen before the last character once there are two or more
 * (`1523487` → `152.348-7`). Characters other than digits and K are dropped,
 * and K only counts as the last character.
 */
export function formatRunInput(typed: string): string {
  const compact = typed.toUpperCase().replace(/[^0-9K]/g, '');
  const body = compact.slice(0, -1).replace(/K/g, '');
  const last = compact.slice(-1);
  if (body === '') return last;
  return `${body.replace(/\B(?=(\d{3})+$)/g, '.')}-${last}`;
}
