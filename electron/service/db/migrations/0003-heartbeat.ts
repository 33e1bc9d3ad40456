import type { Migration } from '../migrate.ts';

/**
 * What heartbeats (electron/service/heartbeat/) must not lose across a
 * restart, because central counts on each figure arriving once:
 *
 * - technician_pin_guard.lockouts: technician PIN lockouts not yet
 *   acknowledged by central. A heartbeat reports the count; when central
 *   acknowledges, the reported number is subtracted (a lockout that happened
 *   while the heartbeat was in flight stays for the next one).
 * - heartbeat_state: one row. `sessions_counted_to` is the end time (UTC ms)
 *   up to which ended sessions have been reported and acknowledged (session
 *   outcomes are counted from `sessions`, nothing is copied). `directive` is
 *   the last central directive the kiosk verified and accepted (its payload
 *   JSON), so a kiosk central set out of service stays so after a restart
 *   until central lifts it.
 */
export const migration0003: Migration = {
  version: 3,
  name: '0003-heartbeat',
  sql: `
    ALTER TABLE technician_pin_guard ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0);

    CREATE TABLE heartbeat_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      sessions_counted_to INTEGER NOT NULL DEFAULT 0,
      directive TEXT,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
