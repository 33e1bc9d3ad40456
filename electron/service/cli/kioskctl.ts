/**
 * kioskctl: the technician's command line (`npm run kioskctl -- …`). Every
 * command prints JSON on stdout; a failure prints `{ "error": { code,
 * message } }` on stderr and exits non-zero (2 for usage errors).
 */
import type { CliCommand, CliIO } from './cli-command.ts';
import { CliError } from './cli-command.ts';
import { COMMANDS } from './commands.ts';

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

export function helpText(commands: readonly CliCommand[]) {
  return {
    usage: 'kioskctl <command> [options]',
    commands: commands.map((c) => ({ command: `kioskctl ${c.usage}`, summary: c.summary })),
  };
}

export async function main(argv: readonly string[], commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const writeJson = (stream: NodeJS.WriteStream, value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    writeJson(process.stdout, helpText(commands));
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
  const io: CliIO = { stdin: process.stdin, emit: (value) => writeJson(process.stdout, value), stopped };
  try {
    const result = await found.command.run(found.args, io);
    if (result !== undefined) io.emit(result);
    return 0;
  } catch (error) {
    const cliError =
      error instanceof CliError
        ? error
        : new CliError(typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'internal', error instanceof Error ? error.message : String(error));
    writeJson(process.stderr, { error: { code: cliError.code, message: cliError.message } });
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
