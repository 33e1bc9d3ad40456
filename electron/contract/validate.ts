import { COMMANDS, type CommandName, isCommandName } from './commands.ts';
import { fail, type Result } from './errors.ts';

export type ValidatedCommand = { readonly name: CommandName; readonly payload: unknown };

/**
 * The one gate every host puts in front of the service: an unknown command or
 * a payload that fails its schema becomes a typed error. The caller logs the
 * refusal by code and command name only, never the payload.
 */
export function validateCommand(name: unknown, payload: unknown): Result<ValidatedCommand> {
  if (!isCommandName(name)) return fail('contract.unknown_command');
  const parsed = COMMANDS[name].input.safeParse(payload);
  if (!parsed.success) return fail('contract.invalid_payload');
  return { ok: true, value: { name, payload: parsed.data } };
}
