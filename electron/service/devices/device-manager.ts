import { DEVICE_ROLES, DEVICE_STATE_MESSAGE_KEYS, type DeviceRole, type DeviceState, type DeviceStatusReport, type RoleStatus } from '../../contract/index.ts';
import type { CardReader } from '../../../drivers/card-reader/card-reader.ts';
import type { FingerprintReader } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import { type DeviceAssignment, type DeviceAssignments, formatDeviceAssignment } from '../config/device-config.ts';
import type { Logger } from '../../../common/log.ts';
import { backgroundSchedule, type Schedule } from '../../../common/timers.ts';
import { buildCardReader, buildFingerprintReader, buildPrinter, type Simulations } from './device-factories.ts';
import type { ManagedPrinter } from './managed-printer.ts';

export interface DeviceManagerOptions {
  readonly assignments: DeviceAssignments;
  readonly dataDir: string;
  readonly log: Logger;
  readonly simulated: boolean;
  readonly schedule?: Schedule;
  /** How often an idle printer is asked for its status (paper, cover). */
  readonly printerPollMs?: number;
  /** Back-off for a device that could not be built or opened: first wait, then doubling up to the cap. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

interface Slot {
  readonly role: DeviceRole;
  readonly assignment: DeviceAssignment;
  driver: string | null;
  state: DeviceState;
  retryMs: number;
  cancelRetry: (() => void) | null;
  release: (() => Promise<void>) | null;
}

/**
 * Builds the drivers the configuration names, opens them, keeps each role's
 * state (ready, busy, not connected, needs attention), retries what failed
 * with capped back-off, and tells listeners whenever a role's state changes.
 * The session asks it for the reader and printer it needs.
 */
export class DeviceManager {
  readonly simulations: Simulations = {};
  fingerprint: FingerprintReader | null = null;
  cardReader: CardReader | null = null;
  printer: ManagedPrinter | null = null;
  readonly #options: DeviceManagerOptions;
  readonly #schedule: Schedule;
  readonly #slots: Record<DeviceRole, Slot>;
  readonly #listeners = new Set<(report: DeviceStatusReport) => void>();
  #cancelPoll: (() => void) | null = null;
  #stopped = false;

  constructor(options: DeviceManagerOptions) {
    this.#options = options;
    this.#schedule = options.schedule ?? backgroundSchedule;
    const slot = (role: DeviceRole): Slot => ({
      role,
      assignment: options.assignments[role],
      driver: null,
      state: 'not-configured',
      retryMs: options.retryMinMs ?? 1000,
      cancelRetry: null,
      release: null,
    });
    this.#slots = { fingerprint: slot('fingerprint'), cardReader: slot('cardReader'), printer: slot('printer') };
  }

  /** Builds and opens every configured device; a device that fails is retried, never fatal. */
  async start(): Promise<void> {
    await Promise.all(DEVICE_ROLES.map((role) => this.#connect(this.#slots[role])));
    this.#pollPrinter();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelPoll?.();
    await Promise.all(
      DEVICE_ROLES.map(async (role) => {
        const slot = this.#slots[role];
        slot.cancelRetry?.();
        await slot.release?.().catch(() => undefined);
      }),
    );
    await this.simulations.printer?.close();
    this.#listeners.clear();
  }

  status(now: Date = new Date()): DeviceStatusReport {
    const roleStatus = (role: DeviceRole): RoleStatus => {
      const { state, driver } = this.#slots[role];
      return { state, driver, messageKey: DEVICE_STATE_MESSAGE_KEYS[state] };
    };
    const [fingerprint, cardReader, printer] = DEVICE_ROLES.map(roleStatus) as [RoleStatus, RoleStatus, RoleStatus];
    return { roles: { fingerprint, cardReader, printer }, simulated: this.#options.simulated, checkedAt: now.toISOString() };
  }

  onStatus(listener: (report: DeviceStatusReport) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** What each role is attached through, for dev.info and diagnostics (no personal data). */
  describe(): { role: DeviceRole; driver: string }[] {
    return DEVICE_ROLES.map((role) => ({ role, driver: this.#slots[role].driver ?? formatDeviceAssignment(this.#slots[role].assignment) }));
  }

  #setState(slot: Slot, state: DeviceState): void {
    if (slot.state === state) return;
    slot.state = state;
    this.#options.log.log('info', 'device.state', { role: slot.role, state, driver: slot.driver });
    const report = this.status();
    for (const listener of this.#listeners) listener(report);
  }

  /** Names the slot's driver and, the first time, subscribes to its state; release() undoes both and closes it. */
  #attach(slot: Slot, device: { readonly driver: string; close(): Promise<void> }, subscribe: () => () => void): void {
    slot.driver = device.driver;
    if (slot.release) return;
    const off = subscribe();
    slot.release = async () => {
      off();
      await device.close();
    };
  }

  async #connect(slot: Slot): Promise<void> {
    if (this.#stopped || slot.assignment.transport === 'none') return;
    const ctx = { dataDir: this.#options.dataDir, simulations: this.simulations };
    try {
      switch (slot.role) {
        case 'fingerprint': {
          const reader = (this.fingerprint ??= await buildFingerprintReader(slot.assignment, ctx));
          if (!reader) return;
          this.#attach(slot, reader, () => reader.onState((state) => this.#setState(slot, state)));
          // The R30x driver reconnects by itself after an unplug; only its first open is ours to retry.
          await reader.open();
          this.#setState(slot, reader.state());
          break;
        }
        case 'cardReader': {
          const reader = (this.cardReader ??= await buildCardReader(slot.assignment, ctx));
          if (!reader) return;
          this.#attach(slot, reader, () =>
            reader.onStatus((state) => {
              this.#setState(slot, state);
              // Serial and HID card readers reopen on request: keep asking while the cable is out.
              if (state === 'not-connected') this.#retryLater(slot);
            }),
          );
          await reader.open();
          this.#setState(slot, reader.state());
          break;
        }
        case 'printer': {
          const printer = (this.printer ??= await buildPrinter(slot.assignment, ctx));
          if (!printer) return;
          this.#attach(slot, printer, () => printer.onState((state) => this.#setState(slot, state)));
          this.#setState(slot, await printer.refresh());
          break;
        }
      }
      slot.retryMs = this.#options.retryMinMs ?? 1000;
    } catch (error) {
      this.#options.log.log('warn', 'device.open_failed', {
        role: slot.role,
        error: error instanceof Error ? error.name : 'unknown',
        code: typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : null,
      });
      slot.driver ??= formatDeviceAssignment(slot.assignment);
      this.#setState(slot, 'not-connected');
      // A built R30x driver keeps reopening by itself after a failed first open (and reports its state);
      // a second retry loop here would only race it. What failed before a driver existed is ours to retry.
      if (slot.role === 'fingerprint' && this.fingerprint) return;
      this.#retryLater(slot);
    }
  }

  #retryLater(slot: Slot): void {
    if (this.#stopped || slot.cancelRetry) return;
    const wait = slot.retryMs;
    slot.retryMs = Math.min(this.#options.retryMaxMs ?? 30_000, slot.retryMs * 2);
    slot.cancelRetry = this.#schedule(() => {
      slot.cancelRetry = null;
      void this.#connect(slot);
    }, wait);
  }

  #pollPrinter(): void {
    if (this.#stopped) return;
    this.#cancelPoll = this.#schedule(() => {
      // Not while printing: the job's own status reads are the fresher answer.
      if (this.printer && this.#slots.printer.state !== 'busy') void this.printer.refresh();
      this.#pollPrinter();
    }, this.#options.printerPollMs ?? 60_000);
  }
}
