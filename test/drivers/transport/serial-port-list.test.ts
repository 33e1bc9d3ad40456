import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listLinuxSerialPorts, type SysfsRoots } from '../../../drivers/transport/serial-port-list.ts';
import { listSerialPorts } from '../../../drivers/transport/serial-transport.ts';

/**
 * A sysfs and /dev laid out as Linux lays them out (a CP2102 on USB, a
 * 16550 UART, an empty 8250 slot, a console, a CDC ACM tty whose device
 * went away), in a temporary folder.
 */
function fakeMachine(): SysfsRoots {
  const root = mkdtempSync(join(tmpdir(), 'sysfs-'));
  const sys = join(root, 'sys');
  const dev = join(root, 'dev');
  const file = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `${text}\n`);
  };
  const usbDevice = join(sys, 'devices/pci0000:00/0000:00:14.0/usb1/1-2');
  file(join(usbDevice, 'idVendor'), '10c4');
  file(join(usbDevice, 'idProduct'), 'ea60');
  file(join(usbDevice, 'manufacturer'), 'Silicon Labs');
  file(join(usbDevice, 'serial'), 'SYN0001');
  const usbTty = join(usbDevice, '1-2:1.0/ttyUSB0');
  mkdirSync(usbTty, { recursive: true });
  const uart = join(sys, 'devices/pnp0/00:01/00:01:0/00:01:0.0');
  mkdirSync(uart, { recursive: true });
  const tty = (name: string, device: string | null, type?: string) => {
    mkdirSync(join(sys, 'class/tty', name), { recursive: true });
    if (device !== null) symlinkSync(device, join(sys, 'class/tty', name, 'device'));
    if (type !== undefined) file(join(sys, 'class/tty', name, 'type'), type);
  };
  tty('ttyUSB0', usbTty);
  tty('ttyS10', uart, '4');
  tty('ttyS2', uart, '4');
  tty('ttyS3', join(sys, 'devices/platform/serial8250'), '0');
  mkdirSync(join(sys, 'devices/platform/serial8250'), { recursive: true });
  tty('tty0', null);
  tty('console', null);
  tty('ttyACM0', join(sys, 'devices/gone'));
  mkdirSync(join(dev, 'serial/by-id'), { recursive: true });
  symlinkSync('../../ttyUSB0', join(dev, 'serial/by-id/usb-Silicon_Labs_CP2102_SYN0001-if00-port0'));
  return { sys, dev };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('listLinuxSerialPorts (sysfs, no udevadm)', () => {
  it('lists real serial ports in natural order with the USB device above them and udev’s stable name', () => {
    const roots = fakeMachine();
    const ports = listLinuxSerialPorts(roots);
    expect(ports.map((p) => p.path)).toEqual([join(roots.dev, 'ttyS2'), join(roots.dev, 'ttyS10'), join(roots.dev, 'ttyUSB0')]);
    expect(ports[2]).toEqual({
      path: join(roots.dev, 'ttyUSB0'),
      vendorId: 0x10c4,
      productId: 0xea60,
      manufacturer: 'Silicon Labs',
      serialNumber: 'SYN0001',
      stablePath: join(roots.dev, 'serial/by-id/usb-Silicon_Labs_CP2102_SYN0001-if00-port0'),
    });
  });

  it('gives a UART that is not on USB no USB ids', () => {
    const ports = listLinuxSerialPorts(fakeMachine());
    expect(ports[0]).toMatchObject({ vendorId: undefined, productId: undefined, manufacturer: undefined, stablePath: undefined });
  });

  it('leaves out empty 8250 slots, consoles and ttys whose device is gone', () => {
    const names = listLinuxSerialPorts(fakeMachine()).map((p) => p.path.split('/').pop());
    expect(names).not.toContain('ttyS3');
    expect(names).not.toContain('tty0');
    expect(names).not.toContain('console');
    expect(names).not.toContain('ttyACM0');
  });

  it('fails with the OS error when sysfs is not there, so the caller can say so', () => {
    expect(() => listLinuxSerialPorts({ sys: '/nonexistent-sysfs', dev: '/dev' })).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('listSerialPorts on this machine', () => {
  it.runIf(process.platform === 'linux')('needs no udevadm (a fresh Debian 12 has none)', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    const ports = await listSerialPorts();
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) expect(port.path).toMatch(/^\/dev\/(tty|rfcomm)/);
  });
});
