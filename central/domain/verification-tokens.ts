/**
 * Verification tokens: what a successful fingerprint verification hands the
 * kiosk for the next step (activation code or one-step activation). 256
 * random bits, returned once, stored only as an HMAC, bound to the person and
 * to the kiosk that verified, short-lived, and consumed by the step that uses
 * it.
 */
import type { CentralDatabase } from '../storage/database.ts';
import { keyedHash, newToken, type RandomBytes } from './secrets.ts';

export type TokenCheck =
  | { readonly ok: true; readonly personId: number; readonly tokenHash: Buffer; /** False for a RUN typed without the card. */ readonly cardRead: boolean }
  | { readonly ok: false; readonly code: 'verification_token_invalid' | 'verification_token_expired' };

export class VerificationTokens {
  readonly #secret: Uint8Array;
  readonly #random: RandomBytes;
  readonly #insert;
  readonly #find;
  readonly #consume;
  readonly #purge;

  constructor(db: CentralDatabase, secret: Uint8Array, random: RandomBytes) {
    this.#secret = secret;
    this.#random = random;
    this.#insert = db.prepare<[Buffer, number, string, number, number, number, number]>(
      'INSERT INTO verification_tokens (token_hash, person_id, kiosk_id, finger_position, issued_at, expires_at, card_read) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#find = db.prepare<[Buffer], { person_id: number; kiosk_id: string; expires_at: number; used_at: number | null; card_read: number }>(
      'SELECT person_id, kiosk_id, expires_at, used_at, card_read FROM verification_tokens WHERE token_hash = ?',
    );
    this.#consume = db.prepare<[number, string, Buffer]>('UPDATE verification_tokens SET used_at = ?, used_for = ? WHERE token_hash = ? AND used_at IS NULL');
    this.#purge = db.prepare<[number]>('DELETE FROM verification_tokens WHERE expires_at <= ?');
  }

  #hash(token: string): Buffer {
    return keyedHash(this.#secret, 'verification-token', token);
  }

  /** Call inside the verification's transaction. */
  issue(personId: number, kioskId: string, fingerPosition: number, now: number, ttlMs: number, cardRead = true): { token: string; expiresAt: number } {
    const token = newToken(this.#random);
    const expiresAt = now + ttlMs;
    this.#insert.run(this.#hash(token), personId, kioskId, fingerPosition, now, expiresAt, cardRead ? 1 : 0);
    return { token, expiresAt };
  }

  /** A token from another kiosk is "invalid", not "expired": it says nothing about tokens it was not given. */
  check(token: string, kioskId: string, now: number): TokenCheck {
    const tokenHash = this.#hash(token);
    const row = this.#find.get(tokenHash);
    if (!row || row.kiosk_id !== kioskId || row.used_at !== null) return { ok: false, code: 'verification_token_invalid' };
    if (row.expires_at <= now) return { ok: false, code: 'verification_token_expired' };
    return { ok: true, personId: row.person_id, tokenHash, cardRead: row.card_read === 1 };
  }

  /** False when another request consumed it first (call inside the transaction that uses it). */
  consume(tokenHash: Buffer, usedFor: string, now: number): boolean {
    return this.#consume.run(now, usedFor, tokenHash).changes === 1;
  }

  /** Expired tokens are useless; a day's grace keeps "expired" distinct from "invalid" for a late retry. */
  purge(olderThan: number): number {
    return this.#purge.run(olderThan).changes;
  }
}
