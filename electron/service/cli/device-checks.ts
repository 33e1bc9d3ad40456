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
import { openTransport, probeModule, withOpenDriver } from './fingerprint-commands.ts';
import type { CheckResult } from './selftest-checks.ts';

const ROLE_NAMES: Readonly<Record<DeviceRole, string>> = { fingerprint: 'fingerprint reader', cardReader: 'card reader', printer: 'receipt printer' };
const GUIDE = 'docs/technician-guide.md';

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

/** The action for a device that failed, from the OS error first (it says the most), then the driver's code. */
export function deviceAction(role: DeviceRole, assignment: DeviceAssignment, code: string, os: string | undefined): { status: 'fail' | 'warn'; action: string } {
  const setIt = `kioskctl devices list, then kioskctl config set devices.${role} …`;
  if (os === 'EACCES' || os === 'EPERM') {
    const how = assignment.transport === 'hid' ? 'install the hidraw udev rule' : assignment.transport === 'file' ? 'add the kiosk user to the lp group' : 'add the kiosk user to the dialout group';
    return { status: 'fail', action: `no permission to open the device: ${how} (${GUIDE}, Linux permissions), log in again, and rerun selftest` };
  }
  if (os === 'EBUSY' || os === 'EAGAIN') return { status: 'warn', action: 'the device is in use, normally by the running kiosk service; its live status is on the technician screen (stop the service to probe it from here)' };
  if (os === 'ENOTTY') return { status: 'fail', action: `that path is not a serial port; ${setIt}` };
  if (code === 'printer.paper_out') return { status: 'fail', action: 'load a paper roll (80 mm thermal) and close the cover' };
  if (code === 'printer.cover_open') return { status: 'fail', action: 'close the printer cover' };
  if (code === 'printer.offline') return { status: 'fail', action: 'the printer is offline or in error: check the cover, the paper and the cutter, then switch it off and on' };
  if (code.startsWith('fingerprint.protocol.') || code === 'printer.bad_status') {
    return { status: 'fail', action: `something answers, but not a ${ROLE_NAMES[role]}: another device is on this port; ${setIt}` };
  }
  const tcp = assignment.transport === 'tcp';
  if (!tcp && (code === 'fingerprint.timeout' || code === 'timeout' || code === 'printer.timeout')) {
    const baud = role === 'fingerprint' ? 'fingerprint modules 57600: serial:/dev/ttyUSB0@57600' : 'printers mostly 9600 or 19200: serial:/dev/ttyUSB0@9600';
    return { status: 'fail', action: `the port opens but nothing answers: check the baud rate (${baud}), the power of the device, and that it is on this port` };
  }
  const gone = ['not_found', 'devices.invalid_assignment', 'fingerprint.disconnected', 'transport.open_failed', 'transport.disconnected', 'printer.disconnected', 'printer.unavailable'];
  if (!tcp && (os === 'ENOENT' || os === 'ENODEV' || os === 'ENXIO' || gone.includes(code))) {
    return { status: 'fail', action: `not plugged in, or another path: check the cable and power; ${setIt}` };
  }
  if (tcp) {
    return { status: 'fail', action: 'the printer is not reachable or does not answer: check its power and network cable, that its IP address is the one configured (print its self-test page), and that it listens on 9100' };
  }
  return { status: 'fail', action: `see ${GUIDE} (Devices); kioskctl devices list shows what is plugged in` };
}

function failure(role: DeviceRole, assignment: DeviceAssignment, error: unknown): CheckResult {
  const code = codeOf(error);
  const os = osCodeOf(error);
  const { status, action } = deviceAction(role, assignment, code, os);
  const message = error instanceof Error ? error.message : String(error);
  return { check: `device.${role}`, status, summary: `${ROLE_NAMES[role]} at ${formatDeviceAssignment(assignment)}: ${message}`, action, facts: { device: formatDeviceAssignment(assignment), code, ...(os !== undefined && { os }) } };
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
    const port = assignment.transport === 'hid' ? `${assignment.vendorId.toString(16).padStart(4, '0')}:${assignment.productId.toString(16).padStart(4, '0')}` : assignment.transport === 'serial' ? assignment.path : '';
    const transport = await openTransport({ port, transport: assignment.transport, ...('baud' in assignment && assignment.baud !== undefined && { baud: String(assignment.baud) }) }, 'selftest');
    const info = await withOpenDriver(transport, (driver) => probeModule(driver, transport));
    return { status: 'pass', summary: `fingerprint module answers at ${device} (capacity ${info.libraryCapacity}, ${info.packetSizeBytes}-byte packets, ${info.baudRate} baud)`, facts: { device, driver: info.driver } };
  }
  if (role === 'cardReader') {
    const reader = await buildCardReader(assignment, { dataDir: '', simulations: {} });
    if (reader === null) throw new Error('no card reader');
    try {
      await reader.open();
    } finally {
      await reader.close();
    }
    return { status: 'pass', summary: `card reader port opens at ${device} (a reader says nothing until a card is presented)`, facts: { device, driver: reader.driver } };
  }
  const transport = printerTransport(assignment, timeoutMs);
  const printer = new EscPosPrinter(transport, { statusTimeoutMs: Math.min(1000, timeoutMs), openTimeoutMs: timeoutMs });
  try {
    const status = await printer.status();
    if (status === 'unknown') {
      // A device file answers nothing (printer-driver.ts); opening it for writing is what can be checked.
      await transport.open();
      return { status: 'pass', summary: `printer device ${device} opens for writing (a USB printer file gives no status)`, facts: { device } };
    }
    const reason = notReadyReason(status);
    if (reason !== null) throw Object.assign(new Error(`the printer reports ${reason.replace('printer.', '').replace('_', ' ')}`), { code: reason });
    if (status.paperNearEnd) return { status: 'warn', summary: `printer at ${device} is ready, but its paper roll is nearly used up`, action: 'put a new roll in at the next visit', facts: { device } };
    return { status: 'pass', summary: `printer at ${device} is online with paper`, facts: { device } };
  } finally {
    await printer.close();
  }
}

/** One line for one role. */
export async function checkDevice(role: DeviceRole, assignment: DeviceAssignment, mode: KioskMode, timeoutMs: number): Promise<CheckResult> {
  const check = `device.${role}`;
  if (assignment.transport === 'simulated') return { check, status: 'pass', summary: `${ROLE_NAMES[role]} is simulated inside the service (nothing to probe)`, facts: { device: 'simulated' } };
  if (assignment.transport === 'none') {
    if (role === 'printer' && mode === 'chileatiende') return { check, status: 'pass', summary: 'no printer assigned (ChileAtiende mode prints nothing)', facts: { device: 'none' } };
    return { check, status: 'fail', summary: `no ${ROLE_NAMES[role]} assigned`, action: `kioskctl devices list, then kioskctl config set devices.${role} …  (${GUIDE})`, facts: { device: 'none' } };
  }
  try {
    return { check, ...(await withDeadline(probe(role, assignment, timeoutMs), timeoutMs + 2000)) };
  } catch (error) {
    return failure(role, assignment, error);
  }
}
