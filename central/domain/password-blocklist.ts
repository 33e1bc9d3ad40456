/**
 * The blocklist half of the password rules, central's side. The rules and
 * the common-password list are shared with the kiosk (common/password-rules.ts,
 * common/common-passwords.ts: one copy, so the kiosk's live checklist and
 * central's refusal agree); what only central does is load a list from a file.
 */
import { readFileSync } from 'node:fs';
import { createBlocklist, type PasswordBlocklist } from '../../common/password-rules.ts';

export { COMMON_PASSWORDS_SOURCE, commonPasswordBlocklist } from '../../common/common-passwords.ts';
export { CONTEXT_WORDS, createBlocklist, EMPTY_BLOCKLIST, isBlockedPassword, type PasswordBlocklist, stripAccents } from '../../common/password-rules.ts';

export function loadBlocklistFile(path: string): PasswordBlocklist {
  return createBlocklist(readFileSync(path, 'utf8').split(/\r?\n/), path);
}
