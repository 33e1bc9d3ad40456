/**
 * The citizen's contact data, checked by the service (the renderer's checks
 * are only a convenience): the shapes live in common/contact.ts, which the
 * contract uses too; here is how each is shown masked on screen.
 */
export { normalizeChileanMobile, normalizeEmail } from '../../../common/contact.ts';

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
