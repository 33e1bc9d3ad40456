/**
 * What each selftest line says: pure judgments over facts the selftest
 * gathered (selftest.ts), each with what was found and, when it is not a
 * pass, what to do: message keys the front-ends put into words. Thresholds:
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
import { certificateKioskId } from './central-check.ts';
import type { CertificateFacts } from './central-probe.ts';
import { advice, type MaintenanceAdvice, type MaintenanceAdviceKey, type MaintenanceError, type MaintenanceMessage, message } from './maintenance-error.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly message: MaintenanceMessage;
  /** What to do, when the status is not a pass. */
  readonly advice?: MaintenanceAdvice;
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
  const check = 'central.clock';
  if (skewSeconds === null) return { check, status: 'warn', message: message('clockNoDate'), facts };
  const size = Math.abs(skewSeconds);
  const direction = skewSeconds > 0 ? 'behind' : 'ahead';
  if (size > CLOCK_SKEW_FAIL_SECONDS)
    return {
      check,
      status: 'fail',
      message: message('clockOff', { seconds: size, direction, limit: CLOCK_SKEW_FAIL_SECONDS, verdict: 'fail' }),
      advice: advice('timeSync'),
      facts,
    };
  if (size > CLOCK_SKEW_WARN_SECONDS)
    return {
      check,
      status: 'warn',
      message: message('clockOff', { seconds: size, direction, limit: CLOCK_SKEW_WARN_SECONDS, verdict: 'warn' }),
      advice: advice('timeSync'),
      facts,
    };
  return { check, status: 'pass', message: message('clockWithin', { seconds: size }), facts };
}

export function certificateCheck(certificate: CertificateFacts | null, configuredKioskId: string): CheckResult {
  const check = 'central.certificate';
  if (certificate === null) return { check, status: 'fail', message: message('certificateMissing'), advice: advice('register') };
  const facts = { serial: certificate.serial, notAfter: certificate.notAfter, daysLeft: certificate.daysLeft, kioskId: certificateKioskId(certificate) };
  const dates = { notAfter: certificate.notAfter, days: certificate.daysLeft };
  if (facts.kioskId !== configuredKioskId) {
    return {
      check,
      status: 'fail',
      message: message('certificateOtherKiosk', { certificateKioskId: facts.kioskId ?? '', kioskId: configuredKioskId }),
      advice: advice('setKioskIdBack'),
      facts,
    };
  }
  if (certificate.daysLeft < 0) return { check, status: 'fail', message: message('certificateExpired', dates), advice: advice('registerAgain'), facts };
  if (certificate.daysLeft < CERTIFICATE_FAIL_DAYS)
    return { check, status: 'fail', message: message('certificateExpiring', dates), advice: advice('registerAgain'), facts };
  if (certificate.daysLeft < CERTIFICATE_WARN_DAYS)
    return { check, status: 'warn', message: message('certificateExpiring', dates), advice: advice('registerAgainSoon'), facts };
  return { check, status: 'pass', message: message('certificateValid', dates), facts };
}

export function diskCheck(storage: StorageCheck, limits: { minFreeBytes: number; maxPendingRows: number }): CheckResult {
  const facts = {
    freeMiB: Math.floor(storage.freeBytes / MIB),
    minFreeMiB: Math.floor(limits.minFreeBytes / MIB),
    pendingRows: storage.pendingRows,
    maxPendingRows: limits.maxPendingRows,
  };
  if (storage.ok) return { check: 'disk', status: 'pass', message: message('diskFree', { freeMiB: facts.freeMiB }), facts };
  if (storage.reason === 'disk_low') {
    return {
      check: 'disk',
      status: 'fail',
      message: message('diskLow', { freeMiB: facts.freeMiB, minFreeMiB: facts.minFreeMiB }),
      advice: advice('freeDisk'),
      facts,
    };
  }
  return {
    check: 'disk',
    status: 'fail',
    message: message('queueFull', { rows: storage.pendingRows, maxRows: limits.maxPendingRows }),
    advice: advice('drainQueue'),
    facts,
  };
}

/** An age as a technician reads it: minutes, hours, then days (the front-end words the unit). */
export function age(ms: number): { readonly amount: number; readonly unit: 'min' | 'h' | 'days' } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return { amount: minutes, unit: 'min' };
  if (minutes < 48 * 60) return { amount: Math.floor(minutes / 60), unit: 'h' };
  return { amount: Math.floor(ms / DAY_MS), unit: 'days' };
}

export function outboxCheck(stats: OutboxStats, maxAgeDays: number): CheckResult {
  const oldestDays = stats.oldestPendingAgeMs === null ? null : Math.floor((stats.oldestPendingAgeMs / DAY_MS) * 10) / 10;
  const oldest = stats.oldestPendingAgeMs === null ? { amount: 0, unit: 'min' as const } : age(stats.oldestPendingAgeMs);
  const ageParams = { age: oldest.amount, ageUnit: oldest.unit };
  const facts = { pending: stats.pending, inFlight: stats.inFlight, dead: stats.dead, oldestPendingAgeDays: oldestDays, maxAgeDays };
  if (stats.dead > 0) {
    const reasons = [...new Set(stats.deadRows.map((row) => row.reason))].slice(0, 5).join(', ');
    return { check: 'outbox', status: 'fail', message: message('outboxDead', { count: stats.dead, reasons }), advice: advice('deadRows'), facts };
  }
  if (oldestDays !== null && oldestDays >= maxAgeDays) {
    return { check: 'outbox', status: 'fail', message: message('outboxOld', { ...ageParams, maxAgeDays }), advice: advice('queueRetry'), facts };
  }
  if (oldestDays !== null && oldestDays >= maxAgeDays / 2) {
    return { check: 'outbox', status: 'warn', message: message('outboxOld', { ...ageParams, maxAgeDays }), advice: advice('queueRetry'), facts };
  }
  return {
    check: 'outbox',
    status: 'pass',
    message: stats.pending === 0 ? message('outboxEmpty') : message('outboxPending', { count: stats.pending, ...ageParams }),
    facts,
  };
}

/** What to do when central cannot be asked, by error code. */
const CENTRAL_ADVICE: Readonly<Record<string, MaintenanceAdviceKey>> = {
  'config.invalid': 'configureCentral',
  'central.not_registered': 'register',
  'central.credentials_invalid': 'credentialsInvalid',
  'central.unreachable': 'checkNetwork',
  'central.timeout': 'checkNetworkPath',
  'central.untrusted': 'checkTrust',
  'central.refused': 'certificateRefused',
  'central.error': 'centralError',
  'central.bad_response': 'notCentral',
  'central.already_registered': 'alreadyRegistered',
  'central.registration_failed': 'newToken',
};

/** The advice for a central error code (selftest, central test, registration). */
export function centralAdvice(code: string): MaintenanceAdvice {
  return advice(CENTRAL_ADVICE[code] ?? 'centralTest');
}

export function centralFailure(error: MaintenanceError): CheckResult {
  return {
    check: 'central.reachable',
    status: 'fail',
    message: { key: error.messageKey, params: error.params },
    advice: error.advice ?? centralAdvice(error.code),
    facts: { code: error.code },
  };
}
