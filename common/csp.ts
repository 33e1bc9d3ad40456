/**
 * The renderer's Content-Security-Policy (reference §1.2, "Content-Security-
 * Policy"). Shared by both hosts: Electron's app:// handler uses the default
 * (`connect-src 'none'`: the renderer talks only through IPC) and the browser
 * host calls it with `connectSrc: ["'self'"]` for its loopback WebSocket.
 * Keep this file free of Node and Electron imports so either host can load it.
 */
export interface CspOptions {
  /** Sources the renderer may fetch or open sockets to. Empty or omitted: none. */
  readonly connectSrc?: readonly string[];
}

// Whitespace, ';' and ',' would smuggle in extra sources or directives;
// quoted keywords other than these would loosen the policy.
const SAFE_SOURCE = /^(?:'self'|'none'|[a-z][a-z0-9+.-]*:(?:\/\/[A-Za-z0-9.[\]:*-]+(?::\d{1,5})?(?:\/[^\s;,']*)?)?)$/;

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const connectSrc = options.connectSrc && options.connectSrc.length > 0 ? options.connectSrc : ["'none'"];
  for (const source of connectSrc) {
    if (!SAFE_SOURCE.test(source)) throw new RangeError(`refusing unsafe connect-src source: ${JSON.stringify(source)}`);
  }
  if (connectSrc.length > 1 && connectSrc.includes("'none'")) {
    throw new RangeError("'none' cannot be combined with other connect-src sources");
  }
  const directives: ReadonlyArray<readonly [string, string]> = [
    ['default-src', "'self'"],
    // No 'unsafe-inline' and no 'unsafe-eval', anywhere: Vite emits external
    // module scripts and stylesheets, so the renderer needs neither.
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    // Roboto / Roboto Slab are self-hosted (@fontsource), never Google Fonts.
    ['font-src', "'self'"],
    ['connect-src', connectSrc.join(' ')],
    ['media-src', "'self'"],
    ['object-src', "'none'"],
    // The renderer embeds nothing and is embedded by nothing.
    ['frame-src', "'none'"],
    ['worker-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

export interface ServerPageSources {
  /** The page's inline stylesheet(s), as CSP hash sources (`'sha256-…'`). */
  readonly style: readonly string[];
  /** Inline scripts by hash; omitted: the page runs no script. */
  readonly script?: readonly string[];
  /** Where the page's script may fetch; omitted: nowhere. */
  readonly connect?: readonly string[];
  /** Where its forms may go (and the redirects they follow); omitted: no form. */
  readonly formAction?: readonly string[];
}

/**
 * The headers of a server-rendered page (central's activation page and
 * mailbox, its fleet view and sign-in pages, the sample relying party): no
 * source but the page's own hashed style and script, never framed, never
 * stored, no referrer (their URLs can carry a code or a form key), no MIME
 * sniffing. Hashes are computed by the caller, so this stays pure.
 */
export function serverPageHeaders(sources: ServerPageSources): Record<string, string> {
  const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(' ') : "'none'");
  const directives = [
    "default-src 'none'",
    `style-src ${list(sources.style)}`,
    ...(sources.script ? [`script-src ${list(sources.script)}`] : []),
    ...(sources.connect ? [`connect-src ${list(sources.connect)}`] : []),
    `form-action ${list(sources.formAction)}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  return {
    'content-security-policy': directives.join('; '),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}
