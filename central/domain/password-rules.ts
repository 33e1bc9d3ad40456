/**
 * Central's password check: the shared rules (common/password-rules.ts, the
 * one copy the kiosk's live checklist uses too) applied to a registry record.
 */
import { checkPassword as checkShared, type PasswordBlocklist, type PasswordCheck, type PasswordPolicy, passwordOwner } from '../../common/password-rules.ts';
import type { Run } from './run.ts';

export {
  normalizePassword,
  PASSWORD_POLICY,
  passwordPolicy,
  type PasswordCheck,
  type PasswordPolicy,
  type PasswordRule,
  type PasswordRuleId,
} from '../../common/password-rules.ts';

export interface PasswordOwner {
  readonly run: Run;
  readonly givenNames: readonly string[];
  readonly surnames: readonly string[];
}

export function checkPassword(password: string, owner: PasswordOwner, blocklist: PasswordBlocklist, policy?: PasswordPolicy): PasswordCheck {
  return checkShared(password, passwordOwner(owner.run.number, [...owner.givenNames, ...owner.surnames], policy), blocklist, policy);
}
