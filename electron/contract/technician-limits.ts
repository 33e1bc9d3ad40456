/**
 * Technician PIN rules shared by the service and the PIN pad. Kept free of
 * zod (like languages.ts) so the renderer can import them without bundling
 * a schema library.
 */
/** 6–12 digits (first-run provisioning asks for it twice). */
export const TECHNICIAN_PIN_MIN_DIGITS = 6;
export const TECHNICIAN_PIN_MAX_DIGITS = 12;
/** Wrong PINs in a row before technician mode locks. */
export const TECHNICIAN_MAX_PIN_ATTEMPTS = 5;
