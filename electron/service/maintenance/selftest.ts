/**
 * The selftest (kioskctl selftest, technician mode's health screen, the
 * diagnostics bundle): one line per check, in a fixed order, each pass /
 * warn / fail / skip with what to do when it is not a pass; then a summary.
 *
 *   config · device.fingerprint · device.cardReader · device.printer ·
 *   central.reachable · central.clock · central.certificate · disk · outbox
 *
 * The devices and central are asked at the same time, each under the
 * timeout, so a kiosk whose central is down (refused at once, or silent
 * until the deadline) still answers within about one timeout. The database
 * is opened read-only: a selftest changes nothing.
 */
import { DEVICE_ROLES, type DeviceRole, type KioskMode } from '../../contract/index.ts';
import type { DeviceAssignment } from '../config/device-config.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import type { KioskDatabase } from '../db/database.ts';
import { Outbox } from '../outbox/outbox.ts';
import { StorageGuard } from '../outbox/storage-guard.ts';
import { centralSetup, probeCentralHealth, storedClientCertificate } from './central-check.ts';
import { checkConfigFiles } from './config-files.ts';
import { checkDevice } from './device-checks.ts';
import { loadConfiguration, openDatabase } from './kiosk-files.ts';
import { advice, asMaintenanceError, MaintenanceError, type MaintenanceMessage, message } from './maintenance-error.ts';
import { centralFailure, certificateCheck, type CheckResult, clockCheck, diskCheck, outboxCheck } from './selftest-checks.ts';

export const DEFAULT_CHECK_TIMEOUT_S = 5;
const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;

export interface SelftestSummary {
  readonly selftest: 'pass' | 'fail';
  readonly pass: number;
  readonly warn: number;
  readonly fail: number;
  readonly skip: number;
  readonly dataDir: string;
  readonly at: string;
}

function skipped(check: string, why: MaintenanceMessage): CheckResult {
  return { check, status: 'skip', message: why };
}

const LATER_CHECKS = [...DEVICE_ROLES.map((role) => `device.${role}`), 'central.reachable', 'central.clock', 'central.certificate', 'disk', 'outbox'];

/** How one device line is found: by default the device is opened and probed from here (device-checks.ts). */
export type DeviceCheck = (role: DeviceRole, assignment: DeviceAssignment, mode: KioskMode, timeoutMs: number) => Promise<CheckResult>;

export interface SelftestOptions {
  /**
   * The running kiosk service checks its devices through the drivers it
   * holds (technician mode), where a probe from outside would find them busy.
   */
  readonly checkDevice?: DeviceCheck;
  /** The configuration to check against instead of the stored one as it is (the service's: fields the environment overrides for this run). */
  readonly effectiveConfig?: (stored: ServiceConfig) => ServiceConfig;
}

/** The configuration line, and the configuration when it can be used. */
function configLine(
  dataDir: string,
  effective: (stored: ServiceConfig) => ServiceConfig = (stored) => stored,
): { line: CheckResult; db: KioskDatabase | null; config: ServiceConfig | null } {
  let db: KioskDatabase;
  try {
    db = openDatabase(dataDir, 'read');
  } catch (error) {
    const problem = asMaintenanceError(error);
    return {
      line: { check: 'config', status: 'fail', message: { key: problem.messageKey, params: problem.params }, advice: advice('provisionDataDir') },
      db: null,
      config: null,
    };
  }
  try {
    const stored = loadConfiguration(db, dataDir);
    const loaded = { ...stored, config: effective(stored.config) };
    checkConfigFiles(loaded.config);
    if (!loaded.stored)
      return {
        line: { check: 'config', status: 'warn', message: message('configNothingStored'), advice: advice('provisionFirstRun') },
        db,
        config: loaded.config,
      };
    return {
      line: {
        check: 'config',
        status: 'pass',
        message: message('configValid', { kioskId: loaded.config.kioskId, mode: loaded.config.mode, updatedAt: loaded.updatedAt ?? '' }),
      },
      db,
      config: loaded.config,
    };
  } catch (error) {
    const problem = asMaintenanceError(error, 'config.invalid');
    const field = problem.field ?? (error as { field?: unknown }).field;
    const params: Record<string, string> = typeof field === 'string' ? { field } : {};
    return {
      line: {
        check: 'config',
        status: 'fail',
        message: { key: problem.messageKey, params: problem.params },
        advice: advice('fixConfigField', params),
        ...(typeof field === 'string' && { facts: { field } }),
      },
      db,
      config: null,
    };
  }
}

/**
 * Runs every check; `onLine` sees each line as soon as it and all before it
 * are known (the order is fixed). Resolves with all lines.
 */
export async function runSelftest(
  dataDir: string,
  timeoutMs: number,
  onLine: (line: CheckResult) => void = () => {},
  options: SelftestOptions = {},
): Promise<CheckResult[]> {
  const lines: CheckResult[] = [];
  const report = (line: CheckResult) => {
    lines.push(line);
    onLine(line);
  };
  const { line, db, config } = configLine(dataDir, options.effectiveConfig);
  const probeDevice = options.checkDevice ?? checkDevice;
  report(line);
  if (db === null || config === null) {
    for (const check of LATER_CHECKS) report(skipped(check, message('skipNeedsConfig')));
    db?.close();
    return lines;
  }
  try {
    // Started together: the slowest one bounds the selftest, not their sum.
    const devices = DEVICE_ROLES.map((role) => probeDevice(role, config.devices[role], config.mode, timeoutMs));
    const central = (async () => probeCentralHealth(dataDir, centralSetup(config), timeoutMs))().then(
      (probe) => ({ ok: true as const, probe }),
      (error: unknown) => ({ ok: false as const, error: error instanceof MaintenanceError ? error : asMaintenanceError(error, 'central.unreachable') }),
    );
    for (const device of devices) report(await device);

    const answer = await central;
    if (answer.ok) {
      const { probe } = answer;
      report({
        check: 'central.reachable',
        status: 'pass',
        message: message('centralAnswers', { central: probe.central, tlsVersion: probe.tls.version ?? 'TLS', roundTripMs: probe.health.roundTripMs }),
        facts: {
          tlsVersion: probe.tls.version,
          roundTripMs: probe.health.roundTripMs,
          serverCertificateNotAfter: probe.tls.serverCertificate?.notAfter ?? null,
        },
      });
      report(clockCheck(probe.clock.skewSeconds, probe.clock.centralDate));
    } else {
      report(centralFailure(answer.error));
      report(skipped('central.clock', message('skipNeedsCentral')));
    }
    report(certificateCheck(storedClientCertificate(dataDir), config.kioskId));

    const outbox = new Outbox(db, { maxAgeMs: config.outbox.maxAgeDays * DAY_MS });
    const guard = new StorageGuard({ dataDir, outbox, minFreeBytes: config.outbox.minFreeMiB * MIB, maxPendingRows: config.outbox.maxPendingRows });
    report(diskCheck(guard.check(), { minFreeBytes: guard.minFreeBytes, maxPendingRows: guard.maxPendingRows }));
    report(outboxCheck(outbox.stats(), config.outbox.maxAgeDays));
  } finally {
    db.close();
  }
  return lines;
}

export function summarize(lines: readonly CheckResult[], dataDir: string, at = new Date()): SelftestSummary {
  const count = (status: CheckResult['status']) => lines.filter((l) => l.status === status).length;
  return {
    selftest: count('fail') === 0 ? 'pass' : 'fail',
    pass: count('pass'),
    warn: count('warn'),
    fail: count('fail'),
    skip: count('skip'),
    dataDir,
    at: at.toISOString(),
  };
}
