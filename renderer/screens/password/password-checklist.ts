import {
  checkPassword,
  EMPTY_BLOCKLIST,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE_IDS,
  type PasswordBlocklist,
  type PasswordOwner,
} from '../../../common/password-rules.ts';
import type { PASSWORD_RULES } from '../../../electron/contract/session.ts';

export type PasswordRule = (typeof PASSWORD_RULES)[number];

/**
 * The rules are central's own (common/password-rules.ts, one copy for both):
 * the kiosk checks every one of them as the citizen types. The RUN and names
 * rules use what the card said (the snapshot's `passwordOwner`, present on
 * this step only), the common-password list is loaded with the step
 * (use-common-passwords.ts). Central checks again against its registry and
 * may still refuse (`passwordFailedRules`), for instance when the card's
 * MRZ cut a long name short.
 */
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

export type RuleState =
  /** Satisfied by what is typed now. */
  | 'met'
  /** Broken by what is typed now. */
  | 'unmet'
  /** Not checkable here yet (the common-password list is still loading, or the step has no owner): central checks it. */
  | 'guidance'
  /** Central refused the last password for this rule (shown until the citizen types another one). */
  | 'rejected';

export interface ChecklistItem {
  readonly rule: PasswordRule;
  readonly state: RuleState;
}

/** What the kiosk knows to check a password with: null parts are not known (yet). */
export interface PasswordKnowledge {
  readonly owner: PasswordOwner | null;
  readonly blocklist: PasswordBlocklist | null;
}

/** Length as the central counts it: NFKC-normalised, in code points (so ñ is one character however it was typed). */
export function passwordLength(password: string): number {
  return [...password.normalize('NFKC')].length;
}

const NOBODY: PasswordOwner = { runNumber: '', nameParts: [] };

export function passwordChecklist(password: string, known: PasswordKnowledge, failedRules: readonly PasswordRule[] | null): readonly ChecklistItem[] {
  const refused = new Set(failedRules ?? []);
  // Just refused: the field is empty again, and the list says which rules the last password broke.
  if (password === '' && refused.size > 0) return PASSWORD_RULE_IDS.map((rule) => ({ rule, state: refused.has(rule) ? 'rejected' : 'guidance' }));
  const check = checkPassword(password, known.owner ?? NOBODY, known.blocklist ?? EMPTY_BLOCKLIST);
  return check.results.map(({ id: rule, passed }): ChecklistItem => {
    if (!passed) return { rule, state: 'unmet' };
    // Passed only because part of what the rule needs is not known here.
    if ((rule === 'no_run' || rule === 'no_names') && known.owner === null) return { rule, state: 'guidance' };
    if (rule === 'not_common' && known.blocklist === null) return { rule, state: 'guidance' };
    return { rule, state: 'met' };
  });
}

/** The rules the typed password breaks now, in policy order. */
export function brokenRules(items: readonly ChecklistItem[]): readonly PasswordRule[] {
  return items.filter((item) => item.state === 'unmet').map((item) => item.rule);
}

export type RepeatState = 'empty' | 'matches' | 'differs';

/** The second field must be the same text (compared as central will store it: NFKC). */
export function repeatState(password: string, repeat: string): RepeatState {
  if (repeat === '') return 'empty';
  return password.normalize('NFKC') === repeat.normalize('NFKC') ? 'matches' : 'differs';
}

/** The password may be sent when no rule is broken (central checks what the kiosk could not) and it was typed the same twice. */
export function passwordSendable(items: readonly ChecklistItem[], repeat: RepeatState): boolean {
  return repeat === 'matches' && items.every((item) => item.state === 'met' || item.state === 'guidance');
}

export type PasswordStrength = 'empty' | 'tooShort' | 'weak' | 'fair' | 'good' | 'strong';

/** In display order, for a meter. */
export const STRENGTH_LEVELS: readonly PasswordStrength[] = ['tooShort', 'weak', 'fair', 'good', 'strong'];

/**
 * The strength meter NIST SP 800-63B §3.1.1.2 suggests offering, consistent
 * with the rules: a password that breaks any of them is at best "weak",
 * however long and varied (a common password or one holding the citizen's
 * name is not strong); one whose rules could not all be checked here is at
 * best "fair". Among valid passwords it rewards length and variety and
 * discounts repeated and sequential characters (aaaa, 1234, abcd). Not a
 * rule itself: it never blocks a password (no composition rules).
 */
export function passwordStrength(password: string, items: readonly ChecklistItem[]): PasswordStrength {
  const chars = [...password.normalize('NFKC')];
  if (chars.length === 0) return 'empty';
  if (chars.length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (items.some((item) => item.state === 'unmet' || item.state === 'rejected')) return 'weak';
  const estimate = estimateStrength(chars);
  return items.some((item) => item.state === 'guidance') && (estimate === 'good' || estimate === 'strong') ? 'fair' : estimate;
}

function estimateStrength(chars: readonly string[]): 'weak' | 'fair' | 'good' | 'strong' {
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
