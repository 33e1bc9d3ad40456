/**
 * kioskctl's outbox commands:
 *
 *   queue status [--data-dir DIR]
 *     counts by kind, the oldest pending row's age, and the dead-letter rows
 *     with their reasons. Never a row's contents: they are sealed to central
 *     and the kiosk cannot read them, and the routing data (idempotency keys)
 *     is not a technician's business. Read-only.
 *   queue retry [--dead] [--data-dir DIR]
 *     every pending row due now; with --dead, dead rows still young enough
 *     to be sent (outbox.maxAgeDays) go back to pending. Audited
 *     (technician.queue_retried). The running service's delivery worker picks
 *     them up at its next wake-up (at most 30 s, delivery-worker.ts).
 */
import { loadConfiguration, withDatabase } from '../maintenance/kiosk-files.ts';
import { queueView } from '../maintenance/queue.ts';
import { recordWith, technicianRecord } from '../maintenance/technician-audit.ts';
import { DEFAULT_IDLE_MS } from '../outbox/delivery-worker.ts';
import { Outbox } from '../outbox/outbox.ts';
import { DATA_DIR_OPTION, parseOptions } from './args.ts';
import type { CliCommand } from './cli-command.ts';
import { resolveDataDir } from './data-dir.ts';

const STATUS_USAGE = 'queue status [--data-dir DIR]';
const RETRY_USAGE = 'queue retry [--dead] [--data-dir DIR]';
const DAY_MS = 86_400_000;

export const queueStatusCommand: CliCommand = {
  path: ['queue', 'status'],
  usage: STATUS_USAGE,
  summary: 'Outbox counts, oldest pending age, dead-letter rows with their reasons (never contents); read-only',
  async run(args, io) {
    const { values } = parseOptions(args, DATA_DIR_OPTION, STATUS_USAGE);
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    return withDatabase(dataDir, 'read', (db) => {
      const { config } = loadConfiguration(db, dataDir);
      const now = Date.now();
      const outbox = new Outbox(db, { maxAgeMs: config.outbox.maxAgeDays * DAY_MS });
      return { dataDir, ...queueView(outbox.stats(now), config.outbox.maxAgeDays, now) };
    });
  },
};

export const queueRetryCommand: CliCommand = {
  path: ['queue', 'retry'],
  usage: RETRY_USAGE,
  summary: 'Make every pending row due now; with --dead also revive dead rows young enough to send (audited)',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, dead: { type: 'boolean', default: false } }, RETRY_USAGE);
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const includeDead = values.dead === true;
    return withDatabase(
      dataDir,
      'write',
      async (db) => {
        const { config } = loadConfiguration(db, dataDir);
        const outbox = new Outbox(db, { maxAgeMs: config.outbox.maxAgeDays * DAY_MS });
        const record = await technicianRecord('technician.queue_retried', { includeDead }, config.kioskId, new Date());
        const result = recordWith(db, record, () => outbox.retryNow({ includeDead }));
        const now = Date.now();
        return {
          dataDir,
          ...result,
          note: `a running kiosk service sends them within ${DEFAULT_IDLE_MS / 1000} s, once central answers`,
          queue: queueView(outbox.stats(now), config.outbox.maxAgeDays, now),
        };
      },
      false,
    );
  },
};

export const QUEUE_COMMANDS: readonly CliCommand[] = [queueStatusCommand, queueRetryCommand];
