/**
 * An R30x module asked from outside the service (selftest, `kioskctl
 * fingerprint probe`): the transport an assignment names, opened without
 * reconnecting (a probe reports, it does not retry), and the questions the
 * protocol allows without a finger (VfyPwd, ReadSysPara, HandShake).
 */
import { R30xDriver } from '../../../drivers/fingerprint/r30x-driver.ts';
import type { ByteTransport } from '../../../drivers/transport/byte-transport.ts';
import { listHidDevices } from '../../../drivers/transport/hid-device.ts';
import { Cp2110Transport } from '../../../drivers/transport/hid-transport.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import type { DeviceAssignment } from '../config/device-config.ts';
import { MaintenanceError, message } from './maintenance-error.ts';

/** The factory default of R30x modules (reference §1.1). */
export const DEFAULT_FINGERPRINT_BAUD = 57_600;

/** A CP2110 bridge by VID:PID, as plugged in now. */
export async function cp2110Transport(vendorId: number, productId: number, baudRate: number): Promise<ByteTransport> {
  const device = (await listHidDevices()).find((d) => d.vendorId === vendorId && d.productId === productId && d.path !== undefined);
  if (!device) {
    const id = `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
    throw new MaintenanceError('not_found', message('hidDeviceMissing', { id }));
  }
  return new Cp2110Transport({ path: device.path!, uart: { baudRate } });
}

/** The transport a fingerprint assignment names (serial port, or CP2110 bridge). */
export async function fingerprintTransport(assignment: DeviceAssignment): Promise<ByteTransport> {
  const baudRate = 'baud' in assignment && assignment.baud !== undefined ? assignment.baud : DEFAULT_FINGERPRINT_BAUD;
  if (assignment.transport === 'serial') return new SerialTransport({ path: assignment.path, baudRate });
  if (assignment.transport === 'hid') return cp2110Transport(assignment.vendorId, assignment.productId, baudRate);
  throw Object.assign(new Error(`a fingerprint reader cannot be attached by ${assignment.transport}`), { code: 'devices.invalid_assignment' });
}

/** Runs `work` on an opened driver and closes it; errors are the driver's own. */
export async function withOpenDriver<T>(transport: ByteTransport, work: (driver: R30xDriver) => Promise<T>): Promise<T> {
  const driver = new R30xDriver({ transport, reconnect: false });
  try {
    await driver.open();
    return await work(driver);
  } finally {
    await driver.close();
  }
}

/** VfyPwd, ReadSysPara and HandShake: what `fingerprint probe` prints, and what selftest asks of a configured reader. */
export async function probeModule(driver: R30xDriver, transport: ByteTransport) {
  const info = await driver.deviceInfo();
  const handshake = await driver.handshake();
  return { ...info, transport: transport.kind, handshake, line: driver.lineStats };
}
