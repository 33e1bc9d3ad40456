/**
 * The citizen's contact data, checked by the service (the renderer's checks
 * are only a convenience): an e-mail address central will accept, a Chilean
 * mobile, and how each is shown masked on screen.
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

/** `valentina.rojas@correo.cl` → `v***@correo.cl`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+56912345678` → `+56 9 **** **78`. */
export function maskPhone(phone: string): string {
  return `+56 9 **** **${phone.slice(-2)}`;
}
