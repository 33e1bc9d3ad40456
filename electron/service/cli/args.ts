import { parseArgs } from 'node:util';
import { CliError } from './cli-command.ts';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

/** node:util parseArgs, with unknown options and stray words turned into usage errors. */
export function parseOptions<T extends OptionSpec>(args: readonly string[], options: T, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
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
