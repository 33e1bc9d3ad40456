/**
 * The node-hid boundary. Transports talk to a `HidDeviceLike`, which node-hid's
 * `HID` and `HIDAsync` objects already are, and which a test double can be.
 *
 * node-hid conventions this relies on (node-hid README; reference §2.1, §6):
 * reports are written and read with the report ID as their first byte (0x00
 * when the device does not number its reports); `data` events start the read
 * loop and `error` events report a failed read (on unplug, among others);
 * `getFeatureReport(id, length)` returns the report ID first on hidraw.
 */
import { devicesAsync, HIDAsync } from 'node-hid';

export interface HidDeviceLike {
  write(report: number[]): number | Promise<number>;
  sendFeatureReport(report: number[]): number | Promise<number>;
  getFeatureReport(reportId: number, length: number): number[] | Uint8Array | Promise<number[] | Uint8Array>;
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeListener(event: 'data', listener: (report: Uint8Array) => void): unknown;
  removeListener(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void | Promise<void>;
}

/** Opens a HID device by the path `listHidDevices()` reports (hidraw node on Linux). */
export async function openHidDevice(path: string): Promise<HidDeviceLike> {
  return HIDAsync.open(path);
}

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  usagePage: number | undefined;
  usage: number | undefined;
  manufacturer: string | undefined;
  product: string | undefined;
  path: string | undefined;
}

/**
 * HID devices the OS exposes, for the technician's "which one is the bridge /
 * the scanner?". usagePage/usage need the hidraw backend on Linux (node-hid
 * README); a keyboard-mode scanner is not readable here at all (reference §2.1).
 */
export async function listHidDevices(): Promise<HidDeviceInfo[]> {
  const devices = await devicesAsync();
  return devices.map((device) => ({
    vendorId: device.vendorId,
    productId: device.productId,
    usagePage: device.usagePage,
    usage: device.usage,
    manufacturer: device.manufacturer,
    product: device.product,
    path: device.path,
  }));
}
