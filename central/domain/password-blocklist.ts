/**
 * The blocklist half of the NIST SP 800-63B password rules
 * (reliability-security.md §4.3: "breached corpora, dictionary words,
 * repetitive or sequential strings, context-specific words").
 *
 * Three parts:
 *  1. a list of common passwords, loaded from a file or a package (one per
 *     line); see COMMON_PASSWORDS_SOURCE for what ships today;
 *  2. repetitive and sequential strings, recognised by rule, not listed;
 *  3. context-specific words: the names of the service and its operators.
 * The person's own RUN and names are checked by password-rules.ts.
 */
import { readFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordBlocklist {
  /** `candidate` is NFKC-normalised and lower-cased. */
  has(candidate: string): boolean;
  readonly size: number;
  /** Where the list came from, for the policy document and the report. */
  readonly source: string;
}

/**
 * The ranked common-password list zxcvbn uses (`@zxcvbn-ts/language-common`,
 * MIT, `dictionary['passwords-common']`): tens of thousands of entries, well
 * above the "at least the top 10,000".
 */
export const COMMON_PASSWORDS_SOURCE = '@zxcvbn-ts/language-common passwords-common';

export function createBlocklist(words: Iterable<string>, source: string): PasswordBlocklist {
  const set = new Set<string>();
  for (const word of words) {
    const w = word.normalize('NFKC').toLowerCase().trim();
    if (w && !w.startsWith('#')) set.add(w);
  }
  return { has: (candidate) => set.has(candidate), size: set.size, source };
}

export function loadBlocklistFile(path: string): PasswordBlocklist {
  return createBlocklist(readFileSync(path, 'utf8').split(/\r?\n/), path);
}

export const EMPTY_BLOCKLIST: PasswordBlocklist = createBlocklist([], 'none');

let common: PasswordBlocklist | null = null;
/** The common-password list, built once (about 49,000 entries). */
export function commonPasswordBlocklist(): PasswordBlocklist {
  common ??= createBlocklist((dictionary as Readonly<Record<string, readonly string[]>>)['passwords-common'] ?? [], COMMON_PASSWORDS_SOURCE);
  return common;
}

/** Service and operator names, accents removed (NIST: "context-specific words, such as the name of the service"). */
export const CONTEXT_WORDS: readonly string[] = ['claveunica', 'chileatiende', 'registrocivil', 'gobdigital'];

const KEYBOARD_ROWS: readonly string[] = ['1234567890', 'qwertyuiop', 'asdfghjklñ', 'zxcvbnm', 'qazwsxedcrfvtgbyhnujmikolp'];

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** The whole password repeats one short unit: `aaaaaaaa`, `abababab`, `12341234`. */
function isRepetitive(p: string): boolean {
  const chars = [...p];
  for (let unit = 1; unit <= 4 && unit * 2 <= chars.length; unit++) {
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** The whole password runs up or down by one code point (`abcdefgh`, `98765432`) or along a keyboard row. */
function isSequential(p: string): boolean {
  const codes = [...p].map((c) => c.codePointAt(0)!);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1]! === step)) return true;
  const reversed = [...p].reverse().join('');
  return KEYBOARD_ROWS.some((row) => row.includes(p) || row.includes(reversed));
}

/** True when the NFKC, lower-cased password is on the list, repetitive, sequential, or carries a context word. */
export function isBlockedPassword(normalizedLower: string, blocklist: PasswordBlocklist): boolean {
  if (blocklist.has(normalizedLower)) return true;
  if (isRepetitive(normalizedLower) || isSequential(normalizedLower)) return true;
  const letters = stripAccents(normalizedLower).replace(/[^a-z0-9]/g, '');
  return CONTEXT_WORDS.some((w) => letters.includes(w));
}
