/**
 * Technician PIN rules shared by the service, kioskctl and the PIN pad. Kept
 * free of zod (like languages.ts) so the renderer can import them without
 * bundling a schema library.
 */
/** 6–12 digits, chosen with `kioskctl technician set-pin` or changed in technician mode. */
export const TECHNICIAN_PIN_MIN_DIGITS = 6;
export const TECHNICIAN_PIN_MAX_DIGITS = 12;
/** Wrong PINs in a row before technician mode locks. */
export const TECHNICIAN_MAX_PIN_ATTEMPTS = 5;

export type TechnicianPinProblem = 'technician.pin_format' | 'technician.pin_weak';

/**
 * Why a PIN is refused as a new PIN, or null when it is acceptable. A 6–12
 * digit PIN is a small space (the lockout is what stops guessing on the
 * kiosk), so the rule refuses the PINs anyone tries first: one digit
 * repeated (000000), a run up or down (123456, 987654, wrapping 9→0 as in
 * 890123), and a short block repeated (121212, 123123, 48014801). The
 * screens and kioskctl check it at the first entry, before the PIN is typed
 * a second time; the service checks it again before storing anything.
 */
export function technicianPinProblem(pin: string): TechnicianPinProblem | null {
  if (!new RegExp(`^\\d{${TECHNICIAN_PIN_MIN_DIGITS},${TECHNICIAN_PIN_MAX_DIGITS}}$`).test(pin)) return 'technician.pin_format';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  if (steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9))) return 'technician.pin_weak';
  for (let block = 1; block <= pin.length / 2; block++) {
    if (pin.length % block === 0 && pin.slice(0, block).repeat(pin.length / block) === pin) return 'technician.pin_weak';
  }
  return null;
}
