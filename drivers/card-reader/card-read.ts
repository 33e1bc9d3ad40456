/**
 * What a card read produces: a `CardRead` or a `CardReadError`, as a value
 * (the contract's Result shape, electron/contract/errors.ts) so it survives
 * structured cloning and never escapes as an exception.
 */

export type DocumentType = 'CEDULA' | 'CEDULA_EXT';

/** A RUN with its módulo-11 check digit (reference §3.4): common/run.ts, the one RUN module. */
export type { Run } from '../../common/run.ts';
import type { Run } from '../../common/run.ts';

export interface CardRead {
  readonly documentType: DocumentType;
  readonly run: Run;
  /** Card serial ("número de documento"): 9 characters, numeric or alphanumeric series. */
  readonly serial: string;
  /**
   * Space-separated. From the MRZ: ICAO-transliterated and possibly cut at 30
   * characters (`CAMILA FERNAN`); from the QR: in full, with accents. Null
   * when the source carries no names (older QR codes have no `name`).
   */
  readonly surnames: string | null;
  readonly givenNames: string | null;
  /** ISO 8601 calendar dates. */
  readonly birthDate: string;
  readonly expiryDate: string;
  /** `X` is ICAO's "unspecified" (`<` in the MRZ); null when the source does not carry it (QR). */
  readonly sex: 'M' | 'F' | 'X' | null;
  /** ICAO 9303 alpha-3; null for a CEDULA_EXT read from the QR alone, which does not carry it. */
  readonly nationality: string | null;
  readonly source: 'mrz' | 'qr' | 'mrz+qr';
}

/**
 * Stable codes; the renderer maps `messageKey` to text for the citizen. Keys
 * follow electron/contract/errors.ts (`errors.camelCase`) so they can join
 * its catalogue unchanged.
 */
export const CARD_READ_ERRORS = {
  /** Nothing that parses as a cédula MRZ or QR: wrong shape, truncated, stray characters, lines out of order. */
  'card.unreadable': { messageKey: 'errors.cardUnreadable', retryable: true },
  /** An ICAO 7-3-1 check digit does not match its field: a misread, or a forged line. `field` says which. */
  'card.check_digit': { messageKey: 'errors.cardCheckDigit', retryable: true },
  /** The RUN is malformed or fails its módulo-11 check digit. */
  'card.invalid_run': { messageKey: 'errors.cardInvalidRun', retryable: true },
  /** A readable document that is not a Chilean identity card: a passport, another country's ID, another QR. */
  'card.not_chilean_id': { messageKey: 'errors.cardNotChileanId', retryable: false },
  /** The card expired before the injected `today`. */
  'card.expired': { messageKey: 'errors.cardExpired', retryable: false },
  /** MRZ and QR of what should be one card disagree (RUN, serial or dates). */
  'card.mismatch': { messageKey: 'errors.cardMismatch', retryable: true },
} as const satisfies Record<string, { messageKey: string; retryable: boolean }>;

export type CardReadErrorCode = keyof typeof CARD_READ_ERRORS;

/** Every citizen-facing message key this module can produce, for the i18n catalogues. */
export const CARD_READ_MESSAGE_KEYS = [
  'errors.cardUnreadable',
  'errors.cardCheckDigit',
  'errors.cardInvalidRun',
  'errors.cardNotChileanId',
  'errors.cardExpired',
  'errors.cardMismatch',
] as const satisfies ReadonlyArray<(typeof CARD_READ_ERRORS)[CardReadErrorCode]['messageKey']>;

/** The card field an error is about. */
export type CardField =
  | 'structure'
  | 'documentCode'
  | 'issuingState'
  | 'documentNumber'
  | 'birthDate'
  | 'sex'
  | 'expiryDate'
  | 'nationality'
  | 'composite'
  | 'run'
  | 'names'
  | 'url'
  | 'type'
  | 'mrz';

export interface CardReadError {
  readonly code: CardReadErrorCode;
  readonly messageKey: (typeof CARD_READ_ERRORS)[CardReadErrorCode]['messageKey'];
  readonly retryable: boolean;
  readonly field: CardField | null;
  /** For technicians and logs. Never carries the RUN, names or other card content (ARCHITECTURE.md, data minimisation). */
  readonly detail: string;
}

export type CardParseResult = { readonly ok: true; readonly value: CardRead } | { readonly ok: false; readonly error: CardReadError };

export function cardReadError(code: CardReadErrorCode, field: CardField | null, detail: string): CardReadError {
  const { messageKey, retryable } = CARD_READ_ERRORS[code];
  return { code, messageKey, retryable, field, detail };
}

export const readOk = (value: CardRead): CardParseResult => ({ ok: true, value });
export const readFailed = (code: CardReadErrorCode, field: CardField | null, detail: string): CardParseResult => ({
  ok: false,
  error: cardReadError(code, field, detail),
});

/** Options every parser takes: the calendar day to judge expiry against, passed in rather than read from a clock. */
export interface CardParseOptions {
  /** YYYY-MM-DD, the kiosk's local date (America/Santiago). A card is valid through its expiry date. */
  readonly today: string;
}
