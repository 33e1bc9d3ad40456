import { CARD_COMMANDS } from './card-commands.ts';
import type { CliCommand } from './cli-command.ts';

/** Every kioskctl command. The driver issues add theirs here. */
export const COMMANDS: readonly CliCommand[] = [...CARD_COMMANDS];
