/**
 * Technician mode's device probes and tests, through the drivers the running
 * service holds (the device manager): a probe from outside would find the
 * ports busy (device-checks.ts says as much). Every operation has a
 * deadline below the contract's 15 s command timeout, and every failure
 * says what to do, with the selftest's own advice (deviceAction).
 *
 * Nothing a test reads is logged or kept: the card test answers with the
 * parsed fields (RUN masked) and the finger test with the image, and both
 * are forgotten once answered.
 */
import type { CardTestResult, CheckLine, DeviceRole, DeviceState, FingerprintTestResult, KioskMode, PrinterTestResult, TechnicianFailure } from '../../contract/index.ts';
import type { CardReader, CardReadEvent } from '../../../drivers/card-reader/card-reader.ts';
import { maskRun } from '../../../drivers/card-reader/run.ts';
import type { FingerprintReader } from '../../../drivers/fingerprint/fingerprint-reader.ts';
import { isPrinterError } from '../../../drivers/printer/printer-errors.ts';
import { testReceipt } from '../../../drivers/printer/receipt-layout.ts';
import { checkDevice, deviceAction } from '../cli/device-checks.ts';
import type { DeviceCheck } from '../cli/selftest.ts';
import type { CheckResult } from '../cli/selftest-checks.ts';
import { type DeviceAssignment, formatDeviceAssignment } from '../config/device-config.ts';
import type { ManagedPrinter } from '../devices/managed-printer.ts';

/** What the tests need of the device manager (electron/service/devices/device-manager.ts). */
export interface LiveDevices {
  readonly fingerprint: FingerprintReader | null;
  readonly cardReader: CardReader | null;
  readonly printer: ManagedPrinter | null;
  status(): { readonly roles: Readonly<Record<DeviceRole, { readonly state: DeviceState }>> };
}

const ROLE_NAMES: Readonly<Record<DeviceRole, string>> = { fingerprint: 'fingerprint reader', cardReader: 'card reader', printer: 'receipt printer' };

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

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

function failed(role: DeviceRole, assignment: DeviceAssignment, code: string, summary: string, action?: string): TechnicianFailure {
  return { outcome: 'fail', code, summary: summary.slice(0, 1000), action: (action ?? deviceAction(role, assignment, code, undefined).action).slice(0, 1000) };
}

function notAssigned(role: DeviceRole): TechnicianFailure {
  return { outcome: 'fail', code: 'device.not_assigned', summary: `no ${ROLE_NAMES[role]} is assigned`, action: `assign one on the devices screen (devices.${role})` };
}

function notConnected(role: DeviceRole, assignment: DeviceAssignment): TechnicianFailure {
  return failed(role, assignment, 'device.not_connected', `the ${ROLE_NAMES[role]} at ${formatDeviceAssignment(assignment)} is not connected`);
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
  const asLine = (failure: TechnicianFailure) => ({ status: 'fail' as const, summary: failure.summary, ...(failure.action !== undefined && { action: failure.action }), facts: { device, code: failure.code } });
  const state = devices.status().roles[role].state;
  if (role === 'fingerprint') {
    const reader = devices.fingerprint;
    if (reader === null || state === 'not-connected') return asLine(reader === null ? notAssigned(role) : notConnected(role, assignment));
    try {
      const info = await within(reader.deviceInfo(), timeoutMs, 'fingerprint.timeout');
      return { status: 'pass', summary: `fingerprint module answers at ${device} (capacity ${info.libraryCapacity}, ${info.packetSizeBytes}-byte packets, ${info.baudRate} baud)`, facts: { device, driver: info.driver } };
    } catch (error) {
      return asLine(failed(role, assignment, codeOf(error), `fingerprint reader at ${device}: ${messageOf(error)}`));
    }
  }
  if (role === 'cardReader') {
    if (devices.cardReader === null || state === 'not-connected') return asLine(devices.cardReader === null ? notAssigned(role) : notConnected(role, assignment));
    return { status: 'pass', summary: `card reader is connected at ${device} (a reader says nothing until a card is presented: use the card test)`, facts: { device } };
  }
  const printer = devices.printer;
  if (printer === null) return asLine(notAssigned(role));
  const now = await within(printer.refresh(), timeoutMs, 'printer.timeout').catch(() => 'not-connected' as const);
  if (now === 'ready') return { status: 'pass', summary: `printer at ${device} is online with paper`, facts: { device } };
  if (now === 'not-connected') return asLine(failed(role, assignment, 'printer.unavailable', `printer at ${device} does not answer`));
  return asLine(failed(role, assignment, 'printer.needs_attention', `printer at ${device} needs attention (paper, cover or an error)`, 'check the paper roll and the cover, then print a test receipt: it names the exact fault'));
}

/** One probe, as a selftest line. */
export async function probeRole(role: DeviceRole, assignment: DeviceAssignment, mode: KioskMode, devices: () => LiveDevices, timeoutMs: number): Promise<CheckLine> {
  const line = await liveDeviceCheck(devices)(role, assignment, mode, timeoutMs);
  return { check: line.check, status: line.status, summary: line.summary.slice(0, 1000), ...(line.action !== undefined && { action: line.action.slice(0, 1000) }) };
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
    return {
      outcome: 'pass',
      quality: null,
      // Readers deliver images; only an ISO-template reader adds a template (fingerprint-reader.ts).
      templateFormat: capture.template?.format ?? 'none',
      image: { width: image.width, height: image.height, pixelsBase64: Buffer.from(image.pixels).toString('base64') },
    };
  } catch (error) {
    const code = codeOf(error);
    if (code === 'fingerprint.no_finger') return failed('fingerprint', assignment, code, `no finger on the sensor within ${Math.round(timeoutMs / 1000)} s`, 'press a finger flat on the sensor, then start the test');
    if (code === 'fingerprint.poor_quality') return failed('fingerprint', assignment, code, 'the reader works, but the image was too poor to read', 'clean the sensor glass and press the finger flat and still');
    return failed('fingerprint', assignment, code, `fingerprint reader: ${messageOf(error)}`);
  }
}

const CARD_ACTIONS: Readonly<Record<string, string>> = {
  'card.unreadable': 'the reader sent something that is not a cédula MRZ or QR: present the back of the card flat, and check the reader is in serial or HID POS mode (not keyboard mode)',
  'card.check_digit': 'a check digit does not match: read the card again; if it repeats, clean the card and the reader window',
  'card.invalid_run': 'the RUN read fails its check digit: read the card again',
  'card.not_chilean_id': 'the reader works; this document is not a Chilean identity card',
  'card.expired': 'the reader works; this card has expired (try another card)',
  'card.mismatch': 'the MRZ and the QR of the card disagree: read it again',
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
    if (!event.ok) return failed('cardReader', assignment, event.error.code, `the card could not be used: ${event.error.detail}`, CARD_ACTIONS[event.error.code]);
    const card = event.value;
    return {
      outcome: 'pass',
      card: {
        documentType: card.documentType,
        runMasked: maskRun(card.run.formatted),
        serial: card.serial,
        surnames: card.surnames,
        givenNames: card.givenNames,
        birthDate: card.birthDate,
        expiryDate: card.expiryDate,
        sex: card.sex,
        nationality: card.nationality,
        source: card.source,
      },
    };
  } catch (error) {
    if (codeOf(error) === 'card.timeout') return failed('cardReader', assignment, 'card.timeout', `no card was read within ${Math.round(timeoutMs / 1000)} s`, 'present the back of the card to the reader right after starting the test');
    return failed('cardReader', assignment, codeOf(error), `card reader: ${messageOf(error)}`);
  } finally {
    off?.();
  }
}

/** Prints the technician's test receipt (drivers/printer/receipt-layout.ts). */
export async function testPrinter(devices: LiveDevices, assignment: DeviceAssignment, kioskId: string, printedAt: Date, timeoutMs: number): Promise<PrinterTestResult> {
  const printer = devices.printer;
  if (printer === null) return notAssigned('printer');
  try {
    const report = await within(printer.print(testReceipt({ kioskId, printedAt })), timeoutMs, 'printer.timeout');
    return { outcome: 'pass', bytesSent: report.bytesSent, warnings: [...report.warnings] };
  } catch (error) {
    const code = isPrinterError(error) ? error.code : codeOf(error);
    const detail = isPrinterError(error) ? `${error.detail} (${error.phase})` : messageOf(error);
    return failed('printer', assignment, code, `the test receipt was not printed: ${detail}`);
  }
}
