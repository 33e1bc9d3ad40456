/**
 * The configuration as technician mode reads and changes it: the stored
 * document (what the technician set, and what the next start of the service
 * uses), written through the same validated, atomic update as `kioskctl
 * config set` (KioskConfigStore.update under one write lock, with its audit
 * record in the same transaction). A refused value changes nothing and says
 * which field and why.
 *
 * The running service took its configuration at start, with `KIOSK_*`
 * variables over the stored document for that run (kiosk-config.ts). Fields
 * the environment overrides are reported, and checks (selftest, central
 * test, registration) use the value the kiosk actually runs with for them.
 * Device assignments apply at once (the service restarts its device
 * manager); the rest applies when technician mode ends (the service
 * restarts then).
 */
import {
  type ConfigChange,
  type ConfigChangeResult,
  DEVICE_ROLES,
  type DeviceRole,
  type TechnicianConfig,
  type TechnicianSetupArgs,
} from '../../contract/index.ts';
import { type DeviceAssignments, formatDeviceAssignment } from '../config/device-config.ts';
import { type ConfigPatch, KioskConfigStore, validateConfigPatch } from '../config/kiosk-config.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import type { KioskDatabase } from '../db/database.ts';
import { storedClientCertificate } from './central-check.ts';
import { checkConfigFiles } from './config-files.ts';
import { sameJson, viewConfig } from './config-view.ts';
import { MaintenanceError } from './maintenance-error.ts';
import { changeDetail, type TechnicianRecords } from './technician-records.ts';

/** Top-level fields compared to find what the environment overrides (the run-only ones are never stored). */
const COMPARED_FIELDS = [
  'kioskId',
  'mode',
  'languages',
  'defaultLanguage',
  'idleTimeoutSeconds',
  'simulatedDevices',
  'centralUrl',
  'centralCaFile',
  'centralClientCertFile',
  'centralClientKeyFile',
] as const;

const SETUP_FIELDS = ['kioskId', 'office', 'mode', 'centralUrl', 'centralCaFile'] as const satisfies readonly (keyof TechnicianSetupArgs)[];

export interface TechnicianConfigDeps {
  readonly db: KioskDatabase;
  /** The configuration this run of the service started with (environment included). */
  readonly running: ServiceConfig;
  readonly records: TechnicianRecords;
  /** Restarts the device manager with these assignments. */
  readonly reassignDevices: (assignments: DeviceAssignments) => Promise<void>;
}

function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 300);
}

export class TechnicianConfigStore {
  readonly #deps: TechnicianConfigDeps;
  readonly #store: KioskConfigStore;
  readonly #environmentOverrides: string[];
  #assignments: DeviceAssignments;
  #restartPending = false;

  constructor(deps: TechnicianConfigDeps) {
    this.#deps = deps;
    this.#store = new KioskConfigStore(deps.db, { dataDir: deps.running.dataDir });
    this.#assignments = { ...deps.running.devices };
    const stored = this.stored();
    this.#environmentOverrides = [
      ...COMPARED_FIELDS.filter((field) => !sameJson(stored[field] ?? null, deps.running[field] ?? null)),
      ...DEVICE_ROLES.filter((role) => !sameJson(stored.devices[role], deps.running.devices[role])).map((role) => `devices.${role}`),
    ];
  }

  get restartPending(): boolean {
    return this.#restartPending;
  }

  markRestartPending(): void {
    this.#restartPending = true;
  }

  /** The stored document (the running configuration before anything was stored: never the case once the service has started). */
  stored(): ServiceConfig {
    try {
      return this.#store.load() ?? this.#deps.running;
    } catch {
      // A document that does not load stopped the service at its start; one broken since is shown as this run's.
      return this.#deps.running;
    }
  }

  /** The stored document with what this run takes from elsewhere: the environment's overrides and the live device assignments. */
  effective(stored: ServiceConfig = this.stored()): ServiceConfig {
    const overlay = Object.fromEntries(
      this.#environmentOverrides.filter((field) => !field.startsWith('devices.')).map((field) => [field, this.#deps.running[field as keyof ServiceConfig]]),
    );
    return { ...stored, ...overlay, devices: { ...this.#assignments }, dataDir: this.#deps.running.dataDir };
  }

  assignment(role: DeviceRole) {
    return this.#assignments[role];
  }

  view(): TechnicianConfig {
    const stored = this.stored();
    const certificate = storedClientCertificate(stored.dataDir);
    return {
      kioskId: stored.kioskId,
      office: stored.office,
      mode: stored.mode,
      centralUrl: stored.centralUrl ?? null,
      centralCaFile: stored.centralCaFile ?? null,
      devices: {
        fingerprint: formatDeviceAssignment(stored.devices.fingerprint),
        cardReader: formatDeviceAssignment(stored.devices.cardReader),
        printer: formatDeviceAssignment(stored.devices.printer),
      },
      simulatedDevices: stored.simulatedDevices,
      certificate:
        certificate === null
          ? null
          : {
              subject: certificate.subject.slice(0, 300),
              serial: certificate.serial.slice(0, 100),
              notAfter: certificate.notAfter,
              daysLeft: certificate.daysLeft,
            },
      environmentOverrides: this.#environmentOverrides.slice(0, 20),
      restartPending: this.#restartPending,
    };
  }

  /** Assigns a device to a role (compact form), then restarts the device manager with it. */
  async assignDevice(role: DeviceRole, assignment: string, now: Date): Promise<ConfigChangeResult> {
    const result = await this.#apply({ devices: { [role]: assignment } }, [`devices.${role}`], now);
    if (result.saved) {
      const saved = this.stored().devices[role];
      this.#assignments = { ...this.#assignments, [role]: saved };
      await this.#deps.reassignDevices(this.#assignments);
    }
    return result;
  }

  /** Mode, kiosk id, office, central URL and CA: applied when technician mode ends. */
  async updateSetup(args: TechnicianSetupArgs, now: Date): Promise<ConfigChangeResult> {
    const patch: Record<string, unknown> = {};
    for (const field of SETUP_FIELDS) {
      const value = args[field];
      if (value === undefined) continue;
      // An empty text field unsets central; the other fields cannot be empty (the schema says so, naming the field).
      patch[field] =
        (field === 'centralUrl' || field === 'centralCaFile') && (value === null || value.trim() === '')
          ? null
          : typeof value === 'string'
            ? value.trim()
            : value;
    }
    const result = await this.#apply(patch, Object.keys(patch), now);
    if (result.saved && result.changes.length > 0) this.#restartPending = true;
    return result;
  }

  async #apply(patch: Record<string, unknown>, fields: readonly string[], now: Date): Promise<ConfigChangeResult> {
    const before = this.stored();
    const checked = validateConfigPatch(patch, before);
    if (!checked.ok) return { saved: false, field: checked.field.slice(0, 64), reason: checked.reason.slice(0, 500) };
    try {
      checkConfigFiles(checked.config, fields);
    } catch (error) {
      if (error instanceof MaintenanceError) {
        const reason = typeof error.params.reason === 'string' ? error.params.reason : error.messageKey;
        return {
          saved: false,
          field: (error.field ?? fields[0] ?? '(document)').slice(0, 64),
          reason: reason.slice(0, 500),
          message: { key: error.messageKey, params: error.params },
        };
      }
      throw error;
    }
    const [oldView, newView] = [viewConfig(before), viewConfig(checked.config)];
    const valueAt = (view: Record<string, unknown>, field: string) =>
      field.split('.').reduce<unknown>((here, key) => (here as Record<string, unknown> | undefined)?.[key], view);
    const changes: ConfigChange[] = fields
      .map((field) => ({ field, old: textOf(valueAt(oldView, field)), new: textOf(valueAt(newView, field)) }))
      .filter((change) => change.old !== change.new);
    if (changes.length === 0) return { saved: true, changes: [], restartPending: this.#restartPending };
    await this.#deps.records.with('technician.config_changed', changeDetail(changes), now, () => this.#store.update(patch as ConfigPatch, now));
    return { saved: true, changes, restartPending: this.#restartPending || fields.some((field) => !field.startsWith('devices.')) };
  }
}
