import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duplexPair } from 'node:stream';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../drivers/printer/escpos.ts';
import { EscPosPrinter } from '../../../drivers/printer/printer-driver.ts';
import { activationReceipt, maskRun, testReceipt } from '../../../drivers/printer/receipt-layout.ts';
import { SimulatedPrinter, type SimulatedJobOutcome } from '../../../drivers/printer/simulated-printer.ts';
import { TcpTransport } from '../../../drivers/transport/tcp-transport.ts';
import { SAMPLE } from './fixtures.ts';

let outputDir: string;
let simulator: SimulatedPrinter;
let port: number;

beforeEach(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'kiosk-printer-'));
  simulator = new SimulatedPrinter({ outputDir });
  ({ port } = await simulator.listen(0, '127.0.0.1'));
});

afterEach(async () => {
  await simulator.close();
  await rm(outputDir, { recursive: true, force: true });
});

/** Send raw bytes on a fresh connection, half-close, and wait for the simulator to finish with them. */
async function sendRaw(bytes: Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(bytes));
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  await simulator.whenIdle();
}

describe('receipt → ESC/POS → TCP → simulated printer', () => {
  it('prints the activation receipt: the transcript has the code and the masked RUN, and the PNG is 576 dots wide', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port });
    const printer = new EscPosPrinter(transport, { statusTimeoutMs: 1000 });
    try {
      const report = await printer.print(activationReceipt({ ...SAMPLE, runMasked: maskRun('12.345.678-5') }));
      expect(report.before).toMatchObject({ online: true, paperOut: false, coverOpen: false });
      expect(report.after).toMatchObject({ online: true });
      expect(report.bytesSent).toBe(encodeReceipt(activationReceipt(SAMPLE)).length);
    } finally {
      await printer.close();
    }
    await simulator.whenIdle();
    expect((await readdir(outputDir)).sort()).toEqual(['receipt-0001.png', 'receipt-0001.txt']);
    const transcript = await readFile(join(outputDir, 'receipt-0001.txt'), 'utf8');
    expect(transcript).toContain('K7QM-2XHP-9RTA');
    expect(transcript).toContain('RUN: 12.345.***-5');
    expect(transcript).toContain('[QR model 2, module 6, level M] https://claveunica.example.cl/activar');
    expect(transcript).toContain('Código de activación');
    expect(transcript).toContain('== cut (partial) ==');
    const png = PNG.sync.read(await readFile(join(outputDir, 'receipt-0001.png')));
    expect(png.width).toBe(576);
    expect(png.height).toBeGreaterThan(800);
    const inked = png.data.filter((_, i) => i % 4 === 0 && png.data[i] === 0).length;
    expect(inked).toBeGreaterThan(10_000); // text and a QR, not a blank strip
  });

  it('prints the technician’s test receipt', async () => {
    const printer = new EscPosPrinter(new TcpTransport({ host: '127.0.0.1', port }));
    await printer.print(testReceipt({ kioskId: 'KSK-SIM-0001', printedAt: new Date('2025-11-21T12:34:56Z') }));
    await printer.close();
    await simulator.whenIdle();
    const transcript = await readFile(join(outputDir, 'receipt-0001.txt'), 'utf8');
    expect(transcript).toContain('ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡ €');
    expect(transcript).toContain('R |derecha / right');
  });
});

describe('simulated printer', () => {
  it('splits jobs at each cut on one connection, and numbers the files', async () => {
    const one = encodeReceipt(testReceipt({ kioskId: 'A', printedAt: new Date(0) }));
    await sendRaw(Uint8Array.from([...one, ...one]));
    expect((await readdir(outputDir)).sort()).toEqual(['receipt-0001.png', 'receipt-0001.txt', 'receipt-0002.png', 'receipt-0002.txt']);
    const second = (await readFile(join(outputDir, 'receipt-0002.txt'), 'utf8')).split('\n');
    expect(second[1]).toBe('C |{b 2x2}PRUEBA DE IMPRESORA'); // no blank line fed after the first cut
  });

  it('writes transcripts only when told not to draw pictures', async () => {
    await simulator.close();
    simulator = new SimulatedPrinter({ outputDir, pictures: false });
    ({ port } = await simulator.listen(0, '127.0.0.1'));
    const printed: SimulatedJobOutcome[] = [];
    simulator.onJob((outcome) => printed.push(outcome));
    await sendRaw(encodeReceipt(testReceipt({ kioskId: 'A', printedAt: new Date(0) })));
    expect(await readdir(outputDir)).toEqual(['receipt-0001.txt']);
    expect(printed).toMatchObject([{ printed: true, number: 1, pngPath: null }]);
  });

  it('takes a connection that closes without a cut as one job', async () => {
    await sendRaw(Uint8Array.from([0x1b, 0x40, ...Buffer.from('sin corte\n', 'latin1')]));
    const transcript = await readFile(join(outputDir, 'receipt-0001.txt'), 'utf8');
    expect(transcript).toContain('L |sin corte');
    expect(transcript).toContain('== end of data (no cut) ==');
  });

  it('logs garbage in the transcript and keeps serving', async () => {
    await sendRaw(Uint8Array.from([0x1b, 0x78, 0x00, 0x07, 0x1d, 0x99, ...Buffer.from('ok\n'), 0x1d, 0x56, 0x01]));
    const transcript = await readFile(join(outputDir, 'receipt-0001.txt'), 'utf8');
    expect(transcript).toContain('[unknown ESC x]');
    expect(transcript).toContain('[unknown GS 0x99]');
    await sendRaw(encodeReceipt(testReceipt({ kioskId: 'B', printedAt: new Date(0) })));
    expect(await readdir(outputDir)).toContain('receipt-0002.txt');
  });

  it('answers DLE EOT on any duplex stream, from its current condition', async () => {
    const [ours, theirs] = duplexPair();
    const detach = simulator.attach(theirs);
    const answers: number[] = [];
    ours.on('data', (chunk: Buffer) => answers.push(...chunk));
    const ask = async (n: number) => {
      ours.write(Uint8Array.of(0x10, 0x04, n));
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await ask(1);
    await ask(4);
    simulator.setFault('paperOut');
    await ask(1);
    await ask(2);
    await ask(4);
    simulator.setFault('paperOut', false);
    simulator.setFault('coverOpen');
    await ask(2);
    expect(answers).toEqual([0x12, 0x12, 0x1a, 0x32, 0x7e, 0x16]);
    detach();
    ours.destroy();
  });

  it('does not print a job that arrives while it is out of paper, and says why', async () => {
    const outcomes: SimulatedJobOutcome[] = [];
    simulator.onJob((o) => outcomes.push(o));
    simulator.setFault('paperOut');
    await sendRaw(encodeReceipt(testReceipt({ kioskId: 'C', printedAt: new Date(0) })));
    expect(outcomes).toMatchObject([{ printed: false, reason: 'paper_out' }]);
    expect(await readdir(outputDir)).toEqual([]);
  });
});
