/**
 * What is plugged into the kiosk, as `kioskctl devices list` reports it
 * (the same driver listings and /dev/serial/by-id names), plus USB printer
 * class device files, each with the catalogue's suggestion. A listing that
 * fails (no HID backend, no permission) is reported as a problem, not as an
 * empty machine.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PluggedDevice, PluggedDevices } from '../../contract/index.ts';
import { type HidDeviceInfo, listHidDevices } from '../../../drivers/transport/hid-device.ts';
import { listSerialPorts, type SerialPortInfo } from '../../../drivers/transport/serial-transport.ts';
import { suggestDriver } from './device-catalogue.ts';

export interface DeviceListings {
  serial(): Promise<SerialPortInfo[]>;
  hid(): Promise<HidDeviceInfo[]>;
  /** Paths of USB printer class device files. */
  printerFiles(): string[];
}

const USB_PRINTER_DIR = '/dev/usb';

export const systemListings: DeviceListings = {
  serial: listSerialPorts,
  hid: listHidDevices,
  printerFiles() {
    try {
      return readdirSync(USB_PRINTER_DIR)
        .filter((name) => /^lp\d+$/.test(name))
        .map((name) => join(USB_PRINTER_DIR, name));
    } catch {
      return [];
    }
  },
};

const text = (value: string | undefined, max = 200) => (value === undefined || value === '' ? null : value.slice(0, max));
const id = (value: number | undefined) => (value === undefined || !Number.isInteger(value) || value < 0 || value > 0xffff ? null : value);

export async function listPluggedDevices(listings: DeviceListings = systemListings): Promise<PluggedDevices> {
  const problems: string[] = [];
  const settle = async <T>(what: string, list: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await list();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message.slice(0, 200) : 'cannot be listed'}`);
      return [];
    }
  };
  const [serial, hid] = await Promise.all([settle('serial ports', listings.serial), settle('HID devices', listings.hid)]);
  const devices: PluggedDevice[] = [
    ...serial.map((port): PluggedDevice => {
      const base = {
        kind: 'serial' as const,
        path: text(port.path, 300),
        stablePath: text(port.stablePath, 300),
        vendorId: id(port.vendorId),
        productId: id(port.productId),
      };
      return {
        ...base,
        manufacturer: text(port.manufacturer),
        product: null,
        serialNumber: text(port.serialNumber),
        usagePage: null,
        usage: null,
        suggestion: suggestDriver(base),
      };
    }),
    ...hid.map((device): PluggedDevice => {
      const base = {
        kind: 'hid' as const,
        path: text(device.path, 300),
        stablePath: null,
        vendorId: id(device.vendorId),
        productId: id(device.productId),
        usagePage: id(device.usagePage),
      };
      return {
        ...base,
        manufacturer: text(device.manufacturer),
        product: text(device.product),
        serialNumber: null,
        usage: id(device.usage),
        suggestion: suggestDriver(base),
      };
    }),
    ...listings.printerFiles().map((path): PluggedDevice => {
      const base = { kind: 'printer-file' as const, path, stablePath: null, vendorId: null, productId: null };
      return { ...base, manufacturer: null, product: null, serialNumber: null, usagePage: null, usage: null, suggestion: suggestDriver(base) };
    }),
  ];
  return { devices: devices.slice(0, 200), problems: problems.slice(0, 5) };
}
