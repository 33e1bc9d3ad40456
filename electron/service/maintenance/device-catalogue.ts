/**
 * Devices the kiosk knows how to drive, by what the operating system reports
 * about them, and the assignment a technician should try first for each
 * role. Pure data and a lookup; every entry says where its id comes from.
 *
 * A USB-serial bridge says nothing about what is behind it (a fingerprint
 * module, a serial card reader, a serial printer), so it suggests each role
 * with that role's usual speed; the technician picks the role and probes.
 */
import type { DeviceRole, DeviceSuggestion } from '../../contract/index.ts';
import { CP2110_PRODUCT_ID, CP2110_VENDOR_ID } from '../../../drivers/transport/cp2110.ts';
import { HID_POS_USAGE_PAGE } from '../../../drivers/transport/hid-pos-scanner.ts';

interface UsbIdEntry {
  readonly vendorId: number;
  readonly productId: number;
  readonly name: string;
  readonly source: string;
  readonly bus: 'serial' | 'hid';
}

/** USB vendor:product ids, each from the driver table that binds it. */
export const KNOWN_USB_IDS: readonly UsbIdEntry[] = [
  {
    vendorId: 0x10c4,
    productId: 0xea60,
    name: 'Silicon Labs CP210x USB-serial bridge',
    source: 'Linux drivers/usb/serial/cp210x.c, id_table: USB_DEVICE(0x10C4, 0xEA60) "Silicon Labs factory default"',
    bus: 'serial',
  },
  {
    vendorId: 0x1a86,
    productId: 0x7523,
    name: 'WCH CH340 USB-serial bridge',
    source: 'Linux drivers/usb/serial/ch341.c, id_table: USB_DEVICE(0x1a86, 0x7523)',
    bus: 'serial',
  },
  {
    vendorId: 0x0403,
    productId: 0x6001,
    name: 'FTDI FT232 USB-serial bridge',
    source: 'Linux drivers/usb/serial/ftdi_sio_ids.h: FTDI_VID 0x0403, FTDI_8U232AM_PID 0x6001',
    bus: 'serial',
  },
  {
    vendorId: CP2110_VENDOR_ID,
    productId: CP2110_PRODUCT_ID,
    name: 'Silicon Labs CP2110 HID-to-UART bridge',
    source: 'Silicon Labs AN434 "CP2110/4 HID-to-UART Interface Specification" (drivers/transport/cp2110.ts: CP2110_VENDOR_ID, CP2110_PRODUCT_ID)',
    bus: 'hid',
  },
];

/** Scanners are known by what they are (usage page 0x8C), not by maker: any HID POS scanner will do. */
const HID_POS_SOURCE = 'USB HID Usage Tables, Bar Code Scanner page 0x8C (hardware-protocols.md §2.1)';

const hex = (n: number) => n.toString(16).padStart(4, '0');

/** The usual speed of each role behind a serial line: R30x modules 57600 (their datasheet default), readers and printers mostly 9600. */
const SERIAL_BAUD: Readonly<Record<DeviceRole, number>> = { fingerprint: 57_600, cardReader: 9_600, printer: 9_600 };

export interface ReportedDevice {
  readonly kind: 'serial' | 'hid' | 'printer-file';
  readonly path: string | null;
  /** A serial port's /dev/serial/by-id name: it follows the device, not the order it was found in. */
  readonly stablePath?: string | null;
  readonly vendorId: number | null;
  readonly productId: number | null;
  readonly usagePage?: number | null;
}

function serialRoles(path: string, roles: readonly DeviceRole[]): DeviceSuggestion['roles'] {
  const note: Readonly<Record<DeviceRole, string>> = {
    fingerprint: 'R30x fingerprint module (57600 baud by default)',
    cardReader: 'MRZ/QR reader in serial (virtual COM) mode; use the speed it is configured for',
    printer: 'ESC/POS printer on a serial line; use the speed it is configured for',
  };
  return roles.map((role) => ({ role, assignment: `serial:${path}@${SERIAL_BAUD[role]}`, note: note[role] }));
}

/** What the catalogue suggests for one reported device, or null when it does not know it. */
export function suggestDriver(device: ReportedDevice): DeviceSuggestion | null {
  if (device.kind === 'printer-file' && device.path !== null) {
    return {
      name: 'USB printer class device (usblp)',
      source: 'USB Printer Class 1.1; Linux usblp driver exposes /dev/usb/lp*',
      roles: [{ role: 'printer', assignment: `file:${device.path}`, note: 'a USB printer gives no status back: paper-out shows only when a job fails' }],
    };
  }
  if (device.kind === 'hid' && device.usagePage === HID_POS_USAGE_PAGE && device.vendorId !== null && device.productId !== null) {
    return {
      name: 'HID POS barcode / MRZ scanner',
      source: HID_POS_SOURCE,
      roles: [
        { role: 'cardReader', assignment: `hid:${hex(device.vendorId)}:${hex(device.productId)}`, note: 'needs the hidraw udev rule (technician guide)' },
      ],
    };
  }
  const known = KNOWN_USB_IDS.find((entry) => entry.vendorId === device.vendorId && entry.productId === device.productId && entry.bus === device.kind);
  if (known === undefined) return null;
  if (known.bus === 'hid') {
    return {
      name: known.name,
      source: known.source,
      roles: [
        {
          role: 'fingerprint',
          assignment: `hid:${hex(known.vendorId)}:${hex(known.productId)}@57600`,
          note: 'R30x fingerprint module behind a CP2110 (57600 baud by default)',
        },
      ],
    };
  }
  const path = device.stablePath ?? device.path;
  if (path === null) return null;
  return { name: known.name, source: known.source, roles: serialRoles(path, ['fingerprint', 'cardReader', 'printer']) };
}
