/**
 * Signing in to the OpenID Connect provider with RUN and password (Decreto 9
 * art. 6, 7, 13; reliability-security.md §4.3 and §8). The rules, all with
 * the injected clock:
 *
 *  - every failure counts against the account (24 h window) and against the
 *    client address (1 h window; an IPv6 client by its /64, web-client ids);
 *  - from the 3rd failure of either, an attempt must carry a solved
 *    proof-of-work challenge (sign-in-challenge.ts), checked before the
 *    password is, so a guess without one costs the attacker the work;
 *  - the 5th failure of an account locks its sign-in for 24 h, or until the
 *    citizen enters the 8-digit code e-mailed to the account's address (the
 *    lock notice carries one; the unlock page sends a fresh one);
 *  - 30 failures from one address within the hour refuse that address for
 *    the rest of the hour, whatever account it tries;
 *  - a success clears the account's failures (NIST SP 800-63B §5.2.2), not
 *    the address's: an attacker with one account of their own must not be
 *    able to wash the address's count;
 *  - an account that opted in to the second factor (Decreto 9 art. 15) is
 *    signed in only after the 6-digit code e-mailed for this interaction
 *    (10 minutes, 5 tries); a wrong code counts as a failure like a wrong
 *    password, so the lock bounds guessing it too.
 *
 * An unknown RUN and a wrong password look the same to the citizen (and take
 * the same Argon2id time); the audit row tells them apart. Audit rows and log
 * lines name the person by runRef (an HMAC under the server secret) and the
 * address by a keyed hash; never the RUN, never the password.
 */
import { timingSafeEqual } from 'node:crypto';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock.ts';
import type { DomainContext } from './context.ts';
import { type MessageLanguage } from './messages.ts';
import { parseRun, runRef } from './run.ts';
import { checkChallenge, issueChallenge } from './sign-in-challenge.ts';
import { keyedHash, randomString } from './secrets.ts';
import { signInMessages } from './sign-in-messages.ts';

export interface SignInPolicy {
  readonly challengeAfter: number;
  readonly lockAfter: number;
  readonly accountWindowMs: number;
  readonly addressWindowMs: number;
  readonly addressLimit: number;
  readonly lockMs: number;
  readonly unlockCodeTtlMs: number;
  readonly unlockCodeAttempts: number;
  /** Leading zero bits: 16 is about 65 000 SHA-256 in the browser, well under a second on a phone. */
  readonly challengeBits: number;
  readonly challengeTtlMs: number;
}

export const SIGN_IN_POLICY: SignInPolicy = {
  challengeAfter: 3,
  lockAfter: 5,
  accountWindowMs: DAY_MS,
  addressWindowMs: HOUR_MS,
  addressLimit: 30,
  lockMs: DAY_MS,
  unlockCodeTtlMs: 15 * MINUTE_MS,
  unlockCodeAttempts: 5,
  challengeBits: 16,
  challengeTtlMs: 10 * MINUTE_MS,
};

export const UNLOCK_CODE_LENGTH = 8;

export type SignInAuditOutcome =
  | 'success'
  | 'bad_password'
  | 'unknown_run'
  | 'locked'
  | 'challenge_required'
  | 'challenge_failed'
  | 'rate_limited'
  | 'unlocked'
  | 'unlock_code_sent'
  | 'unlock_code_wrong'
  | 'unlock_code_expired'
  | 'second_factor_sent'
  | 'second_factor_wrong'
  | 'second_factor_expired';

export interface SignInAttempt {
  readonly run: string;
  readonly password: string;
  /** webClientId of the request's address. */
  readonly address: string;
  readonly clientId: string;
  readonly challenge?: { readonly token: string; readonly nonce: string } | undefined;
  readonly language: MessageLanguage;
  /** The provider's interaction: a second-factor code is bound to it. */
  readonly interactionUid: string;
}

export type SignInResult =
  | { readonly kind: 'success'; readonly accountId: string }
  | { readonly kind: 'second_factor'; readonly emailHint: string }
  | { readonly kind: 'failed'; readonly challengeRequired: boolean }
  | { readonly kind: 'challenge_required' }
  | { readonly kind: 'locked'; readonly liftsAt: number }
  | { readonly kind: 'rate_limited'; readonly retryAt: number };

export type UnlockCodeResult = { readonly kind: 'unlocked' } | { readonly kind: 'wrong' } | { readonly kind: 'expired' };
export type SecondFactorResult =
  | { readonly kind: 'success'; readonly accountId: string }
  | { readonly kind: 'wrong' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'locked'; readonly liftsAt: number };

export const SECOND_FACTOR_CODE_LENGTH = 6;
const SECOND_FACTOR_TTL_MS = 10 * MINUTE_MS;
const SECOND_FACTOR_ATTEMPTS = 5;

/** `p•••••@example.cl`: enough for the citizen to know which mailbox, not enough to learn the address. */
export function emailHint(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '•••' : `${email[0]}•••••${email.slice(at)}`;
}

export interface SignInAccount {
  readonly accountId: string;
  readonly run: string;
  readonly givenNames: readonly string[];
  readonly surnames: readonly string[];
  readonly email: string;
  readonly phone: string;
}

type AccountRow = { id: number; run: string; given_names: string; surnames: string; email: string; phone: string; password_hash: string };

export class SignIn {
  readonly #ctx: DomainContext;
  readonly #policy: SignInPolicy;
  readonly #statements;
  #dummyHash: Promise<string> | undefined;

  constructor(ctx: DomainContext, policy: Partial<SignInPolicy> = {}) {
    this.#ctx = ctx;
    this.#policy = { ...SIGN_IN_POLICY, ...policy };
    const db = ctx.db;
    this.#statements = {
      accountByRun: db.prepare<[string], AccountRow>(
        'SELECT p.id, p.run, p.given_names, p.surnames, a.email, a.phone, a.password_hash FROM persons p JOIN accounts a ON a.person_id = p.id WHERE p.run = ?',
      ),
      accountById: db.prepare<[number], AccountRow>(
        'SELECT p.id, p.run, p.given_names, p.surnames, a.email, a.phone, a.password_hash FROM persons p JOIN accounts a ON a.person_id = p.id WHERE p.id = ?',
      ),
      countFailures: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM sign_in_failures WHERE subject = ? AND at > ?'),
      oldestFailure: db.prepare<[string, number], { at: number | null }>('SELECT min(at) AS at FROM sign_in_failures WHERE subject = ? AND at > ?'),
      addFailure: db.prepare<[string, number]>('INSERT INTO sign_in_failures (subject, at) VALUES (?, ?)'),
      clearFailures: db.prepare<[string]>('DELETE FROM sign_in_failures WHERE subject = ?'),
      lock: db.prepare<[number, number, number]>('INSERT OR REPLACE INTO sign_in_locks (person_id, locked_at, lifts_at) VALUES (?, ?, ?)'),
      lockOf: db.prepare<[number], { lifts_at: number }>('SELECT lifts_at FROM sign_in_locks WHERE person_id = ?'),
      unlock: db.prepare<[number]>('DELETE FROM sign_in_locks WHERE person_id = ?'),
      putCode: db.prepare<[number, Buffer, number]>(
        'INSERT OR REPLACE INTO sign_in_unlock_codes (person_id, code_hash, expires_at, attempts) VALUES (?, ?, ?, 0)',
      ),
      codeOf: db.prepare<[number], { code_hash: Buffer; expires_at: number; attempts: number }>('SELECT * FROM sign_in_unlock_codes WHERE person_id = ?'),
      codeAttempt: db.prepare<[number]>('UPDATE sign_in_unlock_codes SET attempts = attempts + 1 WHERE person_id = ?'),
      dropCode: db.prepare<[number]>('DELETE FROM sign_in_unlock_codes WHERE person_id = ?'),
      spend: db.prepare<[Buffer, number]>('INSERT OR IGNORE INTO sign_in_spent_challenges (challenge_hash, expires_at) VALUES (?, ?)'),
      purgeFailures: db.prepare<[number]>('DELETE FROM sign_in_failures WHERE at <= ?'),
      purgeLocks: db.prepare<[number]>('DELETE FROM sign_in_locks WHERE lifts_at <= ?'),
      purgeCodes: db.prepare<[number]>('DELETE FROM sign_in_unlock_codes WHERE expires_at <= ?'),
      purgeChallenges: db.prepare<[number]>('DELETE FROM sign_in_spent_challenges WHERE expires_at <= ?'),
      secondFactorOn: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sign_in_second_factor WHERE person_id = ?'),
      enableSecondFactor: db.prepare<[number, number]>('INSERT OR IGNORE INTO sign_in_second_factor (person_id, enabled_at) VALUES (?, ?)'),
      disableSecondFactor: db.prepare<[number]>('DELETE FROM sign_in_second_factor WHERE person_id = ?'),
      putPending: db.prepare<[string, number, Buffer, number]>(
        'INSERT OR REPLACE INTO sign_in_pending_second_factors (interaction_uid, person_id, code_hash, expires_at, attempts) VALUES (?, ?, ?, ?, 0)',
      ),
      pendingOf: db.prepare<[string], { person_id: number; code_hash: Buffer; expires_at: number; attempts: number }>(
        'SELECT * FROM sign_in_pending_second_factors WHERE interaction_uid = ?',
      ),
      pendingAttempt: db.prepare<[string]>('UPDATE sign_in_pending_second_factors SET attempts = attempts + 1 WHERE interaction_uid = ?'),
      dropPending: db.prepare<[string]>('DELETE FROM sign_in_pending_second_factors WHERE interaction_uid = ?'),
      purgePending: db.prepare<[number]>('DELETE FROM sign_in_pending_second_factors WHERE expires_at <= ?'),
    };
  }

  get policy(): SignInPolicy {
    return this.#policy;
  }

  /** Whether a request from this address must solve a challenge before anything else; a fresh page asks for one at once. */
  challengeOwed(address: string): boolean {
    return this.#failures(this.#addressSubject(address), this.#policy.addressWindowMs) >= this.#policy.challengeAfter;
  }

  newChallenge(): string {
    return issueChallenge(this.#ctx.serverSecret, this.#ctx.random, this.#policy.challengeBits, this.#ctx.clock() + this.#policy.challengeTtlMs);
  }

  async attempt(input: SignInAttempt): Promise<SignInResult> {
    const now = this.#ctx.clock();
    const addressSubject = this.#addressSubject(input.address);
    const run = parseRun(input.run);
    const row = run ? this.#statements.accountByRun.get(run.canonical) : undefined;
    const audit = (outcome: SignInAuditOutcome) => this.#audit(outcome, input.clientId, run?.canonical ?? null, input.address, now);

    const addressFailures = this.#failures(addressSubject, this.#policy.addressWindowMs);
    if (addressFailures >= this.#policy.addressLimit) {
      audit('rate_limited');
      const oldest = this.#statements.oldestFailure.get(addressSubject, now - this.#policy.addressWindowMs)?.at ?? now;
      return { kind: 'rate_limited', retryAt: oldest + this.#policy.addressWindowMs };
    }
    const accountSubject = row ? `account:${row.id}` : null;
    const accountFailures = accountSubject ? this.#failures(accountSubject, this.#policy.accountWindowMs) : 0;
    const owed = addressFailures >= this.#policy.challengeAfter || accountFailures >= this.#policy.challengeAfter;
    if (owed) {
      if (!input.challenge) {
        audit('challenge_required');
        return { kind: 'challenge_required' };
      }
      if (!this.#spendChallenge(input.challenge.token, input.challenge.nonce, now)) {
        audit('challenge_failed');
        return { kind: 'challenge_required' };
      }
    }
    if (row) {
      const liftsAt = this.#liftsAt(row.id, now);
      if (liftsAt !== null) {
        audit('locked');
        return { kind: 'locked', liftsAt };
      }
    }
    // An unknown RUN costs the same Argon2id time as a wrong password, so the answer's timing does not say which.
    const matches = row
      ? await this.#ctx.hasher.verify(row.password_hash, input.password.normalize('NFKC'))
      : (await this.#ctx.hasher.verify(await this.#dummy(), input.password), false);
    const after = this.#ctx.clock();
    return this.#ctx.db
      .transaction((): SignInResult => {
        if (row && matches) {
          if (this.#statements.secondFactorOn.get(row.id)!.n > 0) {
            this.#sendSecondFactor(row, input.interactionUid, input.language, after);
            this.#audit('second_factor_sent', input.clientId, row.run, input.address, after);
            return { kind: 'second_factor', emailHint: emailHint(row.email) };
          }
          this.#statements.clearFailures.run(`account:${row.id}`);
          this.#audit('success', input.clientId, row.run, input.address, after);
          return { kind: 'success', accountId: String(row.id) };
        }
        this.#statements.addFailure.run(addressSubject, after);
        if (!row) {
          this.#audit('unknown_run', input.clientId, run?.canonical ?? null, input.address, after);
          return { kind: 'failed', challengeRequired: this.#failures(addressSubject, this.#policy.addressWindowMs) >= this.#policy.challengeAfter };
        }
        this.#statements.addFailure.run(`account:${row.id}`, after);
        this.#audit('bad_password', input.clientId, row.run, input.address, after);
        // Counted again inside the write transaction: concurrent guesses at one account must not slip past the lock.
        const failuresNow = this.#failures(`account:${row.id}`, this.#policy.accountWindowMs);
        if (failuresNow >= this.#policy.lockAfter) {
          const liftsAt = after + this.#policy.lockMs;
          this.#statements.lock.run(row.id, after, liftsAt);
          this.#audit('locked', input.clientId, row.run, input.address, after);
          this.#sendUnlockCode(row, input.language, after);
          return { kind: 'locked', liftsAt };
        }
        const addressNow = this.#failures(addressSubject, this.#policy.addressWindowMs);
        return { kind: 'failed', challengeRequired: Math.max(addressNow, failuresNow) >= this.#policy.challengeAfter };
      })
      .immediate();
  }

  /**
   * Sends a fresh unlock code when the RUN's sign-in is locked; says nothing
   * either way (the page answers the same), so it cannot be used to learn
   * which RUNs are locked or have an account.
   */
  requestUnlockCode(runText: string, clientId: string, address: string, language: MessageLanguage): void {
    const now = this.#ctx.clock();
    const run = parseRun(runText);
    const row = run ? this.#statements.accountByRun.get(run.canonical) : undefined;
    if (!row || this.#liftsAt(row.id, now) === null) return;
    this.#ctx.db
      .transaction(() => {
        this.#sendUnlockCode(row, language, now);
        this.#audit('unlock_code_sent', clientId, row.run, address, now);
      })
      .immediate();
  }

  unlockWithCode(runText: string, code: string, clientId: string, address: string): UnlockCodeResult {
    const now = this.#ctx.clock();
    const run = parseRun(runText);
    const row = run ? this.#statements.accountByRun.get(run.canonical) : undefined;
    return this.#ctx.db
      .transaction((): UnlockCodeResult => {
        const stored = row ? this.#statements.codeOf.get(row.id) : undefined;
        if (!row || !stored) {
          this.#statements.addFailure.run(this.#addressSubject(address), now);
          this.#audit('unlock_code_wrong', clientId, run?.canonical ?? null, address, now);
          return { kind: 'wrong' };
        }
        if (now >= stored.expires_at) {
          this.#statements.dropCode.run(row.id);
          this.#audit('unlock_code_expired', clientId, row.run, address, now);
          return { kind: 'expired' };
        }
        const given = this.#codeHash(row.id, code);
        if (!timingSafeEqual(given, stored.code_hash)) {
          this.#statements.addFailure.run(this.#addressSubject(address), now);
          if (stored.attempts + 1 >= this.#policy.unlockCodeAttempts) this.#statements.dropCode.run(row.id);
          else this.#statements.codeAttempt.run(row.id);
          this.#audit('unlock_code_wrong', clientId, row.run, address, now);
          return { kind: 'wrong' };
        }
        this.#statements.dropCode.run(row.id);
        this.#statements.unlock.run(row.id);
        this.#statements.clearFailures.run(`account:${row.id}`);
        this.#audit('unlocked', clientId, row.run, address, now);
        return { kind: 'unlocked' };
      })
      .immediate();
  }

  /** Turns the e-mailed second factor on or off for the account of a RUN; false when the RUN has no account. */
  setSecondFactor(runText: string, enabled: boolean): boolean {
    const run = parseRun(runText);
    const row = run ? this.#statements.accountByRun.get(run.canonical) : undefined;
    if (!row) return false;
    if (enabled) this.#statements.enableSecondFactor.run(row.id, this.#ctx.clock());
    else this.#statements.disableSecondFactor.run(row.id);
    return true;
  }

  /** The code e-mailed for this interaction, after the password was right. */
  verifySecondFactor(interactionUid: string, code: string, clientId: string, address: string, language: MessageLanguage): SecondFactorResult {
    const now = this.#ctx.clock();
    return this.#ctx.db
      .transaction((): SecondFactorResult => {
        const pending = this.#statements.pendingOf.get(interactionUid);
        const row = pending ? this.#statements.accountById.get(pending.person_id) : undefined;
        if (!pending || !row) return { kind: 'expired' };
        const liftsAt = this.#liftsAt(row.id, now);
        if (liftsAt !== null) {
          this.#statements.dropPending.run(interactionUid);
          this.#audit('locked', clientId, row.run, address, now);
          return { kind: 'locked', liftsAt };
        }
        if (now >= pending.expires_at) {
          this.#statements.dropPending.run(interactionUid);
          this.#audit('second_factor_expired', clientId, row.run, address, now);
          return { kind: 'expired' };
        }
        if (!timingSafeEqual(keyedHash(this.#ctx.serverSecret, 'sign-in-second-factor', interactionUid, code), pending.code_hash)) {
          if (pending.attempts + 1 >= SECOND_FACTOR_ATTEMPTS) this.#statements.dropPending.run(interactionUid);
          else this.#statements.pendingAttempt.run(interactionUid);
          this.#statements.addFailure.run(this.#addressSubject(address), now);
          this.#statements.addFailure.run(`account:${row.id}`, now);
          this.#audit('second_factor_wrong', clientId, row.run, address, now);
          if (this.#failures(`account:${row.id}`, this.#policy.accountWindowMs) >= this.#policy.lockAfter) {
            const lifts = now + this.#policy.lockMs;
            this.#statements.lock.run(row.id, now, lifts);
            this.#statements.dropPending.run(interactionUid);
            this.#audit('locked', clientId, row.run, address, now);
            this.#sendUnlockCode(row, language, now);
            return { kind: 'locked', liftsAt: lifts };
          }
          return pending.attempts + 1 >= SECOND_FACTOR_ATTEMPTS ? { kind: 'expired' } : { kind: 'wrong' };
        }
        this.#statements.dropPending.run(interactionUid);
        this.#statements.clearFailures.run(`account:${row.id}`);
        this.#audit('success', clientId, row.run, address, now);
        return { kind: 'success', accountId: String(row.id) };
      })
      .immediate();
  }

  /** The claims' source for findAccount; undefined when the account is gone. */
  account(accountId: string): SignInAccount | undefined {
    const id = Number(accountId);
    if (!Number.isSafeInteger(id)) return undefined;
    const row = this.#statements.accountById.get(id);
    if (!row) return undefined;
    return {
      accountId,
      run: row.run,
      givenNames: JSON.parse(row.given_names) as string[],
      surnames: JSON.parse(row.surnames) as string[],
      email: row.email,
      phone: row.phone,
    };
  }

  purge(now: number): number {
    const s = this.#statements;
    return (
      s.purgeFailures.run(now - Math.max(this.#policy.accountWindowMs, this.#policy.addressWindowMs)).changes +
      s.purgeLocks.run(now).changes +
      s.purgeCodes.run(now).changes +
      s.purgeChallenges.run(now).changes +
      s.purgePending.run(now).changes
    );
  }

  #failures(subject: string, windowMs: number): number {
    return this.#statements.countFailures.get(subject, this.#ctx.clock() - windowMs)!.n;
  }

  #liftsAt(personId: number, now: number): number | null {
    const lock = this.#statements.lockOf.get(personId);
    return lock && now < lock.lifts_at ? lock.lifts_at : null;
  }

  #spendChallenge(token: string, nonce: string, now: number): boolean {
    const check = checkChallenge(this.#ctx.serverSecret, token, nonce, this.#policy.challengeBits, now);
    if (!check.ok) return false;
    return this.#statements.spend.run(keyedHash(this.#ctx.serverSecret, 'sign-in-challenge-spent', token), check.expiresAt).changes === 1;
  }

  #sendUnlockCode(row: AccountRow, language: MessageLanguage, now: number): void {
    const code = randomString(this.#ctx.random, '0123456789', UNLOCK_CODE_LENGTH);
    this.#statements.putCode.run(row.id, this.#codeHash(row.id, code), now + this.#policy.unlockCodeTtlMs);
    const texts = signInMessages(language);
    this.#ctx.mailbox.enqueue(
      { channel: 'email', recipient: row.email, kind: 'sign_in_unlock_code', subject: texts.unlockSubject, body: texts.unlockBody(code) },
      now,
    );
  }

  #sendSecondFactor(row: AccountRow, interactionUid: string, language: MessageLanguage, now: number): void {
    const code = randomString(this.#ctx.random, '0123456789', SECOND_FACTOR_CODE_LENGTH);
    this.#statements.putPending.run(
      interactionUid,
      row.id,
      keyedHash(this.#ctx.serverSecret, 'sign-in-second-factor', interactionUid, code),
      now + SECOND_FACTOR_TTL_MS,
    );
    const texts = signInMessages(language);
    this.#ctx.mailbox.enqueue(
      { channel: 'email', recipient: row.email, kind: 'sign_in_second_factor', subject: texts.secondFactorSubject, body: texts.secondFactorBody(code) },
      now,
    );
  }

  #codeHash(personId: number, code: string): Buffer {
    return keyedHash(this.#ctx.serverSecret, 'sign-in-unlock-code', String(personId), code);
  }

  #addressSubject(address: string): string {
    return `address:${keyedHash(this.#ctx.serverSecret, 'sign-in-address', address).toString('base64url').slice(0, 22)}`;
  }

  #audit(outcome: SignInAuditOutcome, clientId: string, canonicalRun: string | null, address: string, now: number): void {
    const fields = {
      clientId,
      runRef: canonicalRun ? runRef(this.#ctx.serverSecret, canonicalRun) : null,
      addressRef: keyedHash(this.#ctx.serverSecret, 'sign-in-address', address).toString('hex').slice(0, 10),
    };
    this.#ctx.audit.record({ event: 'sign_in', outcome, run: null, kioskId: null, detail: fields }, now);
    this.#ctx.log('sign_in', { outcome, ...fields });
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= this.#ctx.hasher.hash('not a password anyone has');
    return this.#dummyHash;
  }
}
