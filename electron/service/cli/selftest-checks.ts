/**
 * What each selftest line says: pure judgments over facts the selftest
 * gathered (selftest.ts), each with the sentence a technician acts on when
 * it is not a pass. Thresholds:
 *
 * - Clock skew against central's Date header: warn above 60 s, fail above
 *   300 s. Certificates, the audit trail's UTC times and the receipts all
 *   lean on the kiosk's clock; TLS itself only breaks when the skew pushes a
 *   certificate outside its validity, but a kiosk minutes off is a kiosk
 *   whose time sync is broken.
 * - Client certificate: fail below 7 days left, warn below 30 (registering
 *   again needs a token from central's operators, which takes days to get).
 * - Disk and queue: the storage guard's own limits (storage-guard.ts), from
 *   the configuration's `outbox` section.
 * - Outbox: dead rows fail (a technician must look); the oldest pending row
 *   warns past half of `outbox.maxAgeDays` and fails past it (it is about to
 *   be, or has been, dead-lettered as expired).
 */
import type { OutboxStats } from '../outbox/outbox.ts';
import type { StorageCheck } from '../outbox/storage-guard.ts';
import type { CertificateFacts } from './central-probe.ts';
import { certificateKioskId } from './central-check.ts';
import type { CliError } from './cli-command.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found, in one sentence. */
  readonly summary: string;
  /** What to do, when the status is not a pass. */
  readonly action?: string;
  readonly facts?: Readonly<Record<string, unknown>>;
}

export const CLOCK_SKEW_WARN_SECONDS = 60;
export const CLOCK_SKEW_FAIL_SECONDS = 300;
export const CERTIFICATE_FAIL_DAYS = 7;
export const CERTIFICATE_WARN_DAYS = 30;

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;

export function clockCheck(skewSeconds: number | null, centralDate: string | null): CheckResult {
  const facts = { skewSeconds, centralDate };
  if (skewSeconds === null) return { check: 'central.clock', status: 'warn', summary: 'central sent no Date header; the clock could not be compared', facts };
  const size = Math.abs(skewSeconds);
  const direction = skewSeconds > 0 ? 'behind' : 'ahead of';
  const action = 'check the kiosk time sync (timedatectl status; NTP or chrony must be active and reach a time server), then run selftest again';
  if (size > CLOCK_SKEW_FAIL_SECONDS) return { check: 'central.clock', status: 'fail', summary: `the kiosk clock is ${size} s ${direction} central (fail above ${CLOCK_SKEW_FAIL_SECONDS} s)`, action, facts };
  if (size > CLOCK_SKEW_WARN_SECONDS) return { check: 'central.clock', status: 'warn', summary: `the kiosk clock is ${size} s ${direction} central (warn above ${CLOCK_SKEW_WARN_SECONDS} s)`, action, facts };
  return { check: 'central.clock', status: 'pass', summary: `the kiosk clock is within ${size} s of central`, facts };
}

export function certificateCheck(certificate: CertificateFacts | null, configuredKioskId: string): CheckResult {
  if (certificate === null) {
    return { check: 'central.certificate', status: 'fail', summary: 'the kiosk has no client certificate for central', action: 'register the kiosk: kioskctl register --token TOKEN (ask central operations for a one-time token)' };
  }
  const facts = { serial: certificate.serial, notAfter: certificate.notAfter, daysLeft: certificate.daysLeft, kioskId: certificateKioskId(certificate) };
  const again = 'ask central operations for a registration token and run kioskctl register --token TOKEN --force';
  if (facts.kioskId !== configuredKioskId) {
    return { check: 'central.certificate', status: 'fail', summary: `the client certificate is for kiosk "${facts.kioskId}" but the configuration says "${configuredKioskId}"`, action: `set kioskId back, or ${again}`, facts };
  }
  if (certificate.daysLeft < 0) return { check: 'central.certificate', status: 'fail', summary: `the client certificate expired on ${certificate.notAfter}`, action: again, facts };
  if (certificate.daysLeft < CERTIFICATE_FAIL_DAYS) return { check: 'central.certificate', status: 'fail', summary: `the client certificate expires in ${certificate.daysLeft} days (${certificate.notAfter})`, action: again, facts };
  if (certificate.daysLeft < CERTIFICATE_WARN_DAYS) return { check: 'central.certificate', status: 'warn', summary: `the client certificate expires in ${certificate.daysLeft} days (${certificate.notAfter})`, action: `within the next weeks: ${again}`, facts };
  return { check: 'central.certificate', status: 'pass', summary: `the client certificate is valid for ${certificate.daysLeft} more days`, facts };
}

export function diskCheck(storage: StorageCheck, limits: { minFreeBytes: number; maxPendingRows: number }): CheckResult {
  const facts = { freeMiB: Math.floor(storage.freeBytes / MIB), minFreeMiB: Math.floor(limits.minFreeBytes / MIB), pendingRows: storage.pendingRows, maxPendingRows: limits.maxPendingRows };
  if (storage.ok) return { check: 'disk', status: 'pass', summary: `${facts.freeMiB} MiB free in the data directory`, facts };
  if (storage.reason === 'disk_low') {
    return {
      check: 'disk',
      status: 'fail',
      summary: `only ${facts.freeMiB} MiB free (the kiosk refuses new sessions below ${facts.minFreeMiB} MiB)`,
      action: 'free space on the data directory disk (old logs, files left by updates; never delete kiosk.sqlite3*), then run selftest again',
      facts,
    };
  }
  return {
    check: 'disk',
    status: 'fail',
    summary: `${storage.pendingRows} rows wait in the outbox (the kiosk refuses new sessions from ${limits.maxPendingRows})`,
    action: 'get central reachable so the queue drains (see the central lines), then kioskctl queue retry',
    facts,
  };
}

/** An age as a technician says it: minutes, hours, then days. */
export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(ms / DAY_MS)} days`;
}

export function outboxCheck(stats: OutboxStats, maxAgeDays: number): CheckResult {
  const oldestDays = stats.oldestPendingAgeMs === null ? null : Math.floor((stats.oldestPendingAgeMs / DAY_MS) * 10) / 10;
  const oldest = stats.oldestPendingAgeMs === null ? '' : ageText(stats.oldestPendingAgeMs);
  const facts = { pending: stats.pending, inFlight: stats.inFlight, dead: stats.dead, oldestPendingAgeDays: oldestDays, maxAgeDays };
  if (stats.dead > 0) {
    const reasons = [...new Set(stats.deadRows.map((row) => row.reason))].slice(0, 5).join(', ');
    return {
      check: 'outbox',
      status: 'fail',
      summary: `${stats.dead} dead-letter rows (${reasons})`,
      action: 'kioskctl queue status shows each row and its reason; once the cause is fixed, kioskctl queue retry --dead sends those still young enough; report the others to central operations',
      facts,
    };
  }
  if (oldestDays !== null && oldestDays >= maxAgeDays) {
    return { check: 'outbox', status: 'fail', summary: `the oldest pending row is ${oldest} old (rows expire after ${maxAgeDays} days)`, action: 'get central reachable, then kioskctl queue retry', facts };
  }
  if (oldestDays !== null && oldestDays >= maxAgeDays / 2) {
    return { check: 'outbox', status: 'warn', summary: `the oldest pending row is ${oldest} old (rows expire after ${maxAgeDays} days)`, action: 'get central reachable, then kioskctl queue retry', facts };
  }
  return { check: 'outbox', status: 'pass', summary: stats.pending === 0 ? 'the outbox is empty' : `${stats.pending} rows pending, the oldest ${oldest} old`, facts };
}

/** What to do when central cannot be asked, by error code. */
const CENTRAL_ACTIONS: Readonly<Record<string, string>> = {
  'config.invalid': 'configure central: kioskctl config set centralUrl https://… centralCaFile /path/ca.pem',
  'central.not_registered': 'register the kiosk: kioskctl register --token TOKEN',
  'central.credentials_invalid': 'the stored certificate belongs to another central CA: kioskctl register --token TOKEN --force',
  'central.unreachable':
    'check the network cable and the kiosk IP configuration, that centralUrl is right (kioskctl config get centralUrl), and that the firewall lets the kiosk reach it on 443; then kioskctl central test',
  'central.timeout': 'central did not answer in time: check the network path (proxy, firewall dropping packets, DNS) and centralUrl; then kioskctl central test',
  'central.untrusted': 'check that centralCaFile is central’s CA certificate, that the kiosk clock is right (central.clock cannot tell without a connection: timedatectl status), and that no proxy intercepts TLS',
  'central.refused': 'central no longer accepts this kiosk’s certificate (revoked or expired): kioskctl register --token TOKEN --force',
  'central.error': 'central answered with an error: try again later, and report it to central operations if it persists',
  'central.bad_response': 'what answers at centralUrl is not the central enrollment API: check centralUrl',
};

export function centralFailure(error: CliError): CheckResult {
  return {
    check: 'central.reachable',
    status: 'fail',
    summary: error.message,
    action: CENTRAL_ACTIONS[error.code] ?? 'run kioskctl central test for details',
    facts: { code: error.code },
  };
}
