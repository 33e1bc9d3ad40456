/**
 * Typed errors of the receipt printer (CONVENTIONS: "errors are values with
 * names"). One table holds every stable code with its citizen-facing message
 * key, so the i18n check and the service can cover them all. Keys follow
 * electron/contract/errors.ts (`errors.camelCase`) so they can join its
 * catalogue unchanged.
 *
 * A failed print is never the end of the citizen's journey: the flow shows the
 * activation code on screen instead (ARCHITECTURE.md, citizen flow). So every
 * error says whether trying again may help (`retryable`) and whether someone
 * must open the kiosk (`needsTechnician`, for the device status screen).
 */
export const PRINTER_ERRORS = {
  /** Roll empty (DLE EOT 4 bits 5–6, or DLE EOT 2 bit 5: printing stopped at paper end). */
  'printer.paper_out': { messageKey: 'errors.printerPaperOut', retryable: false, needsTechnician: true },
  /** Cover open (DLE EOT 2 bit 2): the printer will not print until it is closed. */
  'printer.cover_open': { messageKey: 'errors.printerCoverOpen', retryable: false, needsTechnician: true },
  /** Offline for another reason, or an error latched (DLE EOT 1 bit 3, DLE EOT 2 bit 6). */
  'printer.offline': { messageKey: 'errors.printerOffline', retryable: true, needsTechnician: true },
  /** The transport went away (unplugged, socket reset, device file gone) before or during the job. */
  'printer.disconnected': { messageKey: 'errors.printerDisconnected', retryable: true, needsTechnician: true },
  /** The transport could not be opened at all (wrong path, nothing listening on host:9100). */
  'printer.unavailable': { messageKey: 'errors.printerUnavailable', retryable: true, needsTechnician: true },
  /** No answer (or a late one) to a status request, an open or a write within its deadline. */
  'printer.timeout': { messageKey: 'errors.printerTimeout', retryable: true, needsTechnician: false },
  /** A status answer whose fixed bits are wrong: not an ESC/POS printer, or line noise. */
  'printer.bad_status': { messageKey: 'errors.printerNotResponding', retryable: true, needsTechnician: true },
  /** The receipt data given to the layout is unusable (a programming error upstream, e.g. an unmasked RUN). */
  'printer.invalid_receipt': { messageKey: 'errors.printerInvalidReceipt', retryable: false, needsTechnician: false },
} as const satisfies Record<string, { messageKey: string; retryable: boolean; needsTechnician: boolean }>;

export type PrinterErrorCode = keyof typeof PRINTER_ERRORS;
export type PrinterMessageKey = (typeof PRINTER_ERRORS)[PrinterErrorCode]['messageKey'];

/** Every citizen-facing message key the printer can produce, for the i18n catalogues. */
export const PRINTER_MESSAGE_KEYS = [...new Set(Object.values(PRINTER_ERRORS).map((e) => e.messageKey))] as readonly PrinterMessageKey[];

/** When the error was found: deciding whether to print, while sending, or in the status read after sending. */
export type PrintPhase = 'status' | 'before' | 'sending' | 'after' | 'layout';

export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  readonly messageKey: PrinterMessageKey;
  readonly retryable: boolean;
  readonly needsTechnician: boolean;
  readonly phase: PrintPhase;
  /** For technicians and logs; never carries receipt content (ARCHITECTURE.md, data minimisation). */
  readonly detail: string;
  constructor(code: PrinterErrorCode, phase: PrintPhase, detail: string, options?: { cause?: unknown }) {
    super(`${code} (${phase}): ${detail}`, options);
    this.name = 'PrinterError';
    this.code = code;
    this.phase = phase;
    this.detail = detail;
    ({ messageKey: this.messageKey, retryable: this.retryable, needsTechnician: this.needsTechnician } = PRINTER_ERRORS[code]);
  }
}

export function isPrinterError(value: unknown): value is PrinterError {
  return value instanceof PrinterError;
}
