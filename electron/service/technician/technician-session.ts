/**
 * The open technician session: a flag and a deadline held by the service
 * alone (the renderer never gets a token it could replay). Every technician
 * command and every reported touch postpones the deadline; when it passes,
 * the session ends by itself, whether or not the screen is still showing
 * technician mode: a kiosk left in technician mode closes it.
 */

import { backgroundSchedule, type Schedule } from '../../../common/timers.ts';

export const DEFAULT_INACTIVITY_MS = 5 * 60_000;

export interface TechnicianSessionOptions {
  readonly inactivityMs?: number;
  readonly now: () => number;
  readonly schedule?: Schedule;
  /** Called once when the deadline passes (never for close()). */
  readonly onExpired: () => void;
}

export class TechnicianSession {
  readonly inactivityMs: number;
  readonly #now: () => number;
  readonly #schedule: Schedule;
  readonly #onExpired: () => void;
  #expiresAt: number | null = null;
  #cancelTimer: (() => void) | null = null;

  constructor(options: TechnicianSessionOptions) {
    this.inactivityMs = options.inactivityMs ?? DEFAULT_INACTIVITY_MS;
    this.#now = options.now;
    this.#schedule = options.schedule ?? backgroundSchedule;
    this.#onExpired = options.onExpired;
  }

  /** The deadline while open (UTC ms); checking it ends a session whose deadline has passed. */
  expiresAt(): number | null {
    if (this.#expiresAt !== null && this.#now() >= this.#expiresAt) this.#expire();
    return this.#expiresAt;
  }

  isOpen(): boolean {
    return this.expiresAt() !== null;
  }

  open(): void {
    this.#expiresAt = this.#now() + this.inactivityMs;
    this.#arm();
  }

  /** Postpones the deadline of an open session; false when none is open. */
  touch(): boolean {
    if (!this.isOpen()) return false;
    this.#expiresAt = this.#now() + this.inactivityMs;
    return true;
  }

  close(): void {
    this.#expiresAt = null;
    this.#cancelTimer?.();
    this.#cancelTimer = null;
  }

  #arm(): void {
    this.#cancelTimer?.();
    if (this.#expiresAt === null) return;
    // The timer wakes at the deadline it knew; a touch since then moved the deadline, so it sleeps again.
    this.#cancelTimer = this.#schedule(
      () => {
        this.#cancelTimer = null;
        if (this.#expiresAt === null) return;
        if (this.#now() >= this.#expiresAt) this.#expire();
        else this.#arm();
      },
      Math.max(0, this.#expiresAt - this.#now()),
    );
  }

  #expire(): void {
    this.close();
    this.#onExpired();
  }
}
