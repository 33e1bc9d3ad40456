/**
 * The relying party's configuration, from the environment (`npm run
 * relying-party`, or the kiosk's `npm start` which sets RP_ISSUER and
 * RP_CA_FILE to its embedded sandbox). A bad value is a typed error with a
 * stable code, said once at start-up, never a crash halfway through a sign-in.
 */

export const DEFAULT_CLIENT_ID = 'municipalidad-de-ejemplo';
/**
 * The secret the central sandbox publishes for its built-in client (central/oidc/config.ts, changed there with
 * CENTRAL_OIDC_SAMPLE_SECRET): a sandbox reachable only on the loopback, so `npm run relying-party` works with
 * no secret of its own. Any other client needs RP_CLIENT_SECRET.
 */
export const SANDBOX_SAMPLE_SECRET = 'sandbox-secret-municipalidad-de-ejemplo';
export const DEFAULT_PORT = 5180;
export const DEFAULT_HOST = '127.0.0.1';

export interface RelyingPartyConfig {
  /** The provider's issuer identifier; discovery is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: URL;
  /** PEM file of the CA that signed the provider's certificate (the sandbox's own CA); null: the system's CAs. */
  readonly caFile: string | null;
  readonly clientId: string;
  /** Sent in the token request's body (client_secret_post, as ClaveÚnica takes it); null: a public client (PKCE only). */
  readonly clientSecret: string | null;
  readonly port: number;
  readonly host: string;
}

export type RelyingPartyConfigErrorCode = 'rp.issuer_missing' | 'rp.issuer_invalid' | 'rp.port_invalid' | 'rp.client_id_invalid';

export class RelyingPartyConfigError extends Error {
  readonly code: RelyingPartyConfigErrorCode;
  constructor(code: RelyingPartyConfigErrorCode, message: string) {
    super(message);
    this.name = 'RelyingPartyConfigError';
    this.code = code;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function readPort(text: string | undefined, fallback = DEFAULT_PORT): number {
  if (text === undefined || text === '') return fallback;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new RelyingPartyConfigError('rp.port_invalid', `RP_PORT must be a port number (0-65535), got "${text}"`);
  return port;
}

export function relyingPartyConfigFromEnv(env: Env): RelyingPartyConfig {
  const issuerText = env.RP_ISSUER;
  if (issuerText === undefined || issuerText === '') {
    throw new RelyingPartyConfigError(
      'rp.issuer_missing',
      "RP_ISSUER must name the provider's issuer, e.g. the URL `npm run central` prints (Central API: https://…)",
    );
  }
  let issuer: URL;
  try {
    issuer = new URL(issuerText);
  } catch {
    throw new RelyingPartyConfigError('rp.issuer_invalid', `RP_ISSUER is not a URL: "${issuerText}"`);
  }
  // OpenID Connect Discovery §3: the issuer is an https URL with no query or fragment.
  if (issuer.protocol !== 'https:' || issuer.search !== '' || issuer.hash !== '') {
    throw new RelyingPartyConfigError('rp.issuer_invalid', `RP_ISSUER must be an https URL without query or fragment, got "${issuerText}"`);
  }
  const clientId = env.RP_CLIENT_ID || DEFAULT_CLIENT_ID;
  if (!/^[\x21-\x7e]{1,200}$/.test(clientId)) throw new RelyingPartyConfigError('rp.client_id_invalid', 'RP_CLIENT_ID must be printable ASCII without spaces');
  return {
    issuer,
    caFile: env.RP_CA_FILE || null,
    clientId,
    clientSecret: env.RP_CLIENT_SECRET || (clientId === DEFAULT_CLIENT_ID ? SANDBOX_SAMPLE_SECRET : null),
    port: readPort(env.RP_PORT),
    host: env.RP_HOST || DEFAULT_HOST,
  };
}
