/**
 * The provider's relying parties, from configuration: CENTRAL_OIDC_CLIENTS (a
 * JSON array of {client_id, client_secret, redirect_uris}) plus the built-in
 * sandbox client of the sample relying party, `municipalidad-de-ejemplo`,
 * whose secret and redirect URIs CENTRAL_OIDC_SAMPLE_SECRET and
 * CENTRAL_OIDC_SAMPLE_REDIRECT_URIS (comma-separated) may change. A
 * configuration that cannot be right is refused with a message that names
 * the field, and `npm run central` exits 78 (EX_CONFIG).
 */

export const SAMPLE_CLIENT_ID = 'municipalidad-de-ejemplo';
/** Sandbox only: the sample relying party ships with it, and nothing outside the loopback can reach the sandbox. */
export const SAMPLE_CLIENT_SECRET = 'sandbox-secret-municipalidad-de-ejemplo';
export const SAMPLE_REDIRECT_URIS = ['http://127.0.0.1:5180/callback', 'http://localhost:5180/callback'] as const;
export const EX_CONFIG = 78;

export interface OidcClientConfig {
  readonly client_id: string;
  readonly client_secret: string;
  readonly redirect_uris: readonly string[];
  readonly post_logout_redirect_uris: readonly string[];
}

export class OidcConfigInvalid extends Error {
  readonly code = 'oidc.config_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'OidcConfigInvalid';
  }
}

const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

function redirectUri(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new OidcConfigInvalid(`${where} must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OidcConfigInvalid(`${where} is not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.hash !== '') throw new OidcConfigInvalid(`${where} must not have a fragment (RFC 6749 §3.1.2)`);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new OidcConfigInvalid(`${where} must be https, or http on the loopback: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Where a relying party may send the citizen after logout: its redirect URIs' origins. */
const origins = (uris: readonly string[]) => [...new Set(uris.map((u) => `${new URL(u).origin}/`))];

function client(value: unknown, index: number): OidcClientConfig {
  const where = `CENTRAL_OIDC_CLIENTS[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OidcConfigInvalid(`${where} must be an object`);
  const entry = value as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((k) => !['client_id', 'client_secret', 'redirect_uris'].includes(k));
  if (unknown.length > 0) throw new OidcConfigInvalid(`${where} has unknown fields: ${unknown.join(', ')}`);
  if (typeof entry.client_id !== 'string' || !CLIENT_ID.test(entry.client_id)) {
    throw new OidcConfigInvalid(`${where}.client_id must be 1–100 letters, digits, '.', '_' or '-'`);
  }
  if (typeof entry.client_secret !== 'string' || entry.client_secret.length < 32) {
    throw new OidcConfigInvalid(`${where}.client_secret must be a string of at least 32 characters`);
  }
  if (!Array.isArray(entry.redirect_uris) || entry.redirect_uris.length === 0) {
    throw new OidcConfigInvalid(`${where}.redirect_uris must be a non-empty array`);
  }
  const uris = entry.redirect_uris.map((u, i) => redirectUri(u, `${where}.redirect_uris[${i}]`));
  return { client_id: entry.client_id, client_secret: entry.client_secret, redirect_uris: uris, post_logout_redirect_uris: origins(uris) };
}

export interface OidcEnvironment {
  readonly CENTRAL_OIDC_CLIENTS?: string | undefined;
  readonly CENTRAL_OIDC_SAMPLE_SECRET?: string | undefined;
  readonly CENTRAL_OIDC_SAMPLE_REDIRECT_URIS?: string | undefined;
}

/** Every client the provider knows; throws OidcConfigInvalid. */
export function oidcClientsFromEnvironment(env: OidcEnvironment): OidcClientConfig[] {
  const sampleUris = env.CENTRAL_OIDC_SAMPLE_REDIRECT_URIS
    ? env.CENTRAL_OIDC_SAMPLE_REDIRECT_URIS.split(',').map((u, i) => redirectUri(u.trim(), `CENTRAL_OIDC_SAMPLE_REDIRECT_URIS[${i}]`))
    : [...SAMPLE_REDIRECT_URIS];
  const sampleSecret = env.CENTRAL_OIDC_SAMPLE_SECRET ?? SAMPLE_CLIENT_SECRET;
  if (sampleSecret.length < 32) throw new OidcConfigInvalid('CENTRAL_OIDC_SAMPLE_SECRET must be at least 32 characters');
  const clients: OidcClientConfig[] = [
    { client_id: SAMPLE_CLIENT_ID, client_secret: sampleSecret, redirect_uris: sampleUris, post_logout_redirect_uris: origins(sampleUris) },
  ];
  if (env.CENTRAL_OIDC_CLIENTS !== undefined && env.CENTRAL_OIDC_CLIENTS.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.CENTRAL_OIDC_CLIENTS);
    } catch {
      throw new OidcConfigInvalid('CENTRAL_OIDC_CLIENTS is not valid JSON');
    }
    if (!Array.isArray(parsed)) throw new OidcConfigInvalid('CENTRAL_OIDC_CLIENTS must be a JSON array');
    clients.push(...parsed.map(client));
  }
  const seen = new Set<string>();
  for (const c of clients) {
    if (seen.has(c.client_id)) throw new OidcConfigInvalid(`client_id ${c.client_id} is configured twice`);
    seen.add(c.client_id);
  }
  return clients;
}
