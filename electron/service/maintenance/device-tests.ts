/**
 * Device probes and tests through the drivers the running service holds
 * (the device manager; kioskctl devices test builds one for the role): a
 * probe from outside would find the ports busy (device-checks.ts says as
 * much). Every operation has a deadline below the contract's 15 s command
 * timeout, and every failure says what to do, with the selftest's own
 * advice (deviceAction).
 *
 * Nothing a test reads is logged or kept: the card test answers with the
 * parsed fields (RUN masked) and the finger test with the image, and both
 * are forgotten once answered.
 */
import { assessFingerprintQuality } from '../../../biometrics/fingerprint/quality.ts';
import type {
  CardTestResult,
  CheckLine,
  DeviceRole,
  DeviceState,
  FingerprintTestResult,
  KioskMode,
  PrinterTestResult,
  TechnicianFailure,
} from '../../contract/index.ts';
import type { CardReader, CardReadEvent } from '../../../drivers/card-reader/card-reader.ts';
import { maskBirthDate, maskCardSerial, maskName } from '../../../common/card-mask.ts';
import { maskRun } from '../../../common/run-mask.ts';
import type { FingerprintReader } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import { isPrinterError } from '../../../drivers/printer/printer-errors.ts';
import { testReceipt } from '../../../drivers/printer/receipt-layout.ts';
import { type DeviceAssignment, formatDeviceAssignment } from '../config/device-config.ts';
import type { ManagedPrinter } from '../devices/managed-printer.ts';
import { checkDevice, deviceAction } from './device-checks.ts';
import { advice, type MaintenanceAdvice, type MaintenanceAdviceKey, type MaintenanceMessage, message, technicalDetail } from './maintenance-error.ts';
import type { DeviceCheck } from './selftest.ts';
import type { CheckResult } from './selftest-checks.ts';

/** What the tests need of the device manager (electron/service/devices/device-manager.ts). */
export interface LiveDevices {
  readonly fingerprint: FingerprintReader | null;
  readonly cardReader: CardReader | null;
  readonly printer: ManagedPrinter | null;
  status(): { readonly roles: Readonly<Record<DeviceRole, { readonly state: DeviceState }>> };
}

class Deadline extends Error {
  readonly code: string;
  constructor(code: string, ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
    this.code = code;
  }
}

async function within<T>(work: Promise<T>, ms: number, code: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  work.catch(() => undefined);
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Deadline(code, ms)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

function failed(role: DeviceRole, assignment: DeviceAssignment, code: string, what: MaintenanceMessage, todo?: MaintenanceAdvice): TechnicianFailure {
  return { outcome: 'fail', code, message: what, advice: todo ?? deviceAction(role, assignment, code, undefined).advice };
}

function notAssigned(role: DeviceRole): TechnicianFailure {
  return { outcome: 'fail', code: 'device.not_assigned', message: message('deviceNotAssigned', { role }), advice: advice('assignDevice', { role }) };
}

function notConnected(role: DeviceRole, assignment: DeviceAssignment): TechnicianFailure {
  return failed(role, assignment, 'device.not_connected', message('deviceNotConnected', { role, device: formatDeviceAssignment(assignment) }));
}

/** The selftest's device line, from the live drivers. */
export function liveDeviceCheck(devices: () => LiveDevices): DeviceCheck {
  return async (role, assignment, mode, timeoutMs) => {
    if (assignment.transport === 'none') return checkDevice(role, assignment, mode, timeoutMs);
    const check = `device.${role}`;
    const line = await probeLive(role, assignment, devices(), timeoutMs);
    return { check, ...line };
  };
}

async function probeLive(role: DeviceRole, assignment: DeviceAssignment, devices: LiveDevices, timeoutMs: number): Promise<Omit<CheckResult, 'check'>> {
  const device = formatDeviceAssignment(assignment);
  const asLine = (failure: TechnicianFailure): Omit<CheckResult, 'check'> => ({
    status: 'fail',
    message: failure.message as MaintenanceMessage,
    ...(failure.advice !== undefined && { advice: failure.advice as MaintenanceAdvice }),
    facts: { device, code: failure.code },
  });
  const state = devices.status().roles[role].state;
  if (role === 'fingerprint') {
    const reader = devices.fingerprint;
    // Assigned (liveDeviceCheck answered `none` itself) but with no live driver yet: not connected, not "not assigned".
    if (reader === null || state === 'not-connected') return asLine(notConnected(role, assignment));
    try {
      const info = await within(reader.deviceInfo(), timeoutMs, 'fingerprint.timeout');
      return {
        status: 'pass',
        message: message('fingerprintAnswers', { device, capacity: info.libraryCapacity, packetBytes: info.packetSizeBytes, baud: info.baudRate }),
        facts: { device, driver: info.driver },
      };
    } catch (error) {
      return asLine(failed(role, assignment, codeOf(error), message('deviceFailed', { role, device, detail: technicalDetail(error) })));
    }
  }
  if (role === 'cardReader') {
    if (devices.cardReader === null || state === 'not-connected') return asLine(notConnected(role, assignment));
    return { status: 'pass', message: message('cardReaderConnected', { device }), facts: { device } };
  }
  const printer = devices.printer;
  if (printer === null) return asLine(notConnected(role, assignment));
  const now = await within(printer.refresh(), timeoutMs, 'printer.timeout').catch(() => 'not-connected' as const);
  if (now === 'ready') return { status: 'pass', message: message('printerReady', { device }), facts: { device } };
  if (now === 'not-connected') return asLine(failed(role, assignment, 'printer.unavailable', message('printerNoAnswer', { device })));
  return asLine(failed(role, assignment, 'printer.needs_attention', message('printerNeedsAttention', { device }), advice('printerCheck')));
}

/** One probe, as a selftest line. */
export async function probeRole(
  role: DeviceRole,
  assignment: DeviceAssignment,
  mode: KioskMode,
  devices: () => LiveDevices,
  timeoutMs: number,
): Promise<CheckLine> {
  const line = await liveDeviceCheck(devices)(role, assignment, mode, timeoutMs);
  return checkLine(line);
}

/** Captures one finger with its image (the technician puts any finger on the sensor). */
export async function testFingerprint(devices: LiveDevices, assignment: DeviceAssignment, timeoutMs: number): Promise<FingerprintTestResult> {
  const reader = devices.fingerprint;
  if (reader === null) return notAssigned('fingerprint');
  if (devices.status().roles.fingerprint.state === 'not-connected') return notConnected('fingerprint', assignment);
  const signal = AbortSignal.timeout(timeoutMs + 1000);
  try {
    const capture = await within(reader.capture({ finger: 'right-index', timeoutMs, signal }), timeoutMs + 2000, 'fingerprint.timeout');
    const { image } = capture;
    // The module scores nothing; the score is the one the session judges a citizen's capture by (finger-images.ts).
    const assessed = assessFingerprintQuality({
      width: image.width,
      height: image.height,
      pixels: image.pixels,
      resolutionPpi: image.resolutionPpi,
      bitDepth: 8,
    });
    return {
      outcome: 'pass',
      quality: assessed.ok ? Math.max(0, Math.min(100, Math.round(assessed.value.score))) : null,
      // Readers deliver images; only an ISO-template reader adds a template (fingerprint-reader.ts).
      templateFormat: capture.template?.format ?? 'none',
      image: { width: image.width, height: image.height, pixelsBase64: Buffer.from(image.pixels).toString('base64') },
    };
  } catch (error) {
    const code = codeOf(error);
    if (code === 'fingerprint.no_finger')
      return failed('fingerprint', assignment, code, message('fingerNone', { seconds: Math.round(timeoutMs / 1000) }), advice('pressFinger'));
    if (code === 'fingerprint.poor_quality') return failed('fingerprint', assignment, code, message('fingerPoor'), advice('cleanSensor'));
    return failed('fingerprint', assignment, code, message('fingerprintFailed', { detail: technicalDetail(error) }));
  }
}

const CARD_ADVICE: Readonly<Record<string, MaintenanceAdviceKey>> = {
  'card.unreadable': 'cardUnreadable',
  'card.check_digit': 'cardCheckDigit',
  'card.invalid_run': 'cardInvalidRun',
  'card.not_chilean_id': 'cardNotChileanId',
  'card.expired': 'cardExpired',
  'card.mismatch': 'cardMismatch',
};

/** Waits for one card at the reader and shows what it parsed, RUN masked. */
export async function testCardReader(devices: LiveDevices, assignment: DeviceAssignment, timeoutMs: number): Promise<CardTestResult> {
  const reader = devices.cardReader;
  if (reader === null) return notAssigned('cardReader');
  if (devices.status().roles.cardReader.state === 'not-connected') return notConnected('cardReader', assignment);
  let off: (() => void) | undefined;
  try {
    const event = await within(
      new Promise<CardReadEvent>((resolve) => {
        off = reader.onCard(resolve);
      }),
      timeoutMs,
      'card.timeout',
    );
    if (!event.ok) {
      const key = CARD_ADVICE[event.error.code];
      return failed(
        'cardReader',
        assignment,
        event.error.code,
        message('cardUnusable', { detail: event.error.detail }),
        key === undefined ? undefined : advice(key),
      );
    }
    const card = event.value;
    return {
      outcome: 'pass',
      card: {
        documentType: card.documentType,
        runMasked: maskRun(card.run.formatted),
        serialMasked: maskCardSerial(card.serial),
        surnamesMasked: card.surnames === null ? null : maskName(card.surnames),
        givenNamesMasked: card.givenNames === null ? null : maskName(card.givenNames),
        birthDateMasked: maskBirthDate(card.birthDate),
        expiryDate: card.expiryDate,
        sex: card.sex,
        nationality: card.nationality,
        source: card.source,
      },
    };
  } catch (error) {
    if (codeOf(error) === 'card.timeout')
      return failed('cardReader', assignment, 'card.timeout', message('cardNone', { seconds: Math.round(timeoutMs / 1000) }), advice('presentCard'));
    return failed('cardReader', assignment, codeOf(error), message('cardReaderFailed', { detail: technicalDetail(error) }));
  } finally {
    off?.();
  }
}

/** Prints the technician's test receipt (drivers/printer/receipt-layout.ts). */
export async function testPrinter(
  devices: LiveDevices,
  assignment: DeviceAssignment,
  kioskId: string,
  printedAt: Date,
  timeoutMs: number,
): Promise<PrinterTestResult> {
  const printer = devices.printer;
  if (printer === null) return notAssigned('printer');
  try {
    const report = await within(printer.print(testReceipt({ kioskId, printedAt })), timeoutMs, 'printer.timeout');
    return { outcome: 'pass', bytesSent: report.bytesSent, warnings: [...report.warnings] };
  } catch (error) {
    const code = isPrinterError(error) ? error.code : codeOf(error);
    const detail = isPrinterError(error) ? `${error.detail} (${error.phase})` : technicalDetail(error);
    return failed('printer', assignment, code, message('receiptNotPrinted', { detail }));
  }
}

/** A selftest line as the contract carries it. */
export function checkLine(line: CheckResult): CheckLine {
  return { check: line.check.slice(0, 64), status: line.status, message: line.message, ...(line.advice !== undefined && { advice: line.advice }) };
}
