/**
 * The password rules, one copy for central (which decides) and the kiosk
 * (which checks them live as the citizen types): NIST SP 800-63B
 * (reliability-security.md §4.3), as data for the checklist and one pure check.
 *
 * - Minimum 8: ClaveÚnica has had an e-mail second factor since Sept 2025
 *   (enrollment-anchors.md [CL-3]), and Rev. 4 §3.1.1.2 sets 8 when the
 *   password is part of multi-factor authentication (15 when it is the only
 *   factor); 8 is also the ASVS floor. Raise `minLength` if the second factor
 *   goes away.
 * - Maximum 128 (NIST: allow at least 64).
 * - No composition rules (Rev. 4: SHALL NOT); no hints; paste allowed.
 * - Blocklist: common passwords (common-passwords.ts), repetitive or
 *   sequential strings, the service's name, the person's RUN in any of its
 *   written forms, and the person's given names and surnames (case- and
 *   accent-insensitive).
 * Text is NFKC-normalised first (Rev. 4 §3.1.1.2) and length counts code
 * points, so `ñ` typed either way is one character and is hashed the same.
 */

export const PASSWORD_RULE_IDS = ['min_length', 'max_length', 'not_common', 'no_run', 'no_names'] as const;
export type PasswordRuleId = (typeof PASSWORD_RULE_IDS)[number];

export interface PasswordRule {
  readonly id: PasswordRuleId;
  /** The length bound, for the two length rules. */
  readonly value?: number;
  /** English; the kiosk shows its own translated text keyed by `id`. */
  readonly description: string;
}

export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  readonly normalization: 'NFKC';
  /** Name parts shorter than this are not checked: they would forbid common syllables, not names. */
  readonly minNamePartLength: number;
  readonly rules: readonly PasswordRule[];
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const MIN_NAME_PART_LENGTH = 3;

export function passwordPolicy(minLength = PASSWORD_MIN_LENGTH, maxLength = PASSWORD_MAX_LENGTH): PasswordPolicy {
  return {
    minLength,
    maxLength,
    normalization: 'NFKC',
    minNamePartLength: MIN_NAME_PART_LENGTH,
    rules: [
      { id: 'min_length', value: minLength, description: `At least ${minLength} characters` },
      { id: 'max_length', value: maxLength, description: `At most ${maxLength} characters` },
      { id: 'not_common', description: 'Not a common password, a repeated or sequential string, or the name of the service' },
      { id: 'no_run', description: 'Does not contain your RUN, with or without dots and hyphen' },
      { id: 'no_names', description: 'Does not contain your given names or surnames' },
    ],
  };
}

export const PASSWORD_POLICY: PasswordPolicy = passwordPolicy();

/**
 * What the RUN and names rules need to know of the person, and no more: the
 * RUN's number without its check digit, and the folded (lower-case,
 * accent-free) parts of the names long enough to be checked. Central builds
 * it from its registry, the kiosk from the card (`passwordOwner`).
 */
export interface PasswordOwner {
  /** Decimal digits, no dots, no check digit: `15234871`. */
  readonly runNumber: string;
  readonly nameParts: readonly string[];
}

export interface PasswordBlocklist {
  /** `candidate` is NFKC-normalised and lower-cased. */
  has(candidate: string): boolean;
  readonly size: number;
  /** Where the list came from, for the policy document and the report. */
  readonly source: string;
}

export interface PasswordCheck {
  readonly ok: boolean;
  /** Every rule, in policy order, with whether it passed: the kiosk's checklist. */
  readonly results: readonly { readonly id: PasswordRuleId; readonly passed: boolean }[];
  readonly failed: readonly PasswordRuleId[];
}

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

export const normalizePassword = (password: string): string => password.normalize('NFKC');

const foldName = (text: string): string => stripAccents(text.normalize('NFKC')).toLowerCase();

/** The owner from a RUN number and the person's names as written (any case, accents, several words each). */
export function passwordOwner(runNumber: number | string, names: readonly string[], policy: PasswordPolicy = PASSWORD_POLICY): PasswordOwner {
  const parts = names.flatMap((name) => foldName(name).split(/[\s'’-]+/)).filter((part) => [...part].length >= policy.minNamePartLength);
  return { runNumber: String(runNumber).replace(/\D/g, ''), nameParts: [...new Set(parts)] };
}

export function createBlocklist(words: Iterable<string>, source: string): PasswordBlocklist {
  const set = new Set<string>();
  for (const word of words) {
    const w = word.normalize('NFKC').toLowerCase().trim();
    if (w && !w.startsWith('#')) set.add(w);
  }
  return { has: (candidate) => set.has(candidate), size: set.size, source };
}

export const EMPTY_BLOCKLIST: PasswordBlocklist = createBlocklist([], 'none');

/** Service and operator names, accents removed (NIST: "context-specific words, such as the name of the service"). */
export const CONTEXT_WORDS: readonly string[] = ['claveunica', 'chileatiende', 'registrocivil', 'gobdigital'];

const KEYBOARD_ROWS: readonly string[] = ['1234567890', 'qwertyuiop', 'asdfghjklñ', 'zxcvbnm', 'qazwsxedcrfvtgbyhnujmikolp'];

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

export function checkPassword(password: string, owner: PasswordOwner, blocklist: PasswordBlocklist, policy: PasswordPolicy = PASSWORD_POLICY): PasswordCheck {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const lower = normalized.toLowerCase();
  const folded = foldName(normalized);
  // Dots, hyphens and spaces removed: catches 15.234.871-1, 15234871-1, 152348711 and 15234871.
  const digitsOnly = normalized.replace(/[.\s\u2010-\u2015-]/g, '');
  const passed: Record<PasswordRuleId, boolean> = {
    min_length: length >= policy.minLength,
    max_length: length <= policy.maxLength,
    not_common: !isBlockedPassword(lower, blocklist),
    no_run: owner.runNumber === '' || !digitsOnly.includes(owner.runNumber),
    no_names: !owner.nameParts.some((part) => folded.includes(part)),
  };
  const results = policy.rules.map((r) => ({ id: r.id, passed: passed[r.id] }));
  const failed = results.filter((r) => !r.passed).map((r) => r.id);
  return { ok: failed.length === 0, results, failed };
}
