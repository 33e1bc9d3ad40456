import { COMMANDS, type CommandName, isCommandName, isDevCommand } from './commands.ts';
import { fail, type Result } from './errors.ts';

export type ValidatedCommand = { readonly name: CommandName; readonly payload: unknown };

export interface ValidateOptions {
  /** Whether dev.* commands exist (simulated devices). Omitted: not checked here. */
  readonly dev?: boolean;
}

/**
 * The one gate every host puts in front of the service: an unknown command, a
 * payload that fails its schema, or a dev command on a production kiosk
 * becomes a typed error. The caller logs the refusal by code and command name
 * only, never the payload.
 */
export function validateCommand(name: unknown, payload: unknown, options: ValidateOptions = {}): Result<ValidatedCommand> {
  if (!isCommandName(name)) return fail('contract.unknown_command');
  if (options.dev === false && isDevCommand(name)) return fail('dev.unavailable');
  const parsed = COMMANDS[name].input.safeParse(payload);
  if (!parsed.success) return fail('contract.invalid_payload');
  return { ok: true, value: { name, payload: parsed.data } };
}
