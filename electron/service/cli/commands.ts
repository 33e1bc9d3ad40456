import type { CliCommand } from './cli-command.ts';

/** Every kioskctl command. The driver issues add theirs here. */
export const COMMANDS: readonly CliCommand[] = [];
