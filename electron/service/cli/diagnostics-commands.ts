/**
 * `kioskctl diagnostics export --to DIR`: a folder a
 * technician carries away on a USB stick, for whoever has to find out what
 * is wrong with a kiosk without visiting it:
 *
 *   manifest.json   what is in the bundle, when and where it was made
 *   config.json     the stored configuration, secrets as "[set]"
 *   selftest.json   every selftest line and the summary
 *   queue.json      outbox counts, ages and dead-letter reasons (never contents)
 *   versions.json   kiosk, Node, OS, OpenSSL, SQLite and native module versions
 *   service-log.txt the end of the service's log, when it is kept in a file
 *
 * The service writes its log as JSON lines on stderr (common/log.ts); a kiosk keeps
 * them in a file only when its service manager sends them to one. kioskctl
 * looks in `<dataDir>/logs/service.log` (and `service.log.1`, the previous
 * one after a rotation), or in the file named by --log, and takes at most the
 * last 2,000 lines / 1 MiB. The logger never writes personal data; every
 * text in the bundle goes through its scrubber (scrubText) again all the
 * same, so a RUN, e-mail address or mobile number that slipped through
 * anyway does not leave the kiosk.
 */
import { exportDiagnostics } from '../maintenance/diagnostics.ts';
import { DEFAULT_CHECK_TIMEOUT_S } from '../maintenance/selftest.ts';
import { DATA_DIR_OPTION, intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand } from './cli-command.ts';
import { resolveDataDir } from './data-dir.ts';
import { englishLine } from './maintenance-english.ts';

const USAGE = 'diagnostics export --to DIR [--log FILE] [--timeout SECONDS] [--data-dir DIR]';

export const diagnosticsExportCommand: CliCommand = {
  path: ['diagnostics', 'export'],
  usage: USAGE,
  summary:
    'Write a diagnostics bundle folder into DIR (e.g. a USB stick): configuration without secrets, selftest, queue status, versions, recent redacted service log',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, to: { type: 'string' }, log: { type: 'string' }, timeout: { type: 'string' } }, USAGE);
    if (values.to === undefined || values.to.trim() === '') throw new CliError('usage', `--to is required; usage: kioskctl ${USAGE}`);
    const timeoutMs = intOption(values.timeout, 'timeout', DEFAULT_CHECK_TIMEOUT_S, 1, 60) * 1000;
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    return exportDiagnostics({ dataDir, target: values.to, timeoutMs, renderLine: englishLine, ...(values.log !== undefined && { logFile: values.log }) });
  },
};

export const DIAGNOSTICS_COMMANDS: readonly CliCommand[] = [diagnosticsExportCommand];
