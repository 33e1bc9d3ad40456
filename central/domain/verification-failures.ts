/** Failed fingerprint verifications, one row each, counted in a sliding window by lockout.ts. */
import type { CentralDatabase } from '../storage/database.ts';

export class FailureBook {
  readonly #insert;
  readonly #count;
  readonly #clear;
  readonly #purge;
  constructor(db: CentralDatabase) {
    this.#insert = db.prepare<[number, string, number]>('INSERT INTO verification_failures (person_id, kiosk_id, at) VALUES (?, ?, ?)');
    this.#count = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM verification_failures WHERE person_id = ? AND at > ?');
    this.#clear = db.prepare<[number]>('DELETE FROM verification_failures WHERE person_id = ?');
    this.#purge = db.prepare<[number]>('DELETE FROM verification_failures WHERE at <= ?');
  }
  record(personId: number, kioskId: string, now: number): void {
    this.#insert.run(personId, kioskId, now);
  }
  countSince(personId: number, since: number): number {
    return this.#count.get(personId, since)!.n;
  }
  clear(personId: number): void {
    this.#clear.run(personId);
  }
  purge(before: number): number {
    return this.#purge.run(before).changes;
  }
}
