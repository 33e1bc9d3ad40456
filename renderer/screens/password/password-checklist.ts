import type { PASSWORD_RULES } from '../../../electron/contract/session.ts';

export type PasswordRule = (typeof PASSWORD_RULES)[number];

/**
 * The central's length bounds (central/domain/password-rules.ts: NIST SP
 * 800-63B, 8 with a second factor, at most 128), mirrored here because the
 * renderer may not import the central and the contract does not carry them.
 * Only the length rules can be checked while typing; the blocklist, the RUN
 * and the names need data the renderer must not hold, so those are shown as
 * guidance and confirmed by the service (`passwordFailedRules`).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type RuleState =
  /** Checked here and satisfied. */
  | 'met'
  /** Checked here and not (yet) satisfied. */
  | 'unmet'
  /** Checked by the service when the password is sent. */
  | 'guidance'
  /** The service refused the last password for this rule. */
  | 'rejected';

export interface ChecklistItem {
  readonly rule: PasswordRule;
  readonly state: RuleState;
}

/** The order the central lists its rules in. */
const CHECKLIST_ORDER: readonly PasswordRule[] = ['min_length', 'max_length', 'not_common', 'no_run', 'no_names'];

/** Length as the central counts it: NFKC-normalised, in code points (so ñ is one character however it was typed). */
export function passwordLength(password: string): number {
  return [...password.normalize('NFKC')].length;
}

export function passwordChecklist(password: string, failedRules: readonly PasswordRule[] | null): readonly ChecklistItem[] {
  const length = passwordLength(password);
  const refused = new Set(failedRules ?? []);
  return CHECKLIST_ORDER.map((rule): ChecklistItem => {
    switch (rule) {
      case 'min_length':
        return { rule, state: length >= PASSWORD_MIN_LENGTH ? 'met' : 'unmet' };
      case 'max_length':
        return { rule, state: length <= PASSWORD_MAX_LENGTH ? 'met' : 'unmet' };
      default:
        return { rule, state: refused.has(rule) ? 'rejected' : 'guidance' };
    }
  });
}

/** The password may be sent once every rule checkable here is met; the service checks the rest. */
export function passwordSendable(password: string): boolean {
  const length = passwordLength(password);
  return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH;
}

export type PasswordStrength = 'empty' | 'tooShort' | 'weak' | 'fair' | 'good' | 'strong';

/** In display order, for a meter. */
export const STRENGTH_LEVELS: readonly PasswordStrength[] = ['tooShort', 'weak', 'fair', 'good', 'strong'];

/**
 * A rough strength estimate for the meter NIST SP 800-63B §3.1.1.2 suggests
 * offering. Not a rule: it never blocks a password (no composition rules);
 * it rewards length and variety and discounts repeated and sequential
 * characters (aaaa, 1234, abcd) that add almost nothing.
 */
export function passwordStrength(password: string): PasswordStrength {
  const chars = [...password.normalize('NFKC')];
  if (chars.length === 0) return 'empty';
  if (chars.length < PASSWORD_MIN_LENGTH) return 'tooShort';
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  if (chars.some((c) => /[ -/:-@[-`{-~]/.test(c))) pool += 33;
  // ñ, accented vowels and anything else beyond ASCII.
  if (chars.some((c) => c.codePointAt(0)! > 0x7e)) pool += 32;
  let effective = 1;
  for (let i = 1; i < chars.length; i++) {
    const step = chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!;
    effective += step === 0 || step === 1 || step === -1 ? 0.25 : 1;
  }
  const distinct = new Set(chars.map((c) => c.toLowerCase())).size;
  const bits = effective * Math.log2(Math.max(pool, 2));
  if (distinct < 4 || bits < 36) return 'weak';
  if (bits < 50) return 'fair';
  if (bits < 64) return 'good';
  return 'strong';
}
