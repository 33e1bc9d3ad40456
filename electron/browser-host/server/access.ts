import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Who may talk to the browser host: a page on this machine, loaded from this
 * host's own origin, that holds a session cookie it got for a single-use
 * launch token. Pure predicates and a pure key store, so each refusal has a
 * unit test.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  return address === '::1';
}

/** The Host header must name this server on loopback; anything else is DNS rebinding or a mistake. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && allowedHosts(port).includes(hostHeader.toLowerCase());
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (!origin) return false;
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}

export const TOKEN_COOKIE = 'kiosk_token';

/**
 * The host's secrets: one launch token at a time, which works once, and the
 * session secrets it was traded for (the cookie). The cookie is never the
 * launch token, so a token seen after its use (browser history, a terminal)
 * opens nothing. Sessions are kept up to `maxSessions`, oldest dropped first:
 * only whoever can read the launch page can make more.
 */
export interface HostKeys {
  launchToken(): string;
  /** A new session secret if `candidate` is the current launch token, which is then replaced; null otherwise. */
  spend(candidate: string | null | undefined): string | null;
  isSession(candidate: string | null | undefined): boolean;
}

export function createHostKeys(random: () => string, maxSessions = 64): HostKeys {
  let launch = random();
  const sessions: string[] = [];
  return {
    launchToken: () => launch,
    spend(candidate) {
      if (!tokenMatches(candidate, launch)) return null;
      launch = random();
      const session = random();
      sessions.push(session);
      if (sessions.length > maxSessions) sessions.shift();
      return session;
    },
    isSession: (candidate) => sessions.some((session) => tokenMatches(candidate, session)),
  };
}

export function tokenMatches(candidate: string | undefined | null, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie from a Cookie header; tolerant of spacing, strict about names. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
