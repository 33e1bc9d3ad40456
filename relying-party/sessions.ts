/**
 * Sessions live in memory, keyed by a random id the browser holds in an
 * HttpOnly cookie: a sample relying party keeps nothing on disk, and a
 * restart signs everyone out, which is what a demo wants. Bounded in count
 * and idle time so a stream of anonymous visits cannot grow it without end.
 */
import { randomBytes } from 'node:crypto';

export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface SignedInUser {
  /** The userinfo response, kept as received; the page shapes and masks it. */
  readonly claims: unknown;
  readonly idToken: string | undefined;
}

export interface Session {
  readonly id: string;
  /** Ties the logout form to this session. */
  readonly csrf: string;
  pending: PendingSignIn | null;
  user: SignedInUser | null;
  lastSeen: number;
}

export const SESSION_IDLE_MS = 30 * 60_000;
export const MAX_SESSIONS = 10_000;

export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;
  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  get(id: string | undefined): Session | null {
    if (id === undefined) return null;
    const session = this.sessions.get(id);
    if (session === undefined) return null;
    if (this.now() - session.lastSeen > SESSION_IDLE_MS) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeen = this.now();
    // Map order is insertion order: re-inserting keeps the least recently seen first, for eviction.
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  create(): Session {
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const session: Session = { id: randomId(), csrf: randomId(), pending: null, user: null, lastSeen: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}
