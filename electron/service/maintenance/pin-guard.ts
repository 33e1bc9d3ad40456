/**
 * Wrong technician PINs, counted in the kiosk database (migration 0002):
 * after `maxAttempts` wrong PINs in a row technician mode is locked for
 * `lockoutMs` (5 and 15 minutes: reliability-security.md §4.3, OWASP's
 * threshold / window / lockout duration, counted per account — here the one
 * technician account of the kiosk). A restart does not reset the count or
 * the lock, and a right PIN does not open a locked kiosk.
 *
 * An attempt is counted before the PIN is checked (`begin`) and forgiven only
 * once it turned out right (`succeeded`), so a process that dies halfway
 * through a check has still spent that attempt.
 *
 * The count and the lock live in their own table, apart from the PIN hash in
 * the configuration: clearing or replacing the hash (`kioskctl config set
 * technicianPinHash null`, `kioskctl technician set-pin`) leaves a running
 * lock as it is; only its end, or a right PIN once it has ended, resets it.
 */
import { TECHNICIAN_MAX_PIN_ATTEMPTS } from '../../contract/index.ts';
import type { KioskDatabase } from '../db/database.ts';

export const DEFAULT_LOCKOUT_MS = 15 * 60_000;

export interface PinGuardOptions {
  readonly maxAttempts?: number;
  readonly lockoutMs?: number;
}

export interface PinGuardState {
  readonly failures: number;
  /** UTC ms, while locked; null otherwise. */
  readonly lockedUntil: number | null;
  readonly attemptsLeft: number;
}

export type AttemptStart = { readonly ok: true } | { readonly ok: false; readonly lockedUntil: number };

export class PinGuard {
  readonly #db: KioskDatabase;
  readonly maxAttempts: number;
  readonly lockoutMs: number;

  constructor(db: KioskDatabase, options: PinGuardOptions = {}) {
    this.#db = db;
    this.maxAttempts = options.maxAttempts ?? TECHNICIAN_MAX_PIN_ATTEMPTS;
    this.lockoutMs = options.lockoutMs ?? DEFAULT_LOCKOUT_MS;
  }

  state(now: number): PinGuardState {
    const row = this.#row();
    const lockedUntil = row.lockedUntil !== null && row.lockedUntil > now ? row.lockedUntil : null;
    // A lock that has run out leaves a fresh set of attempts.
    const failures = row.lockedUntil !== null && lockedUntil === null ? 0 : row.failures;
    return { failures, lockedUntil, attemptsLeft: lockedUntil === null ? Math.max(0, this.maxAttempts - failures) : 0 };
  }

  /** Spends one attempt, or says the kiosk is locked. */
  begin(now: number): AttemptStart {
    return this.#db
      .transaction((): AttemptStart => {
        const current = this.state(now);
        if (current.lockedUntil !== null) return { ok: false, lockedUntil: current.lockedUntil };
        this.#write(current.failures + 1, null, now);
        return { ok: true };
      })
      .immediate();
  }

  /** The PIN was right: the attempt is forgiven and the count starts again. */
  succeeded(now: number): void {
    this.#write(0, null, now);
  }

  /** The PIN was wrong (its attempt is already counted). Returns the lock's end when this one locked technician mode. */
  failed(now: number): { lockedUntil: number | null } {
    return this.#db
      .transaction(() => {
        const { failures } = this.#row();
        if (failures < this.maxAttempts) return { lockedUntil: null };
        const lockedUntil = now + this.lockoutMs;
        this.#write(0, lockedUntil, now);
        // Counted for central's next heartbeat (migration 0003); the heartbeat subtracts what central acknowledged.
        this.#db.prepare('UPDATE technician_pin_guard SET lockouts = lockouts + 1 WHERE id = 1').run();
        return { lockedUntil };
      })
      .immediate();
  }

  #row(): { failures: number; lockedUntil: number | null } {
    const row = this.#db.prepare('SELECT failures, locked_until FROM technician_pin_guard WHERE id = 1').get() as
      { failures: number; locked_until: number | null } | undefined;
    return { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null };
  }

  #write(failures: number, lockedUntil: number | null, now: number): void {
    this.#db
      .prepare(
        'INSERT INTO technician_pin_guard (id, failures, locked_until, updated_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at',
      )
      .run(failures, lockedUntil, now);
  }
}
