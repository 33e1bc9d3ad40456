/**
 * The technician PIN: provisioned with `kioskctl technician set-pin` (never
 * claimed from the touch screen), changed there or in technician mode,
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
 * rules (technicianPinProblem, in the contract so the PIN pad applies them
 * too) refuse the PINs anyone tries first.
 */
import { hash, verify } from '@node-rs/argon2';

/** OWASP's first equivalent choice: 19 MiB, 2 iterations, 1 lane. */
export const PIN_HASH_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

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
