/**
 * The domain's errors: values with a stable `code`, the HTTP status the API
 * should answer with, and the extra members its RFC 9457 problem body
 * carries (attempts left, unlock procedure, failed password rules …).
 * Operations return them inside an Outcome rather than throwing, so the HTTP
 * layer maps every result the same way, and a stored idempotent response can
 * be replayed as the very same value (CONVENTIONS.md, "Errors are values with
 * names").
 */

/** Every code, with its HTTP status and a short English title for the problem body. */
export const DOMAIN_ERRORS = {
  invalid_input: { status: 400, title: 'A field of the request is missing or malformed' },
  template_malformed: { status: 400, title: 'The fingerprint template is not a well-formed ISO/IEC 19794-2:2005 record' },
  template_unusable: { status: 422, title: 'The fingerprint template has too few minutiae to compare; capture again' },
  image_malformed: { status: 400, title: 'The fingerprint image is not a well-formed one-view ISO/IEC 19794-4:2005 record of the named finger' },
  image_unusable: { status: 422, title: 'The fingerprint image is not a usable print; capture again (see reason)' },
  finger_not_enrolled: { status: 422, title: 'The registry holds no template for this finger; ask for another finger' },
  unknown_person: { status: 404, title: 'No person with this RUN in the registry' },
  card_mismatch: { status: 422, title: 'This card is not the current card of this RUN' },
  card_blocked: { status: 403, title: 'This card has been reported lost or stolen and is blocked' },
  card_expired: { status: 403, title: 'This card has expired' },
  under_age: { status: 403, title: 'ClaveÚnica is available from 18 years of age' },
  already_has_account: { status: 409, title: 'This person already has a ClaveÚnica' },
  identity_locked: { status: 423, title: 'Fingerprint verification is locked for this person' },
  rate_limited: { status: 429, title: 'Too many requests; try again later' },
  verification_token_invalid: { status: 403, title: 'The verification token is unknown, used, or belongs to another kiosk or person' },
  card_required: { status: 403, title: 'This operation needs a verification made with the card; a typed RUN is for activation codes only' },
  verification_token_expired: { status: 403, title: 'The verification token has expired; verify the person again' },
  activation_code_wrong: { status: 403, title: 'The RUN and activation code do not match' },
  activation_code_expired: { status: 410, title: 'The activation code has expired; request a new one' },
  activation_code_used: { status: 409, title: 'The activation code has already been used' },
  password_rejected: { status: 422, title: 'The password does not meet the password rules' },
  idempotency_key_missing: { status: 400, title: 'This operation requires an Idempotency-Key header' },
  idempotency_key_invalid: { status: 400, title: 'The Idempotency-Key is not 1–255 printable ASCII characters' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with a different request body' },
  idempotency_request_in_flight: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  sealed_payload_invalid: { status: 422, title: 'The sealed payload could not be opened (tampered, wrong key or wrong context)' },
} as const satisfies Record<string, { status: number; title: string }>;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/** JSON-safe extra members of the problem body. Never secrets, templates or full RUNs. */
export type ProblemExtensions = Readonly<Record<string, string | number | boolean | null | readonly string[] | Readonly<Record<string, string>>>>;

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extensions: ProblemExtensions;
  constructor(code: DomainErrorCode, detail?: string, extensions: ProblemExtensions = {}) {
    super(detail ?? DOMAIN_ERRORS[code].title);
    this.name = 'DomainError';
    this.code = code;
    this.status = DOMAIN_ERRORS[code].status;
    this.title = DOMAIN_ERRORS[code].title;
    this.detail = detail;
    this.extensions = extensions;
  }

  /** The RFC 9457 members the HTTP layer needs (it adds `type` and `instance`). */
  toProblem(): { code: DomainErrorCode; status: number; title: string; detail?: string } & ProblemExtensions {
    return { ...this.extensions, code: this.code, status: this.status, title: this.title, ...(this.detail === undefined ? {} : { detail: this.detail }) };
  }

  static fromProblem(problem: { code: DomainErrorCode; detail?: string } & Record<string, unknown>): DomainError {
    const { code, detail, status: _s, title: _t, ...extensions } = problem;
    return new DomainError(code, detail, extensions as ProblemExtensions);
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;

/**
 * What every operation returns. `status` on success is the HTTP status to
 * answer with (200, 201 or 202); `replayed` is true when the result came from the
 * idempotency store instead of being computed now.
 */
export type Outcome<T> =
  | { readonly ok: true; readonly status: 200 | 201 | 202; readonly value: T; readonly replayed?: boolean }
  | { readonly ok: false; readonly error: DomainError; readonly replayed?: boolean };

export const succeeded = <T>(value: T, status: 200 | 201 | 202 = 200): Outcome<T> => ({ ok: true, status, value });
export const failed = <T = never>(code: DomainErrorCode, detail?: string, extensions?: ProblemExtensions): Outcome<T> => ({
  ok: false,
  error: new DomainError(code, detail, extensions),
});
