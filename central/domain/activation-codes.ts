/**
 * Activation codes (Civil Digital mode). A kiosk that verified a person asks
 * for a code and prints it; the citizen later activates on the web with the
 * RUN and the code. A code is random (secrets.ts), stored only as an HMAC
 * bound to the person's RUN, returned once, single-use, and lives
 * DEFAULT_POLICY.activationCodeTtlMs (24 h); issuing a new one retires the
 * previous one. Wrong codes count against the RUN and the client
 * (rate-limits.ts).
 */
import type { CentralDatabase } from '../storage/database.ts';
import { keyedHash } from './secrets.ts';

export type CodeLookup =
  { readonly state: 'live'; readonly id: number } | { readonly state: 'used' | 'expired' | 'superseded'; readonly id: number } | { readonly state: 'wrong' };

export class ActivationCodes {
  readonly #secret: Uint8Array;
  readonly #insert;
  readonly #retire;
  readonly #find;
  readonly #use;
  readonly #purge;

  constructor(db: CentralDatabase, secret: Uint8Array) {
    this.#secret = secret;
    this.#insert = db.prepare<[number, Buffer, string, number, number]>(
      'INSERT INTO activation_codes (person_id, code_hash, kiosk_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#retire = db.prepare<[number, number]>('UPDATE activation_codes SET revoked_at = ? WHERE person_id = ? AND used_at IS NULL AND revoked_at IS NULL');
    this.#find = db.prepare<[number, Buffer], { id: number; expires_at: number; used_at: number | null; revoked_at: number | null }>(
      'SELECT id, expires_at, used_at, revoked_at FROM activation_codes WHERE person_id = ? AND code_hash = ?',
    );
    this.#use = db.prepare<[number, number]>('UPDATE activation_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL');
    this.#purge = db.prepare<[number]>('DELETE FROM activation_codes WHERE expires_at <= ?');
  }

  #hash(run: string, code: string): Buffer {
    return keyedHash(this.#secret, 'activation-code', run, code);
  }

  /** Stores a new code for the person, retiring any earlier unused one. Call inside a transaction. */
  store(personId: number, run: string, code: string, kioskId: string, now: number, ttlMs: number): number {
    this.#retire.run(now, personId);
    const expiresAt = now + ttlMs;
    this.#insert.run(personId, this.#hash(run, code), kioskId, now, expiresAt);
    return expiresAt;
  }

  lookup(personId: number, run: string, code: string, now: number): CodeLookup {
    const row = this.#find.get(personId, this.#hash(run, code));
    if (!row) return { state: 'wrong' };
    if (row.used_at !== null) return { state: 'used', id: row.id };
    if (row.revoked_at !== null) return { state: 'superseded', id: row.id };
    if (row.expires_at <= now) return { state: 'expired', id: row.id };
    return { state: 'live', id: row.id };
  }

  /** False when another request used (or a newer code retired) it first. */
  use(id: number, now: number): boolean {
    return this.#use.run(now, id).changes === 1;
  }

  /**
   * Expired codes are kept for a while so a late attempt hears "expired"
   * rather than "wrong"; after that they are deleted.
   */
  purge(expiredBefore: number): number {
    return this.#purge.run(expiredBefore).changes;
  }
}
