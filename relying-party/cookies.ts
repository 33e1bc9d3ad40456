/**
 * The one cookie this relying party reads is its session id, but the Cookie
 * header is whatever the browser (or anyone) sends: parsed here without
 * throwing, bounded, first occurrence wins (RFC 6265 §5.4 orders the more
 * specific path first).
 */

const MAX_HEADER = 8192;
const MAX_PAIRS = 64;

export function parseCookies(header: unknown): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  if (typeof header !== 'string' || header.length > MAX_HEADER) return cookies;
  for (const pair of header.split(';').slice(0, MAX_PAIRS)) {
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name === '' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || cookies.has(name)) continue;
    cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  readonly maxAgeSeconds?: number;
}

/** HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET, which Lax lets through), path /. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name) || !/^[A-Za-z0-9_-]*$/.test(value)) throw new RangeError('cookie name or value outside the safe alphabet');
  const maxAge = options.maxAgeSeconds === undefined ? '' : `; Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`;
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${maxAge}`;
}
