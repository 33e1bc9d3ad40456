/**
 * Password rules after NIST SP 800-63B (reliability-security.md §4.3), as
 * data the kiosk can show as the same checklist, and one pure check.
 *
 * - Minimum 8: ClaveÚnica has had an e-mail second factor since Sept 2025
 *   (enrollment-anchors.md [CL-3]), and Rev. 4 §3.1.1.2 sets 8 when the
 *   password is part of multi-factor authentication (15 when it is the only
 *   factor); 8 is also the ASVS floor. Raise `minLength` if the second factor
 *   goes away.
 * - Maximum 128 (NIST: allow at least 64).
 * - No composition rules (Rev. 4: SHALL NOT); no hints; paste allowed.
 * - Blocklist: common passwords, repetitive or sequential strings, the
 *   service's name (password-blocklist.ts), the person's RUN in any of its
 *   written forms, and the person's given names and surnames (case- and
 *   accent-insensitive).
 * Text is NFKC-normalised first (Rev. 4 §3.1.1.2) and length counts code
 * points, so `ñ` typed either way is one character and is hashed the same.
 */
import { isBlockedPassword, type PasswordBlocklist, stripAccents } from './password-blocklist.ts';
import type { Run } from './run.ts';

export type PasswordRuleId = 'min_length' | 'max_length' | 'not_common' | 'no_run' | 'no_names';

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

export function passwordPolicy(minLength = 8, maxLength = 128): PasswordPolicy {
  return {
    minLength,
    maxLength,
    normalization: 'NFKC',
    minNamePartLength: 3,
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

export interface PasswordOwner {
  readonly run: Run;
  readonly givenNames: readonly string[];
  readonly surnames: readonly string[];
}

export interface PasswordCheck {
  readonly ok: boolean;
  /** Every rule, in policy order, with whether it passed: the kiosk's checklist. */
  readonly results: readonly { readonly id: PasswordRuleId; readonly passed: boolean }[];
  readonly failed: readonly PasswordRuleId[];
}

export const normalizePassword = (password: string): string => password.normalize('NFKC');

const foldName = (text: string): string => stripAccents(text).toLowerCase();

export function checkPassword(password: string, owner: PasswordOwner, blocklist: PasswordBlocklist, policy: PasswordPolicy = PASSWORD_POLICY): PasswordCheck {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const lower = normalized.toLowerCase();
  const folded = foldName(normalized);
  // Dots, hyphens and spaces removed: catches 15.234.871-1, 15234871-1, 152348711 and 15234871.
  const digitsOnly = normalized.replace(/[.\s\u2010-\u2015-]/g, '');
  const nameParts = [...owner.givenNames, ...owner.surnames]
    .flatMap((name) => foldName(name).split(/[\s'’-]+/))
    .filter((part) => [...part].length >= policy.minNamePartLength);
  const passed: Record<PasswordRuleId, boolean> = {
    min_length: length >= policy.minLength,
    max_length: length <= policy.maxLength,
    not_common: !isBlockedPassword(lower, blocklist),
    no_run: !digitsOnly.includes(String(owner.run.number)),
    no_names: !nameParts.some((part) => folded.includes(part)),
  };
  const results = policy.rules.map((r) => ({ id: r.id, passed: passed[r.id] }));
  const failed = results.filter((r) => !r.passed).map((r) => r.id);
  return { ok: failed.length === 0, results, failed };
}
