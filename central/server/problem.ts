/**
 * Errors as RFC 9457 problem details. Every refusal the sandbox makes is a
 * `Problem` with a stable `code` (an extension member, RFC 9457 §3.2) that
 * kiosks branch on; `title` is the human summary for that code and `detail`
 * this occurrence. `type` is a URN built from the code: RFC 9457 §3.1.1 wants
 * a URI, and one that does not pretend to be a dereferenceable page is honest
 * for a sandbox.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_PREFIX = 'urn:claveunica-central:problem:';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  [extension: string]: unknown;
}

export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    code: string,
    title: string,
    detail?: string,
    options: { extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(`${status} ${code}: ${title}`);
    this.name = 'Problem';
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toJSON(): ProblemBody {
    return {
      ...this.extensions,
      type: `${PROBLEM_TYPE_PREFIX}${this.code}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail !== undefined && { detail: this.detail }),
    };
  }
}

/** `throw problem(404, 'not_found', 'No such resource')` from any handler. */
export function problem(status: number, code: string, title: string, detail?: string, options?: ConstructorParameters<typeof Problem>[4]): Problem {
  return new Problem(status, code, title, detail, options);
}

/** The transport-level codes this layer emits; endpoint codes are defined next to their handlers. */
export const TRANSPORT_PROBLEMS = {
  clientCertificateRequired: () => problem(401, 'client_certificate_required', 'A valid kiosk client certificate is required'),
  notFound: () => problem(404, 'not_found', 'No such resource'),
  methodNotAllowed: (allow: readonly string[]) =>
    problem(405, 'method_not_allowed', 'Method not allowed on this resource', undefined, { headers: { allow: allow.join(', ') } }),
  payloadTooLarge: (limit: number) => problem(413, 'payload_too_large', 'Request body is too large', `the limit is ${limit} bytes`),
  unsupportedMediaType: (expected: string) =>
    problem(415, 'unsupported_media_type', 'Unsupported content type', `expected ${expected}`, { headers: { 'accept-post': expected } }),
  malformedJson: () => problem(400, 'malformed_json', 'Request body is not valid JSON'),
  malformedBody: (detail: string) => problem(400, 'malformed_body', 'Request body could not be read', detail),
  invalidRequest: (detail: string, status: 400 | 422 = 400) => problem(status, 'invalid_request', 'Request does not match the schema', detail),
  internal: () => problem(500, 'internal_error', 'Internal error'),
} as const;
