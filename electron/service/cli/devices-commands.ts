import { listHidDevices } from '../../../drivers/transport/hid-device.ts';
import { listSerialPorts } from '../../../drivers/transport/serial-transport.ts';
import type { CliCommand } from './cli-command.ts';
import { parseOptions } from './args.ts';

export const devicesCommands: readonly CliCommand[] = [
  {
    path: ['devices', 'list'],
    usage: 'devices list',
    summary: 'List serial ports and HID devices plugged into this machine',
    async run(args) {
      parseOptions(args, {}, 'devices list');
      const [serial, hid] = await Promise.all([listSerialPorts(), listHidDevices()]);
      return { serial, hid };
    },
  },
];
