/**
 * kioskctl's receipt-printer commands:
 *
 *   simulate printer [--port 9100] [--host 127.0.0.1] --out DIR
 *     an ESC/POS printer on TCP that writes each job it receives as
 *     receipt-NNNN.txt and receipt-NNNN.png into DIR; one JSON line per job.
 *     stdin takes `paper-out on|off`, `cover-open on|off`, `offline on|off`,
 *     `paper-near-end on|off`, `quit`. Stops on quit, end of stdin, SIGINT, SIGTERM.
 *   printer test --transport tcp|serial|file --target HOST:PORT|PATH [--baud N] [--kiosk ID]
 *     prints the technician's test receipt and reports the printer's status
 *     before and after.
 */
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isPrinterError } from '../../../drivers/printer/printer-errors.ts';
import { EscPosPrinter } from '../../../drivers/printer/printer-driver.ts';
import { testReceipt } from '../../../drivers/printer/receipt-layout.ts';
import { type PrinterFault, SimulatedPrinter } from '../../../drivers/printer/simulated-printer.ts';
import type { ByteTransport } from '../../../drivers/transport/byte-transport.ts';
import { FileTransport } from '../../../drivers/transport/file-transport.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { TcpTransport } from '../../../drivers/transport/tcp-transport.ts';
import { intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand } from './cli-command.ts';

const SIMULATE_USAGE = 'simulate printer [--port 9100] [--host 127.0.0.1] --out DIR';
const TEST_USAGE = 'printer test --transport tcp|serial|file --target HOST:PORT|PATH [--baud N] [--kiosk ID]';

const FAULT_WORDS: Readonly<Record<string, PrinterFault>> = {
  'paper-out': 'paperOut',
  'cover-open': 'coverOpen',
  offline: 'offline',
  'paper-near-end': 'paperNearEnd',
};

export const simulatePrinterCommand: CliCommand = {
  path: ['simulate', 'printer'],
  usage: SIMULATE_USAGE,
  summary: 'Run a simulated ESC/POS receipt printer on TCP that renders each job to a PNG and a transcript',
  async run(args, io) {
    const { values } = parseOptions(
      args,
      { port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, out: { type: 'string' } },
      SIMULATE_USAGE,
    );
    if (!values.out) throw new CliError('usage', `--out is required; usage: kioskctl ${SIMULATE_USAGE}`);
    const port = intOption(values.port, 'port', 9100, 0, 65535);
    mkdirSync(values.out, { recursive: true });
    const printer = new SimulatedPrinter({ outputDir: values.out });
    let address;
    try {
      address = await printer.listen(port, values.host as string);
    } catch (error) {
      throw new CliError('device', `cannot listen on ${values.host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
    }
    io.emit({ event: 'ready', host: address.address, port: address.port, out: values.out });
    const offJob = printer.onJob((outcome) =>
      io.emit(
        outcome.printed
          ? { event: 'printed', job: outcome.number, png: outcome.pngPath, transcript: outcome.transcriptPath }
          : { event: 'refused', reason: outcome.reason },
      ),
    );
    const lines = createInterface({ input: io.stdin });
    const ended = new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        const [word = '', state = ''] = line.trim().split(/\s+/);
        if (word === 'quit') return resolve();
        const fault = FAULT_WORDS[word];
        if (!fault || (state !== 'on' && state !== 'off')) {
          io.emit({
            event: 'error',
            error: {
              code: 'usage',
              message: `unknown command "${line.trim()}"; try: paper-out on|off, cover-open on|off, offline on|off, paper-near-end on|off, quit`,
            },
          });
          return;
        }
        printer.setFault(fault, state === 'on');
        io.emit({ event: 'fault', fault: word, on: state === 'on' });
      });
      lines.on('close', resolve);
    });
    await Promise.race([ended, io.stopped]);
    lines.close();
    offJob();
    await printer.whenIdle();
    await printer.close();
    return { event: 'stopped' };
  },
};

function transportFor(kind: string, target: string, baud: number): ByteTransport {
  switch (kind) {
    case 'tcp': {
      const colon = target.lastIndexOf(':');
      const port = Number(target.slice(colon + 1));
      if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new CliError('usage', '--target for tcp is HOST:PORT, e.g. 192.0.2.10:9100');
      return new TcpTransport({ host: target.slice(0, colon), port });
    }
    case 'serial':
      return new SerialTransport({ path: target, baudRate: baud });
    case 'file':
      return new FileTransport({ path: target });
    default:
      throw new CliError('usage', `--transport must be tcp, serial or file; usage: kioskctl ${TEST_USAGE}`);
  }
}

export const printerTestCommand: CliCommand = {
  path: ['printer', 'test'],
  usage: TEST_USAGE,
  summary: 'Print the test receipt on a printer and report its status before and after',
  async run(args) {
    const { values } = parseOptions(
      args,
      { transport: { type: 'string' }, target: { type: 'string' }, baud: { type: 'string' }, kiosk: { type: 'string', default: 'kioskctl' } },
      TEST_USAGE,
    );
    if (!values.transport || !values.target) throw new CliError('usage', `--transport and --target are required; usage: kioskctl ${TEST_USAGE}`);
    const printer = new EscPosPrinter(transportFor(values.transport, values.target, intOption(values.baud, 'baud', 9600, 1200, 921_600)));
    try {
      const report = await printer.print(testReceipt({ kioskId: values.kiosk as string, printedAt: new Date() }));
      return { printed: true, bytesSent: report.bytesSent, before: report.before, after: report.after, warnings: report.warnings };
    } catch (error) {
      if (isPrinterError(error)) throw new CliError(error.code, `${error.detail} (${error.phase})`);
      throw error;
    } finally {
      await printer.close();
    }
  },
};

export const PRINTER_COMMANDS: readonly CliCommand[] = [simulatePrinterCommand, printerTestCommand];
