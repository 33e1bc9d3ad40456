import { DEVICE_ROLES, type DeviceRole } from '../../contract/index.ts';
import { listHidDevices } from '../../../drivers/transport/hid-device.ts';
import { listSerialPorts } from '../../../drivers/transport/serial-transport.ts';
import { checkDevice } from '../maintenance/device-checks.ts';
import { loadConfiguration, withDatabase } from '../maintenance/kiosk-files.ts';
import { DEFAULT_CHECK_TIMEOUT_S } from '../maintenance/selftest.ts';
import { DATA_DIR_OPTION, intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand, CliOutcome, EXIT_CODES } from './cli-command.ts';
import { resolveDataDir } from './data-dir.ts';
import { englishLine } from './maintenance-english.ts';

/** `10c4:ea80`: the form `hid:VID:PID` assignments and udev rules use. */
export function usbId(vendorId: number | undefined, productId: number | undefined): string | undefined {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return vendorId === undefined || productId === undefined ? undefined : `${hex(vendorId)}:${hex(productId)}`;
}

const PROBE_USAGE = 'devices probe [fingerprint|cardReader|printer …] [--timeout SECONDS] [--data-dir DIR]';

export const devicesCommands: readonly CliCommand[] = [
  {
    path: ['devices', 'list'],
    usage: 'devices list',
    summary: 'List serial ports (USB id, maker, serial number, stable /dev/serial/by-id path) and HID devices (USB id, usage page) plugged into this machine',
    async run(args) {
      parseOptions(args, {}, 'devices list');
      const [serial, hid] = await Promise.all([listSerialPorts(), listHidDevices()]);
      return {
        serial: serial.map((port) => ({ ...port, usbId: usbId(port.vendorId, port.productId) })),
        hid: hid.map((device) => ({
          ...device,
          usbId: usbId(device.vendorId, device.productId),
          ...(device.usagePage === 0x8c && { hint: 'HID POS scanner (usage page 0x8C)' }),
        })),
      };
    },
  },
  {
    path: ['devices', 'probe'],
    usage: PROBE_USAGE,
    summary: 'Open and probe the devices the configuration assigns (all roles, or those named): the selftest device lines; exit 1 if one fails',
    async run(args, io) {
      const { values, positionals } = parseOptions(args, { ...DATA_DIR_OPTION, timeout: { type: 'string' } }, PROBE_USAGE, true);
      const unknown = positionals.find((role) => !(DEVICE_ROLES as readonly string[]).includes(role));
      if (unknown !== undefined) throw new CliError('usage', `"${unknown}" is not a role; one of ${DEVICE_ROLES.join(', ')}`);
      const roles = positionals.length > 0 ? (positionals as DeviceRole[]) : [...DEVICE_ROLES];
      const timeoutMs = intOption(values.timeout, 'timeout', DEFAULT_CHECK_TIMEOUT_S, 1, 60) * 1000;
      const dataDir = resolveDataDir(values['data-dir'], io.env);
      const { config } = await withDatabase(dataDir, 'read', (db) => loadConfiguration(db, dataDir));
      const devices = await Promise.all(roles.map((role) => checkDevice(role, config.devices[role], config.mode, timeoutMs)));
      return new CliOutcome({ devices: devices.map(englishLine) }, devices.some((d) => d.status === 'fail') ? EXIT_CODES.failed : EXIT_CODES.ok);
    },
  },
];
