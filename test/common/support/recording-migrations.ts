import type { Migration } from '../../../common/node/migrate.ts';

/** Three migrations that each record, in the migrated database, the process (or connection) that ran them. */
export function recordingMigrations(runner: number): Migration[] {
  return [
    {
      version: 1,
      name: '0001-log',
      sql: `CREATE TABLE migration_log (version INTEGER NOT NULL, runner INTEGER NOT NULL); INSERT INTO migration_log VALUES (1, ${runner});`,
    },
    { version: 2, name: '0002-people', sql: `CREATE TABLE people (id INTEGER PRIMARY KEY); INSERT INTO migration_log VALUES (2, ${runner});` },
    { version: 3, name: '0003-cards', sql: `CREATE TABLE cards (id INTEGER PRIMARY KEY); INSERT INTO migration_log VALUES (3, ${runner});` },
  ];
}
