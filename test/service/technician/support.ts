/**
 * A kiosk service for technician-mode tests: a real SQLite file with the
 * configuration stored as the service's first start stores it, a manual
 * clock and scheduler (so inactivity and lockouts are tested without
 * waiting), and the outbox rows' audit records read back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../../../electron/contract/index.ts';
import type { DeviceAssignments } from '../../../electron/service/config/device-config.ts';
import { KioskConfigStore } from '../../../electron/service/config/kiosk-config.ts';
import { DEFAULT_SERVICE_CONFIG, type ServiceConfig } from '../../../electron/service/config/service-config.ts';
import { type KioskDatabase, kioskDatabasePath, openKioskDatabase } from '../../../electron/service/db/database.ts';
import { createKioskService, type KioskService, type KioskServiceDeps } from '../../../electron/service/kiosk-service.ts';
import { createLogger } from '../../../common/log.ts';
import type { Clock } from '../../../electron/service/session/session-runner.ts';
import type { Schedule } from '../../../common/timers.ts';
import type { Speaker } from '../../../electron/service/speech/espeak-speaker.ts';
import { COMMANDS, isCommandName, ok, resultSchema } from '../../../electron/contract/index.ts';
import { storeTechnicianPin } from '../../../electron/service/maintenance/technician-pin.ts';

export const NO_DEVICES: DeviceAssignments = { fingerprint: { transport: 'none' }, cardReader: { transport: 'none' }, printer: { transport: 'none' } };

/** Time that moves only when a test says so; timers fire in order as it passes them. */
export class ManualTime {
  #now = Date.parse('2026-03-02T12:00:00.000Z');
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #nextId = 1;

  now = () => this.#now;

  readonly clock: Clock = {
    now: () => this.#now,
    setTimeout: (fn, ms) => this.#add(fn, ms),
    clearTimeout: (handle) => this.#remove(handle as number),
  };

  readonly schedule: Schedule = (fn, ms) => {
    const id = this.#add(fn, ms);
    return () => this.#remove(id);
  };

  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (next === undefined || next.at > until) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = until;
  }

  #add(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#timers.push({ at: this.#now + Math.max(0, ms), fn, id });
    return id;
  }

  #remove(id: number): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }
}

const silentSpeaker: Speaker = {
  status: async () => ({ available: false, reason: 'synthesiser_missing', output: 'none', voices: { 'es-CL': null, en: null, ht: null } }),
  say: async () => ok({ spoken: false }),
  stop: () => ({ stopped: false }),
  idle: async () => undefined,
  close: async () => undefined,
};

const dirs: string[] = [];
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-technician-'));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TestKiosk {
  readonly service: KioskService;
  readonly db: KioskDatabase;
  readonly dataDir: string;
  readonly time: ManualTime;
  readonly events: { event: EventName; payload: unknown }[];
  readonly exits: number[];
  readonly logLines: string[];
  call<T = unknown>(command: string, payload?: unknown): Promise<{ ok: boolean; value?: T; error?: { code: string } }>;
  /** The audit records queued in the outbox, oldest first. */
  audit(): { type: string; outcome: string; at: string; detail?: Record<string, unknown> }[];
  storedDocument(): Record<string, unknown>;
  close(): Promise<void>;
}

export interface TestKioskOptions {
  readonly dataDir?: string;
  readonly time?: ManualTime;
  readonly config?: Partial<ServiceConfig>;
  readonly technician?: KioskServiceDeps['technician'];
}

/** A service on a database whose configuration is stored, as after the service's first start. */
export function startTestKiosk(options: TestKioskOptions = {}): TestKiosk {
  const dataDir = options.dataDir ?? tempDataDir();
  const time = options.time ?? new ManualTime();
  const db = openKioskDatabase(kioskDatabasePath(dataDir));
  const store = new KioskConfigStore(db, { dataDir });
  const config = store.load() ?? store.save({ ...DEFAULT_SERVICE_CONFIG, devices: NO_DEVICES, ...options.config, dataDir }, new Date(time.now()));
  const events: TestKiosk['events'] = [];
  const exits: number[] = [];
  const logLines: string[] = [];
  const service = createKioskService({
    config: { ...config, ...options.config, dataDir },
    db,
    log: createLogger((line) => logLines.push(line), 'test'),
    version: '1.0.0-test',
    clock: time.clock,
    speech: silentSpeaker,
    requestExit: (code) => exits.push(code),
    technician: { schedule: time.schedule, ...options.technician },
  });
  service.onEvent((event, payload) => events.push({ event, payload }));
  return {
    service,
    db,
    dataDir,
    time,
    events,
    exits,
    logLines,
    async call(command, payload) {
      const result = await service.handle(command, payload);
      // What the renderer would get: every answer must pass its output schema (createKioskApi checks it there).
      if (isCommandName(command)) {
        const parsed = resultSchema(COMMANDS[command].output).safeParse(result);
        if (!parsed.success)
          throw new Error(`${command} answered outside its output schema: ${parsed.error.message}\n${JSON.stringify(result).slice(0, 2000)}`);
      }
      return result as never;
    },
    audit: () =>
      (db.prepare("SELECT body FROM outbox WHERE stream = 'audit' ORDER BY id").all() as { body: string }[]).flatMap(
        (row) => (JSON.parse(row.body) as { events: { type: string; outcome: string; at: string; detail?: Record<string, unknown> }[] }).events,
      ),
    storedDocument: () =>
      JSON.parse((db.prepare('SELECT document FROM kiosk_config WHERE id = 1').get() as { document: string }).document) as Record<string, unknown>,
    async close() {
      await service.close();
      db.close();
    },
  };
}

/** The PIN as `kioskctl technician set-pin` provisions it (the maintenance operation that command runs), on the kiosk's database. */
export async function provisionPin(kiosk: TestKiosk, pin: string): Promise<void> {
  const kioskId = String(kiosk.storedDocument().kioskId);
  const stored = await storeTechnicianPin({
    db: kiosk.db,
    dataDir: kiosk.dataDir,
    pin,
    confirmation: pin,
    at: new Date(kiosk.time.now()),
    via: 'kioskctl',
    kioskId,
  });
  if (!stored.ok) throw new Error(`the test PIN is refused: ${stored.problem}`);
}

/** A provisioned PIN, and technician mode opened with it. */
export async function openTechnicianMode(kiosk: TestKiosk, pin: string): Promise<void> {
  await provisionPin(kiosk, pin);
  const entered = await kiosk.call('technician.enter', { pin });
  if (!entered.ok) throw new Error(`technician mode did not open: ${JSON.stringify(entered)}`);
}
