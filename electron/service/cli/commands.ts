import { CARD_COMMANDS } from './card-commands.ts';
import { CENTRAL_COMMANDS } from './central-commands.ts';
import type { CliCommand } from './cli-command.ts';
import { CONFIG_COMMANDS } from './config-commands.ts';
import { deviceTestCommand } from './device-test-command.ts';
import { devicesCommands } from './devices-commands.ts';
import { DIAGNOSTICS_COMMANDS } from './diagnostics-commands.ts';
import { FINGERPRINT_COMMANDS } from './fingerprint-commands.ts';
import { FINGERPRINT_IMAGE_COMMANDS } from './fingerprint-image-commands.ts';
import { PRINTER_COMMANDS } from './printer-commands.ts';
import { QUEUE_COMMANDS } from './queue-commands.ts';
import { selftestCommand } from './selftest.ts';
import { TECHNICIAN_COMMANDS } from './technician-commands.ts';

/** Every kioskctl command, in the order `kioskctl help` lists them: setting a kiosk up, checking it, then the device tools. */
export const COMMANDS: readonly CliCommand[] = [
  ...CONFIG_COMMANDS,
  ...TECHNICIAN_COMMANDS,
  ...CENTRAL_COMMANDS,
  selftestCommand,
  ...QUEUE_COMMANDS,
  ...DIAGNOSTICS_COMMANDS,
  ...devicesCommands,
  deviceTestCommand,
  ...CARD_COMMANDS,
  ...FINGERPRINT_COMMANDS,
  ...FINGERPRINT_IMAGE_COMMANDS,
  ...PRINTER_COMMANDS,
];
