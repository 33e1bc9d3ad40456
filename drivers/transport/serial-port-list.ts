/**
 * Serial ports as Linux itself describes them, read from sysfs and /dev.
 *
 * serialport's own lister runs `udevadm info -e` and parses its output; a
 * fresh Debian 12, most containers and many kiosk images have no udevadm
 * (it comes with systemd's udev), and the lister then fails with
 * `spawn udevadm ENOENT`. The kernel already publishes everything the
 * technician needs: each tty in /sys/class/tty links to its device, the USB
 * interface it hangs off sits above that device in /sys/devices with
 * idVendor/idProduct/manufacturer/serial files (Documentation/ABI/stable/
 * sysfs-bus-usb), and udev's stable names, where udev runs, are symlinks in
 * /dev/serial/by-id. pyserial's list_ports_linux reads the same places.
 */
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface SerialPortInfo {
  path: string;
  vendorId: number | undefined;
  productId: number | undefined;
  manufacturer: string | undefined;
  serialNumber: string | undefined;
  /** udev's stable name (/dev/serial/by-id/…) when udev made one. */
  stablePath?: string | undefined;
}

export interface SysfsRoots {
  /** Where sysfs is mounted: /sys. */
  readonly sys: string;
  /** Where device nodes live: /dev. */
  readonly dev: string;
}

const LINUX_ROOTS: SysfsRoots = { sys: '/sys', dev: '/dev' };

/**
 * The kernel names of serial devices a reader, scanner or printer can be on:
 * 8250/16550 UARTs (ttyS), USB CDC ACM (ttyACM), USB-serial bridges (ttyUSB),
 * ARM PL011 and SoC UARTs (ttyAMA, ttyMFD, ttyO), CH9102/WCH (ttyWCH), Exar
 * (ttyXRUSB) and Bluetooth RFCOMM; the same set serialport's lister accepts.
 */
const SERIAL_NAME = /^(ttyS|ttyWCH|ttyACM|ttyUSB|ttyAMA|ttyMFD|ttyO|ttyXRUSB|rfcomm)\d+$/;

/** include/uapi/linux/serial.h: PORT_UNKNOWN, a ttyS slot with no UART behind it (the 8250 driver makes 4–32 of them). */
const PORT_UNKNOWN = 0;

/** How far up /sys/devices a USB device's attributes may sit above its tty (tty → interface → device, with margin). */
const USB_ANCESTOR_DEPTH = 6;

function readAttribute(path: string): string | undefined {
  try {
    const value = readFileSync(path, 'utf8').trim();
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

function parseUsbId(id: string | undefined): number | undefined {
  return id !== undefined && /^[0-9a-f]{1,4}$/i.test(id) ? Number.parseInt(id, 16) : undefined;
}

/** The USB device above a tty's device in /sys/devices: the first ancestor that has idVendor. */
function usbAncestor(deviceDir: string, sysRoot: string): string | undefined {
  let dir = deviceDir;
  const devicesRoot = join(sysRoot, 'devices');
  for (let depth = 0; depth < USB_ANCESTOR_DEPTH && dir.startsWith(devicesRoot) && dir !== devicesRoot; depth++) {
    if (readAttribute(join(dir, 'idVendor')) !== undefined) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

/** /dev/serial/by-id/<name> → the node it points at; empty where udev does not run. */
export function stableSerialPaths(roots: SysfsRoots = LINUX_ROOTS): Map<string, string> {
  const byIdDir = join(roots.dev, 'serial/by-id');
  const paths = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(byIdDir);
  } catch {
    return paths;
  }
  for (const name of names) {
    try {
      // udev's links are relative (../../ttyUSB0); resolve them against the link's folder, not the cwd.
      const target = resolve(byIdDir, readlinkSync(join(byIdDir, name)));
      paths.set(join(roots.dev, basename(target)), join(byIdDir, name));
    } catch {
      // not a symlink, or gone since readdir: skip it
    }
  }
  return paths;
}

/**
 * Lists the serial ports sysfs knows. Throws only when /sys/class/tty itself
 * cannot be read (sysfs not mounted): the caller reports that as a problem.
 */
export function listLinuxSerialPorts(roots: SysfsRoots = LINUX_ROOTS): SerialPortInfo[] {
  const classDir = join(roots.sys, 'class/tty');
  const stable = stableSerialPaths(roots);
  const ports: SerialPortInfo[] = [];
  for (const name of readdirSync(classDir).sort(naturalOrder)) {
    if (!SERIAL_NAME.test(name)) continue;
    let deviceDir: string;
    try {
      // Virtual ttys (consoles, ptys) have no device link; real ports do.
      deviceDir = realpathSync(join(classDir, name, 'device'));
    } catch {
      continue;
    }
    const uartType = readAttribute(join(classDir, name, 'type'));
    if (name.startsWith('ttyS') && uartType !== undefined && Number(uartType) === PORT_UNKNOWN) continue;
    const usb = usbAncestor(deviceDir, realpathSync(roots.sys));
    const path = join(roots.dev, name);
    ports.push({
      path,
      vendorId: usb === undefined ? undefined : parseUsbId(readAttribute(join(usb, 'idVendor'))),
      productId: usb === undefined ? undefined : parseUsbId(readAttribute(join(usb, 'idProduct'))),
      manufacturer: usb === undefined ? undefined : readAttribute(join(usb, 'manufacturer')),
      serialNumber: usb === undefined ? undefined : readAttribute(join(usb, 'serial')),
      stablePath: stable.get(path),
    });
  }
  return ports;
}

/** ttyS2 before ttyS10, as a technician reads them. */
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
