/**
 * The technician PIN: chosen once on the kiosk (first-run provisioning),
 * stored only as an Argon2id hash in the configuration (`technicianPinHash`,
 * a PHC string), never logged, never sent to the renderer.
 *
 * Parameters: OWASP Password Storage Cheat Sheet and ASVS 5.0 appendix C
 * (reliability-security.md §4.2): Argon2id, m = 19 MiB, t = 2, p = 1.
 * @node-rs/argon2 takes about 10–20 ms for that on a kiosk-class CPU (§4.1),
 * and its default algorithm is Argon2id (the hash says so: `$argon2id$`).
 *
 * A 6–12 digit PIN is a small space: the hash only slows an offline guesser
 * down; on the kiosk the lockout (pin-guard.ts) is what stops guessing. The
 * rules below refuse the PINs anyone tries first.
 */
import { hash, verify } from '@node-rs/argon2';
import { TECHNICIAN_PIN_MAX_DIGITS, TECHNICIAN_PIN_MIN_DIGITS } from '../../contract/index.ts';

/** OWASP's first equivalent choice: 19 MiB, 2 iterations, 1 lane. */
export const PIN_HASH_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export type PinProblem = 'technician.pin_format' | 'technician.pin_weak';

/** Why a chosen PIN is refused, or null when it is acceptable. */
export function pinProblem(pin: string): PinProblem | null {
  if (!new RegExp(`^\\d{${TECHNICIAN_PIN_MIN_DIGITS},${TECHNICIAN_PIN_MAX_DIGITS}}$`).test(pin)) return 'technician.pin_format';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  // One digit repeated (step 0), or a run up or down such as 123456 or 987654 (steps of 1 or 9, wrapping 9→0).
  if (steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9))) return 'technician.pin_weak';
  return null;
}

export function hashPin(pin: string): Promise<string> {
  return hash(pin, PIN_HASH_PARAMETERS);
}

/** False for a wrong PIN and for a hash that cannot be read (never throws: a broken hash must not open the kiosk). */
export async function verifyPin(pinHash: string, pin: string): Promise<boolean> {
  try {
    return await verify(pinHash, pin);
  } catch {
    return false;
  }
}
