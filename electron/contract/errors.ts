import { z } from 'zod';

/**
 * Stable error codes that cross the contract. The renderer maps `messageKey`
 * to translated text; `code` is for logs, tests and technicians. Other issues
 * add codes here (one place, so the i18n check can cover every message key).
 */
export const ERROR_CATALOGUE = {
  'contract.invalid_payload': { messageKey: 'errors.invalidRequest', retryable: false },
  'contract.unknown_command': { messageKey: 'errors.invalidRequest', retryable: false },
  'contract.invalid_response': { messageKey: 'errors.internal', retryable: true },
  'transport.timeout': { messageKey: 'errors.serviceUnavailable', retryable: true },
  'transport.closed': { messageKey: 'errors.serviceUnavailable', retryable: true },
  'service.unavailable': { messageKey: 'errors.serviceUnavailable', retryable: true },
  'service.internal': { messageKey: 'errors.internal', retryable: true },
  'session.already_active': { messageKey: 'errors.sessionAlreadyActive', retryable: false },
  'session.not_active': { messageKey: 'errors.sessionNotActive', retryable: false },
  'session.event_not_allowed': { messageKey: 'errors.invalidRequest', retryable: false },
  'session.language_not_offered': { messageKey: 'errors.invalidRequest', retryable: false },
  /** A step that waits on a device or on central is still working. */
  'session.busy': { messageKey: 'errors.sessionBusy', retryable: true },
  /** Guard: codes and activations need a verified identity in this session. */
  'session.verification_required': { messageKey: 'errors.invalidRequest', retryable: false },
  'session.email_invalid': { messageKey: 'errors.emailInvalid', retryable: true },
  'session.email_mismatch': { messageKey: 'errors.emailMismatch', retryable: true },
  'session.phone_invalid': { messageKey: 'errors.phoneInvalid', retryable: true },
  /** A typed RUN the service does not accept (the keypad checks it first; this is the service's own check). */
  'session.run_invalid': { messageKey: 'errors.runInvalid', retryable: true },
  /** Central refused the typed password (the snapshot lists the broken rules). */
  'session.password_rejected': { messageKey: 'errors.passwordRejected', retryable: true },
  /** A deferred enrollment cannot take a typed password: it would sit on the kiosk's disk. */
  'session.password_typed_offline': { messageKey: 'errors.passwordTypedOffline', retryable: true },
  /** The finger did not match; the snapshot says how many attempts are left. */
  'session.no_match': { messageKey: 'errors.fingerNoMatch', retryable: true },
  /** The registry has no template for this finger: the snapshot names the one to use. */
  'session.finger_not_enrolled': { messageKey: 'errors.fingerNotEnrolled', retryable: true },
  'session.finger_low_quality': { messageKey: 'errors.fingerLowQuality', retryable: true },
  // The kiosk's own look at the fingerprint image (or central's, image_unusable): what the citizen can do about it.
  'session.finger_no_finger': { messageKey: 'errors.fingerNoFinger', retryable: true },
  'session.finger_not_a_finger': { messageKey: 'errors.fingerNotAFinger', retryable: true },
  'session.finger_too_light': { messageKey: 'errors.fingerTooLight', retryable: true },
  'session.finger_too_wet': { messageKey: 'errors.fingerTooWet', retryable: true },
  'session.finger_too_dry': { messageKey: 'errors.fingerTooDry', retryable: true },
  'session.finger_smudged': { messageKey: 'errors.fingerSmudged', retryable: true },
  'session.finger_off_centre': { messageKey: 'errors.fingerOffCentre', retryable: true },
  'session.finger_too_small': { messageKey: 'errors.fingerTooSmall', retryable: true },
  /** The kiosk's disk or outbox is full; no new enrollments until a technician clears it. */
  'session.storage_full': { messageKey: 'errors.storageFull', retryable: false },
  /** The card or fingerprint reader is unplugged or failed: no session starts until it works again. */
  'session.out_of_service': { messageKey: 'errors.outOfService', retryable: false },
  /** Civil Digital while central is known to be unreachable: a session could not end with a code, so none starts. */
  'session.no_codes_now': { messageKey: 'errors.noCodesNow', retryable: true },
  'central.unavailable': { messageKey: 'errors.centralUnavailable', retryable: true },
  // Spoken guidance: technicians see which part is missing; the citizen sees one message.
  /** No speech synthesiser (espeak-ng) on this kiosk. */
  'speech.unavailable': { messageKey: 'errors.speechUnavailable', retryable: false },
  /** A synthesiser but no sound device or player program to play it on. */
  'speech.no_audio_output': { messageKey: 'errors.speechUnavailable', retryable: false },
  /** No voice installed for the language of the text. */
  'speech.voice_missing': { messageKey: 'errors.speechVoiceMissing', retryable: false },
  /** The synthesiser failed or did not start in time on this utterance. */
  'speech.failed': { messageKey: 'errors.speechUnavailable', retryable: true },
  'dev.unavailable': { messageKey: 'errors.invalidRequest', retryable: false },
  'dev.unknown_citizen': { messageKey: 'errors.invalidRequest', retryable: false },
  'dev.device_not_simulated': { messageKey: 'errors.invalidRequest', retryable: false },
  /** dev.centralOutage on a kiosk without a central API configured: there is nothing to take offline. */
  'dev.central_not_configured': { messageKey: 'errors.invalidRequest', retryable: false },
  // Reading the cédula (drivers/card-reader reports the same codes and keys).
  'card.unreadable': { messageKey: 'errors.cardUnreadable', retryable: true },
  'card.check_digit': { messageKey: 'errors.cardCheckDigit', retryable: true },
  'card.invalid_run': { messageKey: 'errors.cardInvalidRun', retryable: true },
  'card.not_chilean_id': { messageKey: 'errors.cardNotChileanId', retryable: false },
  'card.expired': { messageKey: 'errors.cardExpired', retryable: false },
  'card.mismatch': { messageKey: 'errors.cardMismatch', retryable: true },
  // Printing the receipt (drivers/printer reports the same codes and keys).
  'printer.paper_out': { messageKey: 'errors.printerPaperOut', retryable: false },
  'printer.cover_open': { messageKey: 'errors.printerCoverOpen', retryable: false },
  'printer.offline': { messageKey: 'errors.printerOffline', retryable: true },
  'printer.disconnected': { messageKey: 'errors.printerDisconnected', retryable: true },
  'printer.unavailable': { messageKey: 'errors.printerUnavailable', retryable: true },
  'printer.timeout': { messageKey: 'errors.printerTimeout', retryable: true },
  'printer.bad_status': { messageKey: 'errors.printerNotResponding', retryable: true },
  'printer.invalid_receipt': { messageKey: 'errors.printerInvalidReceipt', retryable: false },
  // Technician mode (technician.ts). The status (technician.status) carries attempts left and the lockout's end.
  /** A citizen's session is running: technician mode waits until it ends. */
  'technician.session_active': { messageKey: 'errors.technicianSessionActive', retryable: true },
  /** The command needs an open technician session (never opened, left, or closed after inactivity). */
  'technician.not_active': { messageKey: 'errors.technicianNotActive', retryable: false },
  /** Technician mode is open: no citizen session starts until it ends. */
  'technician.mode_active': { messageKey: 'errors.technicianModeActive', retryable: true },
  'technician.pin_wrong': { messageKey: 'errors.technicianPinWrong', retryable: true },
  /** Too many wrong PINs; technician mode is locked for a while. */
  'technician.locked': { messageKey: 'errors.technicianLocked', retryable: false },
  /** No PIN yet: technician mode stays closed until `kioskctl technician set-pin` provisions one. */
  'technician.pin_not_set': { messageKey: 'errors.technicianPinNotSet', retryable: false },
  'technician.pin_format': { messageKey: 'errors.technicianPinFormat', retryable: true },
  /** All one digit, or a run such as 123456: the first guesses anyone would try. */
  'technician.pin_weak': { messageKey: 'errors.technicianPinWeak', retryable: true },
  'technician.pin_mismatch': { messageKey: 'errors.technicianPinMismatch', retryable: true },
  /** Another device test or change is still running. */
  'technician.busy': { messageKey: 'errors.technicianBusy', retryable: true },
  /** IPC from a frame other than the kiosk page's top frame (Electron security checklist: validate senders). */
  'ipc.untrusted_sender': { messageKey: 'errors.invalidRequest', retryable: false },
} as const satisfies Record<string, { messageKey: string; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]];

export const KioskErrorSchema = z
  .object({
    code: z.enum(ERROR_CODES),
    messageKey: z.string().min(1).max(100),
    retryable: z.boolean(),
  })
  .strict();
export type KioskError = z.infer<typeof KioskErrorSchema>;

export function kioskError(code: ErrorCode): KioskError {
  const { messageKey, retryable } = ERROR_CATALOGUE[code];
  return { code, messageKey, retryable };
}

/**
 * Every command answers with a Result rather than a rejected promise: thrown
 * errors lose their fields when structured-cloned across contextBridge or
 * serialised over a WebSocket (the Signal Desktop pattern).
 */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KioskError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode): Result<T> {
  return { ok: false, error: kioskError(code) };
}

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }).strict(), z.object({ ok: z.literal(false), error: KioskErrorSchema }).strict()]);
}
