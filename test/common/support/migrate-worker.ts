/**
 * One process migrating a shared SQLite file, for test/common/migrate.test.ts:
 * `migrate-worker.ts <kiosk|central> <path>` prints the versions its
 * applyMigrations reported. Every migration records which process ran it, so
 * the test can hold each report against what really happened.
 */
import Database from 'better-sqlite3';
import { applyMigrations as applyCentral } from '../../../central/storage/migrate.ts';
import { applyMigrations as applyKiosk } from '../../../electron/service/db/migrate.ts';
import { recordingMigrations } from './recording-migrations.ts';

const [layer, path] = process.argv.slice(2);
if ((layer !== 'kiosk' && layer !== 'central') || !path) throw new Error('usage: migrate-worker.ts <kiosk|central> <path>');
// The busy timeout is how a second connection waits for the first one's write lock, as the real databases do.
const db = new Database(path, { timeout: 30_000 });
db.pragma('journal_mode = WAL');
const apply = layer === 'kiosk' ? applyKiosk : applyCentral;
// Wait for the go signal so the processes start migrating as close together as the OS lets them.
process.once('message', () => {
  const applied = apply(db, recordingMigrations(process.pid));
  db.close();
  process.send?.({ pid: process.pid, applied }, () => process.disconnect());
});
process.send?.('ready');
