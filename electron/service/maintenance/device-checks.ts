/**
 * The selftest's device lines: each role's configured device, opened and
 * asked the question its protocol allows, through the same code the other
 * kioskctl commands use — the R30x probe of `fingerprint probe`, the ESC/POS
 * status read (DLE EOT) of `printer test`, and the device factory's card
 * readers. A card reader says nothing until a card is presented, so opening
 * its port is all that can be checked without one.
 *
 * Simulated devices pass: they live inside the service, and there is nothing
 * to open from here. Every probe has a deadline.
 *
 * While the kiosk service runs it holds the serial ports (serialport locks
 * them, TIOCEXCL) and the HID devices; a probe then finds them busy, which
 * is reported as a warning, not a fault.
 */
import type { DeviceRole, KioskMode } from '../../contract/index.ts';
import { EscPosPrinter } from '../../../drivers/printer/printer-driver.ts';
import { notReadyReason } from '../../../drivers/printer/escpos.ts';
import type { ByteTransport } from '../../../drivers/transport/byte-transport.ts';
import { FileTransport } from '../../../drivers/transport/file-transport.ts';
import { errnoCode } from '../../../drivers/transport/os-errors.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { TcpTransport } from '../../../drivers/transport/tcp-transport.ts';
import { type DeviceAssignment, formatDeviceAssignment } from '../config/device-config.ts';
import { buildCardReader } from '../devices/device-factories.ts';
import { fingerprintTransport, probeModule, withOpenDriver } from './fingerprint-probe.ts';
import { advice, type MaintenanceAdvice, message, technicalDetail } from './maintenance-error.ts';
import type { CheckResult } from './selftest-checks.ts';

class ProbeTimeout extends Error {
  readonly code = 'timeout';
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The OS error behind a driver error, however deep (driver → transport → serialport). */
function osCodeOf(error: unknown): string | undefined {
  let here: unknown = error;
  for (let depth = 0; depth < 6 && typeof here === 'object' && here !== null; depth++) {
    const os = (here as { osCode?: unknown }).osCode;
    if (typeof os === 'string') return os;
    const code = errnoCode(here);
    if (code !== undefined && /^E[A-Z]+$/.test(code)) return code;
    here = (here as { cause?: unknown }).cause;
  }
  return undefined;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

/** The advice for a device that failed, from the OS error first (it says the most), then the driver's code. */
export function deviceAction(
  role: DeviceRole,
  assignment: DeviceAssignment,
  code: string,
  os: string | undefined,
): { status: 'fail' | 'warn'; advice: MaintenanceAdvice } {
  const fail = (key: Parameters<typeof advice>[0], params: Record<string, string> = {}) => ({
    status: 'fail' as const,
    advice: advice(key, { role, ...params }),
  });
  if (os === 'EACCES' || os === 'EPERM')
    return fail(assignment.transport === 'hid' ? 'permissionHid' : assignment.transport === 'file' ? 'permissionLp' : 'permissionDialout');
  if (os === 'EBUSY' || os === 'EAGAIN') return { status: 'warn', advice: advice('deviceBusy', { role }) };
  if (os === 'ENOTTY') return fail('notSerialPort');
  if (code === 'printer.paper_out') return fail('loadPaper');
  if (code === 'printer.cover_open') return fail('closeCover');
  if (code === 'printer.offline') return fail('printerOffline');
  if (code.startsWith('fingerprint.protocol.') || code === 'printer.bad_status') return fail('wrongDevice');
  const tcp = assignment.transport === 'tcp';
  if (!tcp && (code === 'fingerprint.timeout' || code === 'timeout' || code === 'printer.timeout')) return fail('checkBaud');
  const gone = [
    'not_found',
    'devices.invalid_assignment',
    'fingerprint.disconnected',
    'transport.open_failed',
    'transport.disconnected',
    'printer.disconnected',
    'printer.unavailable',
  ];
  if (!tcp && (os === 'ENOENT' || os === 'ENODEV' || os === 'ENXIO' || gone.includes(code))) return fail('notPlugged');
  if (tcp) return fail('printerNetwork');
  return fail('devicesGuide');
}

function failure(role: DeviceRole, assignment: DeviceAssignment, error: unknown): CheckResult {
  const code = codeOf(error);
  const os = osCodeOf(error);
  const { status, advice: what } = deviceAction(role, assignment, code, os);
  const device = formatDeviceAssignment(assignment);
  return {
    check: `device.${role}`,
    status,
    message: message('deviceFailed', { role, device, detail: technicalDetail(error) }),
    advice: what,
    facts: { device, code, ...(os !== undefined && { os }) },
  };
}

function printerTransport(assignment: DeviceAssignment, timeoutMs: number): ByteTransport {
  switch (assignment.transport) {
    case 'tcp':
      return new TcpTransport({ host: assignment.host, port: assignment.port, connectTimeoutMs: timeoutMs });
    case 'serial':
      return new SerialTransport({ path: assignment.path, baudRate: assignment.baud ?? 9600 });
    case 'file':
      return new FileTransport({ path: assignment.path });
    default:
      throw Object.assign(new Error(`a printer cannot be attached by ${assignment.transport}`), { code: 'devices.invalid_assignment' });
  }
}

async function probe(role: DeviceRole, assignment: DeviceAssignment, timeoutMs: number): Promise<Omit<CheckResult, 'check'>> {
  const device = formatDeviceAssignment(assignment);
  if (role === 'fingerprint') {
    const transport = await fingerprintTransport(assignment);
    const info = await withOpenDriver(transport, (driver) => probeModule(driver, transport));
    return {
      status: 'pass',
      message: message('fingerprintAnswers', { device, capacity: info.libraryCapacity, packetBytes: info.packetSizeBytes, baud: info.baudRate }),
      facts: { device, driver: info.driver },
    };
  }
  if (role === 'cardReader') {
    const reader = await buildCardReader(assignment, { dataDir: '', simulations: {} });
    if (reader === null) throw new Error('no card reader');
    try {
      await reader.open();
    } finally {
      await reader.close();
    }
    return { status: 'pass', message: message('cardReaderOpens', { device }), facts: { device, driver: reader.driver } };
  }
  const transport = printerTransport(assignment, timeoutMs);
  const printer = new EscPosPrinter(transport, { statusTimeoutMs: Math.min(1000, timeoutMs), openTimeoutMs: timeoutMs });
  try {
    const status = await printer.status();
    if (status === 'unknown') {
      // A device file answers nothing (printer-driver.ts); opening it for writing is what can be checked.
      await transport.open();
      return { status: 'pass', message: message('printerFileOpens', { device }), facts: { device } };
    }
    const reason = notReadyReason(status);
    if (reason !== null) throw Object.assign(new Error(`the printer reports ${reason.replace('printer.', '').replace('_', ' ')}`), { code: reason });
    if (status.paperNearEnd) return { status: 'warn', message: message('printerPaperNearEnd', { device }), advice: advice('newRoll'), facts: { device } };
    return { status: 'pass', message: message('printerReady', { device }), facts: { device } };
  } finally {
    await printer.close();
  }
}

/** One line for one role. */
export async function checkDevice(role: DeviceRole, assignment: DeviceAssignment, mode: KioskMode, timeoutMs: number): Promise<CheckResult> {
  const check = `device.${role}`;
  if (assignment.transport === 'simulated') return { check, status: 'pass', message: message('deviceSimulated', { role }), facts: { device: 'simulated' } };
  if (assignment.transport === 'none') {
    if (role === 'printer' && mode === 'chileatiende') return { check, status: 'pass', message: message('deviceNoPrinterNeeded'), facts: { device: 'none' } };
    return { check, status: 'fail', message: message('deviceNotAssigned', { role }), advice: advice('assignDevice', { role }), facts: { device: 'none' } };
  }
  try {
    return { check, ...(await withDeadline(probe(role, assignment, timeoutMs), timeoutMs + 2000)) };
  } catch (error) {
    return failure(role, assignment, error);
  }
}
