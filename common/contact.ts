/**
 * The shape of a citizen's contact data, shared by the service (which
 * normalizes what was typed) and the contract (which checks the review
 * snapshot carries nothing else): an e-mail address central will accept and
 * a Chilean mobile in E.164.
 */

/** WHATWG's "valid e-mail address" (HTML §4.10.5.1.5), lower-cased; at most 254 octets (RFC 5321 §4.5.3.1.3). */
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) return null;
  const [local] = email.split('@') as [string];
  // RFC 5321 §4.5.3.1.1: the local part is at most 64 octets; dots may not lead, trail or double.
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  return email;
}

/**
 * Chilean mobiles are +56 9 followed by 8 digits (Subtel numbering plan).
 * Accepts what a citizen types on the pad: `9 1234 5678`, `+56912345678`,
 * `56 9 1234 5678`; answers E.164 (`+56912345678`) or null.
 */
export function normalizeChileanMobile(input: string): string | null {
  if (!/^\+?[0-9 ]+$/.test(input.trim())) return null;
  const digits = input.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('56') ? digits.slice(2) : digits;
  return /^9\d{8}$/.test(national) ? `+56${national}` : null;
}

/** `+56912345678` → `+56 9 1234 5678`, grouped as Chileans read a mobile aloud; anything else unchanged. */
export function formatChileanMobile(phone: string): string {
  const match = /^\+56(9)(\d{4})(\d{4})$/.exec(phone);
  return match === null ? phone : `+56 ${match[1]} ${match[2]} ${match[3]}`;
}
