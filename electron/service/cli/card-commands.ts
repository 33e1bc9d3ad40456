/**
 * kioskctl's card-reader commands:
 *
 *   card parse "<MRZ lines or QR text>" [--today YYYY-MM-DD]
 *     the CardRead as JSON, or { error: { code, message } } and exit 1. Several
 *     words are taken as separate lines, so the three MRZ rows can be passed
 *     as three arguments; an MRZ and the QR URL together are cross-checked
 *     (source `mrz+qr`), as the readers do. The RUN is printed in full: this is the technician's
 *     parser, run on what they typed.
 *   simulate card --link PATH [--baud N] [--framing crlf|cr|lf|stx-etx] [--seed S]
 *     a serial MRZ/QR reader on a pty at PATH, controlled line by line on
 *     stdin (commands in drivers/card-reader/card-reader-simulator.ts), one
 *     JSON reply per line; stops on quit, end of stdin, SIGINT or SIGTERM and
 *     removes PATH.
 */
import { kioskToday } from '../../../drivers/card-reader/card-reader.ts';
import { CardReaderSimulator, MAX_BAUD, MIN_BAUD } from '../../../drivers/card-reader/card-reader-simulator.ts';
import type { CardParseResult } from '../../../drivers/card-reader/card-read.ts';
import { parseCardText } from '../../../drivers/card-reader/cross-check.ts';
import { splitSymbols } from '../../../drivers/card-reader/scan-framer.ts';
import { pairResults, parseScan } from '../../../drivers/card-reader/scan-pairing.ts';
import { FRAMING_NAMES, type FramingName } from '../../../drivers/card-reader/simulated-card-output.ts';
import { runSimulatorControl } from '../../../drivers/transport/simulator-control.ts';
import { intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand } from './cli-command.ts';

const PARSE_USAGE = 'card parse "<MRZ lines or QR text>" [--today YYYY-MM-DD]';
const SIMULATE_USAGE = 'simulate card --link PATH [--baud N] [--framing crlf|cr|lf|stx-etx] [--seed S]';

function isCalendarDay(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

export const cardParseCommand: CliCommand = {
  path: ['card', 'parse'],
  usage: PARSE_USAGE,
  summary: 'Parse a cédula MRZ (TD1) or QR text and print the card read, or the typed error',
  async run(args) {
    const { values, positionals } = parseOptions(args, { today: { type: 'string' } }, PARSE_USAGE, true);
    if (positionals.length === 0) throw new CliError('usage', `nothing to parse; usage: kioskctl ${PARSE_USAGE}`);
    const today = values.today ?? kioskToday();
    if (!isCalendarDay(today)) throw new CliError('usage', '--today must be a YYYY-MM-DD calendar date');
    const result = parseBoth(positionals.join('\n'), today) ?? parseCardText(positionals.join('\n'), { today });
    if (!result.ok) throw new CliError(result.error.code, `${result.error.detail} (${result.error.messageKey})`);
    return result.value;
  },
};

/** An MRZ and a QR pasted together (what a reader that decodes both sends) are cross-checked, as the readers do. */
function parseBoth(text: string, today: string): CardParseResult | null {
  const scans = splitSymbols(text).map((scan) => parseScan(scan, today));
  const mrz = scans.find((scan) => scan.info.symbol === 'mrz');
  const qr = scans.find((scan) => scan.info.symbol === 'qr');
  return scans.length === 2 && mrz && qr ? pairResults(mrz.result, qr.result) : null;
}

export const simulateCardCommand: CliCommand = {
  path: ['simulate', 'card'],
  usage: SIMULATE_USAGE,
  summary: 'Run a simulated serial MRZ/QR card reader on a pty at PATH, driven by commands on stdin',
  async run(args, io) {
    const { values } = parseOptions(
      args,
      { link: { type: 'string' }, baud: { type: 'string' }, framing: { type: 'string', default: 'crlf' }, seed: { type: 'string' } },
      SIMULATE_USAGE,
    );
    if (values.link === undefined || values.link === '') throw new CliError('usage', `--link is required; usage: kioskctl ${SIMULATE_USAGE}`);
    const baud = intOption(values.baud, 'baud', 9600, MIN_BAUD, MAX_BAUD);
    const framingName = values.framing as string;
    if (!Object.hasOwn(FRAMING_NAMES, framingName)) throw new CliError('usage', `--framing must be one of ${Object.keys(FRAMING_NAMES).join(', ')}`);
    let simulator: CardReaderSimulator;
    try {
      simulator = await CardReaderSimulator.start({ link: values.link, baud, framing: FRAMING_NAMES[framingName as FramingName], seed: values.seed });
    } catch (error) {
      throw new CliError('device', error instanceof Error ? error.message : String(error));
    }
    io.emit({ event: 'ready', link: simulator.link, baud, framing: framingName });
    await runSimulatorControl(simulator, (line) => simulator.handle(line), io.stdin, io.emit, io.stopped);
    return { event: 'stopped', link: simulator.link };
  },
};

export const CARD_COMMANDS: readonly CliCommand[] = [cardParseCommand, simulateCardCommand];
