/**
 * `kioskctl selftest`: the maintenance selftest
 * (maintenance/selftest.ts), one JSON line per check as soon as it is known,
 * then a summary line. Exit 0 when nothing failed (warnings do not fail), 1
 * otherwise.
 */
import { DEFAULT_CHECK_TIMEOUT_S, runSelftest, summarize } from '../maintenance/selftest.ts';
import { DATA_DIR_OPTION, intOption, parseOptions } from './args.ts';
import { type CliCommand, CliOutcome, EXIT_CODES } from './cli-command.ts';
import { resolveDataDir } from './data-dir.ts';
import { englishLine } from './maintenance-english.ts';

const USAGE = 'selftest [--timeout SECONDS] [--data-dir DIR]';

export const selftestCommand: CliCommand = {
  path: ['selftest'],
  usage: USAGE,
  summary:
    'Check every configured device, central (reachability, clock skew), the client certificate, disk space and the outbox: one JSON line per check, then a summary; exit 1 if any check failed',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, timeout: { type: 'string' } }, USAGE);
    const timeoutMs = intOption(values.timeout, 'timeout', DEFAULT_CHECK_TIMEOUT_S, 1, 60) * 1000;
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const lines = await runSelftest(dataDir, timeoutMs, (line) => io.emit(englishLine(line)));
    const summary = summarize(lines, dataDir);
    return new CliOutcome(summary, summary.selftest === 'pass' ? EXIT_CODES.ok : EXIT_CODES.failed);
  },
};
