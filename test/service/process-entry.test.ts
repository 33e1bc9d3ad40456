/**
 * The kiosk service process as a host runs it (child_process.fork with IPC):
 * what it announces when ready, and that every clean way to stop it leaves
 * the database checkpointed and closed, its data in the main file alone.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type ServiceReady, ServiceToHostSchema } from '../../electron/contract/index.ts';
import { KIOSK_DATABASE_FILE } from '../../electron/service/db/database.ts';

const ENTRY = join(import.meta.dirname, '../../electron/service/process-entry.ts');
/** A hang guard for one start and stop, not a measure of speed. */
const BOUND_MS = 30_000;

function startService(env: NodeJS.ProcessEnv): { child: ChildProcess; dataDir: string; ready: Promise<ServiceReady>; stderr: () => string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'service-entry-'));
  const { KIOSK_CENTRAL_URL: _central, ...inherited } = process.env;
  const child = fork(ENTRY, [], {
    env: { ...inherited, KIOSK_LOG_LEVEL: 'warn', KIOSK_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<ServiceReady>((resolve, reject) => {
    child.on('message', (raw) => {
      const message = ServiceToHostSchema.safeParse(raw);
      if (message.success && message.data.type === 'ready') resolve(message.data);
    });
    child.once('exit', (code, signal) => reject(new Error(`service exited (${code ?? signal}) before it was ready:\n${stderr}`)));
  });
  return { child, dataDir, ready, stderr: () => stderr };
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

const STOPS: Record<string, (child: ChildProcess) => void> = {
  'the shutdown message': (child) => child.send({ type: 'shutdown' }),
  'the host going away (IPC disconnect)': (child) => child.disconnect(),
  SIGTERM: (child) => child.kill('SIGTERM'),
  SIGINT: (child) => child.kill('SIGINT'),
};

describe('the kiosk service process', () => {
  for (const [name, stop] of Object.entries(STOPS)) {
    it(
      `on ${name}: exits 0 with its database checkpointed and closed`,
      async () => {
        const service = startService({ KIOSK_SIMULATED: '1' });
        await service.ready;
        stop(service.child);
        expect(await exitOf(service.child), service.stderr()).toEqual({ code: 0, signal: null });

        const database = join(service.dataDir, KIOSK_DATABASE_FILE);
        if (existsSync(`${database}-wal`)) expect(statSync(`${database}-wal`).size).toBe(0);
        // A copy of the main file without its -wal: what a backup of it would hold.
        const alone = join(mkdtempSync(join(tmpdir(), 'service-entry-copy-')), KIOSK_DATABASE_FILE);
        copyFileSync(database, alone);
        const db = new Database(alone, { readonly: true });
        try {
          expect(db.prepare('SELECT count(*) AS n FROM kiosk_config').get()).toEqual({ n: 1 });
        } finally {
          db.close();
        }
      },
      BOUND_MS,
    );
  }

  it(
    'announces whether its resolved configuration simulates devices, so hosts offer developer affordances only then',
    async () => {
      for (const [simulated, expected] of [
        ['1', true],
        ['0', false],
      ] as const) {
        const service = startService({ KIOSK_SIMULATED: simulated });
        expect(await service.ready).toMatchObject({ type: 'ready', simulatedDevices: expected });
        service.child.send({ type: 'shutdown' });
        await exitOf(service.child);
      }
    },
    BOUND_MS,
  );

  it(
    'answers the commands sent as soon as it says ready, in the order sent (it finishes starting after `ready`)',
    async () => {
      const service = startService({ KIOSK_SIMULATED: '1' });
      const results: Array<{ id: number; ok: boolean; step?: string }> = [];
      service.child.on('message', (raw) => {
        const message = ServiceToHostSchema.safeParse(raw);
        if (message.success && message.data.type === 'result') {
          const { result } = message.data as { id: number; result: { ok: boolean; value?: { step?: string } } };
          results.push({ id: message.data.id, ok: result.ok, ...(result.value?.step !== undefined && { step: result.value.step }) });
        }
      });
      await service.ready;
      // At once, without waiting for anything else: these reach the service while it is still loading its modules.
      for (const [id, command] of [
        [1, 'session.snapshot'],
        [2, 'app.info'],
        [3, 'session.snapshot'],
      ] as const) {
        service.child.send({ type: 'invoke', id, command });
      }
      await expect.poll(() => results.length, { timeout: BOUND_MS }).toBe(3);
      expect(results).toEqual([
        { id: 1, ok: true, step: 'idle' },
        { id: 2, ok: true },
        { id: 3, ok: true, step: 'idle' },
      ]);
      service.child.send({ type: 'shutdown' });
      expect(await exitOf(service.child), service.stderr()).toEqual({ code: 0, signal: null });
    },
    BOUND_MS,
  );
});
