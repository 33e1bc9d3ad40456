/**
 * The common-password list both central and the kiosk check against: the
 * ranked list zxcvbn uses (`@zxcvbn-ts/language-common`, MIT,
 * `dictionary['passwords-common']`), about 49,000 entries, well above the
 * issue's "at least the top 10,000". The package ships it prefix-compressed
 * (about 380 kB of script, 200 kB gzipped); the renderer loads this module
 * with a dynamic `import()`, so it is a chunk of its own, fetched when the
 * password step opens and not with the first screen.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { createBlocklist, type PasswordBlocklist } from './password-rules.ts';

export const COMMON_PASSWORDS_SOURCE = '@zxcvbn-ts/language-common passwords-common';

let common: PasswordBlocklist | null = null;
/** The common-password list, built once. */
export function commonPasswordBlocklist(): PasswordBlocklist {
  common ??= createBlocklist((dictionary as Readonly<Record<string, readonly string[]>>)['passwords-common'] ?? [], COMMON_PASSWORDS_SOURCE);
  return common;
}
