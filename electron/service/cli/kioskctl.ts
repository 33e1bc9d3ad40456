/**
 * kioskctl: the technician's command line (`npm run kioskctl -- …`). Every
 * command prints JSON on stdout; a failure prints `{ "error": { code,
 * message, field? } }` on stderr and exits with one of EXIT_CODES
 * (cli-command.ts), which `kioskctl help` lists.
 */
import type { CliCommand, CliIO } from './cli-command.ts';
import { CliError, CliOutcome, EXIT_CODE_MEANINGS, exitCodeFor } from './cli-command.ts';
import { COMMANDS } from './commands.ts';
import { englishError } from './maintenance-english.ts';
import { MaintenanceError } from '../maintenance/maintenance-error.ts';

export function findCommand(commands: readonly CliCommand[], argv: readonly string[]): { command: CliCommand; args: string[] } | null {
  let best: { command: CliCommand; args: string[] } | null = null;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.command.path.length)) {
      best = { command, args: argv.slice(command.path.length) };
    }
  }
  return best;
}

/** `kioskctl help [WORD…]`: every command, or those whose path starts with the words given. */
export function helpText(commands: readonly CliCommand[], words: readonly string[] = []) {
  const shown = commands.filter((c) => words.every((word, i) => c.path[i] === word));
  return {
    usage: 'kioskctl <command> [options]; kioskctl help [command words] for fewer',
    output: 'JSON on stdout (selftest and simulators: one JSON document per line); on failure {"error":{"code","message","field"?}} on stderr',
    dataDir:
      'commands that read or change the kiosk take --data-dir DIR; default KIOSK_DATA_DIR, else .kiosk-data in the checkout (where npm start keeps its kiosk)',
    commands: (shown.length > 0 ? shown : commands).map((c) => ({ command: `kioskctl ${c.usage}`, summary: c.summary })),
    exitCodes: Object.fromEntries(Object.entries(EXIT_CODE_MEANINGS)),
    guide: 'docs/technician-guide.md',
  };
}

function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof MaintenanceError) return new CliError(error.code, englishError(error), exitCodeFor(error.code), error.field);
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : 'internal';
  const field = (error as { field?: unknown } | null)?.field;
  return new CliError(code, error instanceof Error ? error.message : String(error), exitCodeFor(code), typeof field === 'string' ? field : undefined);
}

export async function main(argv: readonly string[], commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const writeJson = (stream: NodeJS.WriteStream, value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    writeJson(process.stdout, helpText(commands, argv.slice(1)));
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    writeJson(process.stderr, { error: { code: 'usage', message: `unknown command "${argv.join(' ')}"; try "kioskctl help"` } });
    return 2;
  }
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const io: CliIO = { stdin: process.stdin, emit: (value) => writeJson(process.stdout, value), stopped, env: process.env, prompts: process.stderr };
  if (found.args.includes('--help') || found.args.includes('-h')) {
    writeJson(process.stdout, helpText(commands, found.command.path));
    return 0;
  }
  try {
    const result = await found.command.run(found.args, io);
    if (result instanceof CliOutcome) {
      if (result.value !== undefined) io.emit(result.value);
      return result.exitCode;
    }
    if (result !== undefined) io.emit(result);
    return 0;
  } catch (error) {
    const cliError = asCliError(error);
    writeJson(process.stderr, { error: { code: cliError.code, message: cliError.message, ...(cliError.field !== undefined && { field: cliError.field }) } });
    return cliError.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
  // Simulators and ports may hold the event loop; a finished command exits.
  process.exit();
}
