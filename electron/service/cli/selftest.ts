/**
 * `kioskctl selftest` (issue 8, item 4): one line per check, in a fixed
 * order, each pass / warn / fail / skip with what to do when it is not a
 * pass; then a summary line. Exit 0 when nothing failed (warnings do not
 * fail), 1 otherwise.
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
import { intOption, DATA_DIR_OPTION, parseOptions } from './args.ts';
import { centralSetup, probeCentralHealth, storedClientCertificate } from './central-check.ts';
import { CliError, type CliCommand, CliOutcome, EXIT_CODES } from './cli-command.ts';
import { checkConfigFiles } from './config-commands.ts';
import { checkDevice } from './device-checks.ts';
import { loadConfiguration, openDatabase, resolveDataDir } from './kiosk-files.ts';
import { centralFailure, certificateCheck, type CheckResult, clockCheck, diskCheck, outboxCheck } from './selftest-checks.ts';

const USAGE = 'selftest [--timeout SECONDS] [--data-dir DIR]';
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

function skipped(check: string, why: string): CheckResult {
  return { check, status: 'skip', summary: why };
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
function configLine(dataDir: string, effective: (stored: ServiceConfig) => ServiceConfig = (stored) => stored): { line: CheckResult; db: KioskDatabase | null; config: ServiceConfig | null } {
  let db: KioskDatabase;
  try {
    db = openDatabase(dataDir, 'read');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { line: { check: 'config', status: 'fail', summary: message, action: 'check --data-dir; on a new kiosk, provision it first (kioskctl config set …, see the technician guide)' }, db: null, config: null };
  }
  try {
    const stored = loadConfiguration(db, dataDir);
    const loaded = { ...stored, config: effective(stored.config) };
    checkConfigFiles(loaded.config);
    if (!loaded.stored) {
      return {
        line: { check: 'config', status: 'warn', summary: 'no configuration stored yet: the kiosk runs on the development defaults', action: 'provision it: kioskctl config set … (technician guide, first run)' },
        db,
        config: loaded.config,
      };
    }
    return { line: { check: 'config', status: 'pass', summary: `configuration valid (kiosk ${loaded.config.kioskId}, ${loaded.config.mode}, updated ${loaded.updatedAt})` }, db, config: loaded.config };
  } catch (error) {
    const field = (error as { field?: unknown }).field;
    const message = error instanceof Error ? error.message : String(error);
    return {
      line: { check: 'config', status: 'fail', summary: message, action: `fix it with kioskctl config set${typeof field === 'string' ? ` ${field} …` : ' …'}; kioskctl config validate checks it`, ...(typeof field === 'string' && { facts: { field } }) },
      db,
      config: null,
    };
  }
}

/**
 * Runs every check; `onLine` sees each line as soon as it and all before it
 * are known (the order is fixed). Resolves with all lines.
 */
export async function runSelftest(dataDir: string, timeoutMs: number, onLine: (line: CheckResult) => void = () => {}, options: SelftestOptions = {}): Promise<CheckResult[]> {
  const lines: CheckResult[] = [];
  const report = (line: CheckResult) => {
    lines.push(line);
    onLine(line);
  };
  const { line, db, config } = configLine(dataDir, options.effectiveConfig);
  const probeDevice = options.checkDevice ?? checkDevice;
  report(line);
  if (db === null || config === null) {
    for (const check of LATER_CHECKS) report(skipped(check, 'needs a usable configuration (see the config line)'));
    db?.close();
    return lines;
  }
  try {
    // Started together: the slowest one bounds the selftest, not their sum.
    const devices = DEVICE_ROLES.map((role) => probeDevice(role, config.devices[role], config.mode, timeoutMs));
    const central = (async () => probeCentralHealth(dataDir, centralSetup(config), timeoutMs))().then(
      (probe) => ({ ok: true as const, probe }),
      (error: unknown) => ({ ok: false as const, error: error instanceof CliError ? error : new CliError('central.unreachable', error instanceof Error ? error.message : String(error)) }),
    );
    for (const device of devices) report(await device);

    const answer = await central;
    if (answer.ok) {
      const { probe } = answer;
      report({
        check: 'central.reachable',
        status: 'pass',
        summary: `central answers at ${probe.central} over ${probe.tls.version ?? 'TLS'} in ${probe.health.roundTripMs} ms`,
        facts: { tlsVersion: probe.tls.version, roundTripMs: probe.health.roundTripMs, serverCertificateNotAfter: probe.tls.serverCertificate?.notAfter ?? null },
      });
      report(clockCheck(probe.clock.skewSeconds, probe.clock.centralDate));
    } else {
      report(centralFailure(answer.error));
      report(skipped('central.clock', 'needs an answer from central (see central.reachable)'));
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
  return { selftest: count('fail') === 0 ? 'pass' : 'fail', pass: count('pass'), warn: count('warn'), fail: count('fail'), skip: count('skip'), dataDir, at: at.toISOString() };
}

export const selftestCommand: CliCommand = {
  path: ['selftest'],
  usage: USAGE,
  summary: 'Check every configured device, central (reachability, clock skew), the client certificate, disk space and the outbox: one JSON line per check, then a summary; exit 1 if any check failed',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, timeout: { type: 'string' } }, USAGE);
    const timeoutMs = intOption(values.timeout, 'timeout', DEFAULT_CHECK_TIMEOUT_S, 1, 60) * 1000;
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const lines = await runSelftest(dataDir, timeoutMs, (line) => io.emit(line));
    const summary = summarize(lines, dataDir);
    return new CliOutcome(summary, summary.selftest === 'pass' ? EXIT_CODES.ok : EXIT_CODES.failed);
  },
};
