/**
 * kioskctl's technician PIN command:
 *
 *   technician set-pin [--pin-stdin] [--data-dir DIR]
 *     provisions the technician PIN, or replaces it (a forgotten PIN, a
 *     technician who left). On a terminal it asks twice without echo and
 *     refuses a weak PIN at the first entry; with --pin-stdin it reads one
 *     line from stdin (for provisioning scripts: never put the PIN on the
 *     command line, where the process list and the shell history keep it).
 *
 * This is the only way a kiosk gets its first PIN: the touch screen never
 * chooses one (technician-pin.ts). A running lockout stays: the output says
 * until when.
 */
import { createInterface } from 'node:readline';
import type { ReadStream } from 'node:tty';
import { TECHNICIAN_PIN_MAX_DIGITS, TECHNICIAN_PIN_MIN_DIGITS, technicianPinProblem } from '../../contract/index.ts';
import { loadConfiguration, withDatabase } from '../maintenance/kiosk-files.ts';
import { PinGuard } from '../maintenance/pin-guard.ts';
import { type NewPinProblem, storeTechnicianPin } from '../maintenance/technician-pin.ts';
import { DATA_DIR_OPTION, parseOptions } from './args.ts';
import { CliError, type CliCommand, EXIT_CODES } from './cli-command.ts';
import { resolveDataDir } from './data-dir.ts';

const SET_PIN_USAGE = 'technician set-pin [--pin-stdin] [--data-dir DIR]';

const PROBLEMS: Readonly<Record<NewPinProblem, string>> = {
  'technician.pin_format': `the PIN must be ${TECHNICIAN_PIN_MIN_DIGITS} to ${TECHNICIAN_PIN_MAX_DIGITS} digits`,
  'technician.pin_weak':
    'that PIN is too easy to guess (one digit repeated, a run such as 123456 or 654321, or a block repeated such as 121212): choose another',
  'technician.pin_mismatch': 'the two PINs differ',
};

function refused(problem: NewPinProblem): CliError {
  return new CliError(problem, `${PROBLEMS[problem]}; nothing was set`, EXIT_CODES.usage);
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input: stdin });
  try {
    for await (const line of lines) return line.trim();
    return '';
  } finally {
    lines.close();
  }
}

/** One line typed on the terminal without echo (raw mode: the digits are never shown). */
function readHidden(stdin: ReadStream, prompt: string, out: NodeJS.WritableStream): Promise<string> {
  out.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      out.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') {
          done();
          resolve(typed);
          return;
        }
        if (character === '\u0003' || character === '\u0004') {
          done();
          reject(new CliError('cancelled', 'cancelled; nothing was set'));
          return;
        }
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else if (typed.length < 64) typed += character;
      }
    };
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

function isTerminal(stream: NodeJS.ReadableStream): stream is ReadStream {
  return (stream as Partial<ReadStream>).isTTY === true && typeof (stream as Partial<ReadStream>).setRawMode === 'function';
}

/** The new PIN and its confirmation: typed twice on a terminal (a weak one refused at once), or one line of stdin. */
async function readNewPin(pinStdin: boolean, stdin: NodeJS.ReadableStream, prompts: NodeJS.WritableStream): Promise<{ pin: string; confirmation: string }> {
  if (pinStdin) {
    const pin = await firstLine(stdin);
    const problem = technicianPinProblem(pin);
    if (problem !== null) throw refused(problem);
    return { pin, confirmation: pin };
  }
  if (!isTerminal(stdin))
    throw new CliError('usage', `stdin is not a terminal: type the PIN on one, or pass it on stdin with --pin-stdin; usage: kioskctl ${SET_PIN_USAGE}`);
  const pin = await readHidden(stdin, `New technician PIN (${TECHNICIAN_PIN_MIN_DIGITS}–${TECHNICIAN_PIN_MAX_DIGITS} digits): `, prompts);
  const problem = technicianPinProblem(pin);
  if (problem !== null) throw refused(problem);
  const confirmation = await readHidden(stdin, 'Type it again: ', prompts);
  return { pin, confirmation };
}

export const technicianSetPinCommand: CliCommand = {
  path: ['technician', 'set-pin'],
  usage: SET_PIN_USAGE,
  summary: 'Set the technician PIN (the only way to provision the first one; also replaces a forgotten one): typed twice without echo, or --pin-stdin',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, 'pin-stdin': { type: 'boolean' } }, SET_PIN_USAGE);
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const { pin, confirmation } = await readNewPin(values['pin-stdin'] === true, io.stdin, io.prompts ?? process.stderr);
    return withDatabase(dataDir, 'write', async (db) => {
      const now = new Date();
      const { kioskId } = loadConfiguration(db, dataDir).config;
      const stored = await storeTechnicianPin({ db, dataDir, pin, confirmation, at: now, via: 'kioskctl', kioskId });
      if (!stored.ok) throw refused(stored.problem);
      const { lockedUntil } = new PinGuard(db).state(Date.now());
      return {
        dataDir,
        pinSet: true,
        replaced: stored.replaced,
        lockedUntil: lockedUntil === null ? null : new Date(lockedUntil).toISOString(),
        note:
          lockedUntil === null
            ? 'technician mode opens with this PIN now (corner gesture on the welcome screen)'
            : 'technician mode stays locked until lockedUntil (too many wrong PINs); then it opens with this PIN',
      };
    });
  },
};

export const TECHNICIAN_COMMANDS: readonly CliCommand[] = [technicianSetPinCommand];
