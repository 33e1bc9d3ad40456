import { parseArgs } from 'node:util';
import { CliError } from './cli-command.ts';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

/**
 * `--name VALUE` with a VALUE that starts with a dash (a base64url token
 * such as `-Xa9…`, a negative number) as `--name=VALUE`: parseArgs would
 * otherwise refuse it as ambiguous. A VALUE starting with `--` stays an option.
 */
function joinDashValues(args: readonly string[], options: OptionSpec): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/** node:util parseArgs, with unknown options and stray words turned into usage errors. */
export function parseOptions<T extends OptionSpec>(args: readonly string[], options: T, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args: joinDashValues(args, options), options, allowPositionals, strict: true });
  } catch (error) {
    throw new CliError('usage', `${error instanceof Error ? error.message : String(error)}; usage: kioskctl ${usage}`);
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError('usage', `--${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** The `--data-dir` option every command that reads or changes the kiosk takes. */
export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;
