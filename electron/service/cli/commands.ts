import { CARD_COMMANDS } from './card-commands.ts';
import type { CliCommand } from './cli-command.ts';
import { devicesCommands } from './devices-commands.ts';
import { FINGERPRINT_COMMANDS } from './fingerprint-commands.ts';
import { PRINTER_COMMANDS } from './printer-commands.ts';

/** Every kioskctl command. The driver issues add theirs here. */
export const COMMANDS: readonly CliCommand[] = [...devicesCommands, ...CARD_COMMANDS, ...FINGERPRINT_COMMANDS, ...PRINTER_COMMANDS];
