import type { Migration } from '../migrate.ts';

/**
 * Technician mode's PIN guard (electron/service/technician/pin-guard.ts): the
 * wrong PINs in a row and the end of a lockout, in the database so that
 * restarting the service (or pulling the plug) does not give a guesser a
 * fresh set of attempts. One row; times are UTC milliseconds.
 */
export const migration0002: Migration = {
  version: 2,
  name: '0002-technician',
  sql: `
    CREATE TABLE technician_pin_guard (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
      locked_until INTEGER,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
