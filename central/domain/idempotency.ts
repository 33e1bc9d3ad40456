/**
 * Idempotency keys after draft-ietf-httpapi-idempotency-key-header-06, as
 * summarised in reliability-security.md §2:
 *  - the key is scoped by the client (the kiosk id from its mTLS certificate),
 *    the method and the path: the draft's composite key, so one kiosk can
 *    never read another's stored responses;
 *  - same key + same body → the stored response, success or error;
 *    same key + different body → 422; same key while the first is still in
 *    flight → 409; no key → 400;
 *  - the claim is one atomic INSERT … ON CONFLICT DO NOTHING (no
 *    check-then-insert race), and the response is stored in the same
 *    transaction as the state change (`complete` is called inside it), so a
 *    response lost after commit is replayed, never recomputed;
 *  - a claim whose request died before committing (crash, thrown error) is
 *    released or, if the process died, taken over after IN_FLIGHT_TIMEOUT_MS:
 *    nothing was committed for it, so running it again is safe.
 * Stored responses hold verification tokens and activation codes, so they are
 * sealed with AES-256-GCM under a key derived from the server secret.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { CentralDatabase } from '../storage/database.ts';
import { DAY_MS } from './clock.ts';
import { DomainError, type DomainErrorCode, type Outcome } from './errors.ts';
import { keyedHash, type RandomBytes } from './secrets.ts';

/**
 * The kiosk's outbox dead-letters rows older than 7 days (the figure this
 * layer assumes); keys are kept twice that, so a row the kiosk
 * still retries always meets its key (§2.2: retention ≥ maximum outbox age +
 * margin; Stripe's 24 h is for always-online clients).
 */
export const KIOSK_OUTBOX_MAX_AGE_MS = 7 * DAY_MS;
export const IDEMPOTENCY_RETENTION_MS = 2 * KIOSK_OUTBOX_MAX_AGE_MS;
/** Longer than any request takes (an Argon2id hash is milliseconds); after it a dead process's claim is taken over. */
export const IN_FLIGHT_TIMEOUT_MS = 60_000;

export interface IdempotencyRequest {
  /** The kiosk id from the client certificate (or, for the web form, the form's own client id). */
  readonly clientId: string;
  readonly method: string;
  readonly path: string;
  /** The Idempotency-Key header's value; undefined when the header is absent. */
  readonly key: string | undefined;
  /** The parsed request body; its canonical JSON is hashed. */
  readonly body: unknown;
}

export interface IdempotencyClaim {
  readonly scopeHash: Buffer;
}

export type IdempotencyStart<T> =
  | { readonly kind: 'claimed'; readonly claim: IdempotencyClaim }
  | { readonly kind: 'replay'; readonly outcome: Outcome<T> }
  | { readonly kind: 'refused'; readonly error: DomainError };

type StoredOutcome =
  { ok: true; status: 200 | 201 | 202; value: unknown } | { ok: false; problem: { code: DomainErrorCode; detail?: string } & Record<string, unknown> };

/**
 * How deeply arrays and objects may nest in a hashed body. The request
 * schemas refuse anything this deep long before it gets here (the deepest
 * body the API accepts nests 4 levels); the bound is for whatever else calls
 * canonicalJson, and it turns a cycle into the same error.
 */
export const CANONICAL_JSON_MAX_DEPTH = 64;

export class CanonicalJsonTooDeep extends Error {
  readonly code = 'idempotency.body_too_deep';
  readonly maxDepth = CANONICAL_JSON_MAX_DEPTH;
  constructor() {
    super(`the value nests arrays or objects more than ${CANONICAL_JSON_MAX_DEPTH} levels deep (or holds a cycle)`);
    this.name = 'CanonicalJsonTooDeep';
  }
}

/**
 * Canonical JSON: object keys sorted, bytes as base64, undefined members
 * dropped (as JSON.stringify does). Throws CanonicalJsonTooDeep beyond
 * CANONICAL_JSON_MAX_DEPTH nested arrays or objects.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, 0);
}

function canonical(value: unknown, depth: number): string {
  if (value instanceof Uint8Array) return JSON.stringify({ $bytes: Buffer.from(value).toString('base64') });
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth >= CANONICAL_JSON_MAX_DEPTH) throw new CanonicalJsonTooDeep();
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v, depth + 1))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k], depth + 1)}`);
  return `{${entries.join(',')}}`;
}

/** The draft's key is a Structured-Field String: printable ASCII; Stripe caps it at 255. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export class IdempotencyStore {
  readonly #db: CentralDatabase;
  readonly #sealKey: Buffer;
  readonly #random: RandomBytes;
  readonly #claim;
  readonly #row;
  readonly #takeOver;
  readonly #complete;
  readonly #release;
  readonly #purge;
  /** The connection's own `synchronous` level, restored after a claim's commit. */
  readonly #durability: number;

  constructor(db: CentralDatabase, serverSecret: Uint8Array, random: RandomBytes) {
    this.#db = db;
    this.#durability = db.pragma('synchronous', { simple: true }) as number;
    this.#sealKey = keyedHash(serverSecret, 'idempotency-response-seal');
    this.#random = random;
    this.#claim = db.prepare<[Buffer, string, string, string, Buffer, number, number]>(
      `INSERT INTO idempotency_keys (scope_hash, client_id, method, path, body_hash, state, locked_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'in_flight', ?, ?) ON CONFLICT (scope_hash) DO NOTHING`,
    );
    this.#row = db.prepare<[Buffer], { body_hash: Buffer; state: string; locked_at: number; response: Buffer | null }>(
      'SELECT body_hash, state, locked_at, response FROM idempotency_keys WHERE scope_hash = ?',
    );
    this.#takeOver = db.prepare<[number, Buffer, number]>(
      "UPDATE idempotency_keys SET locked_at = ? WHERE scope_hash = ? AND state = 'in_flight' AND locked_at = ?",
    );
    this.#complete = db.prepare<[Buffer, number, Buffer]>(
      "UPDATE idempotency_keys SET state = 'done', response = ?, completed_at = ? WHERE scope_hash = ? AND state = 'in_flight'",
    );
    this.#release = db.prepare<[Buffer]>("DELETE FROM idempotency_keys WHERE scope_hash = ? AND state = 'in_flight'");
    // In-flight rows that old belong to requests that died; they go too.
    this.#purge = db.prepare<[number]>('DELETE FROM idempotency_keys WHERE created_at <= ?');
  }

  begin<T>(request: IdempotencyRequest, now: number): IdempotencyStart<T> {
    if (request.key === undefined) return { kind: 'refused', error: new DomainError('idempotency_key_missing') };
    if (typeof request.key !== 'string' || !KEY_PATTERN.test(request.key)) return { kind: 'refused', error: new DomainError('idempotency_key_invalid') };
    let bodyHash: Buffer;
    try {
      bodyHash = createHash('sha256').update(canonicalJson(request.body)).digest();
    } catch {
      return { kind: 'refused', error: new DomainError('invalid_input', 'request body could not be read', { field: '' }) };
    }
    const scopeHash = createHash('sha256')
      .update(canonicalJson([request.clientId, request.method.toUpperCase(), request.path, request.key]))
      .digest();
    return this.#unflushed(() =>
      this.#db
        .transaction((): IdempotencyStart<T> => {
          if (this.#claim.run(scopeHash, request.clientId, request.method.toUpperCase(), request.path, bodyHash, now, now).changes === 1) {
            return { kind: 'claimed', claim: { scopeHash } };
          }
          const row = this.#row.get(scopeHash)!;
          if (!row.body_hash.equals(bodyHash)) return { kind: 'refused', error: new DomainError('idempotency_key_reused') };
          if (row.state === 'done') return { kind: 'replay', outcome: { ...this.#unseal<T>(scopeHash, row.response!), replayed: true } };
          if (now - row.locked_at < IN_FLIGHT_TIMEOUT_MS) return { kind: 'refused', error: new DomainError('idempotency_request_in_flight') };
          this.#takeOver.run(now, scopeHash, row.locked_at);
          return { kind: 'claimed', claim: { scopeHash } };
        })
        .immediate(),
    );
  }

  /** Stores the outcome; call it inside the transaction that commits the state change. */
  complete<T>(claim: IdempotencyClaim, outcome: Outcome<T>, now: number): void {
    const stored: StoredOutcome = outcome.ok ? { ok: true, status: outcome.status, value: outcome.value } : { ok: false, problem: outcome.error.toProblem() };
    this.#complete.run(this.#seal(claim.scopeHash, JSON.stringify(stored)), now, claim.scopeHash);
  }

  /** Forgets a claim whose request ended without committing anything (bad input, rate limit, exception). */
  release(claim: IdempotencyClaim): void {
    this.#unflushed(() => this.#release.run(claim.scopeHash));
  }

  /**
   * Claims and releases are committed without waiting for the disk
   * (synchronous=NORMAL for that one commit, WAL stays consistent): a claim
   * only keeps a second copy of a request out while the first runs. If a power
   * cut loses it, the request died with the process and its retry claims
   * again, as it would take over a stale claim. The outcome is stored by the
   * operation's own commit, at the connection's level (FULL), and that flush
   * covers the claim's frames written before it in the WAL. One fsync fewer per request.
   * (The level must be set by `pragma()` each time: SQLite applies a PRAGMA when it is prepared.)
   */
  #unflushed<R>(write: () => R): R {
    if (this.#durability <= 1) return write();
    this.#db.pragma('synchronous = NORMAL');
    try {
      return write();
    } finally {
      this.#db.pragma(`synchronous = ${this.#durability}`);
    }
  }

  purge(now: number): number {
    return this.#purge.run(now - IDEMPOTENCY_RETENTION_MS).changes;
  }

  #seal(scopeHash: Buffer, text: string): Buffer {
    const nonce = Buffer.from(this.#random(12));
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, nonce).setAAD(scopeHash);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  }

  #unseal<T>(scopeHash: Buffer, sealed: Buffer): Outcome<T> {
    const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, sealed.subarray(0, 12)).setAAD(scopeHash);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const text = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
    const stored = JSON.parse(text) as StoredOutcome;
    return stored.ok ? { ok: true, status: stored.status, value: stored.value as T } : { ok: false, error: DomainError.fromProblem(stored.problem) };
  }
}
