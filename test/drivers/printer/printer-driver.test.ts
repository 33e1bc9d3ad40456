import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../drivers/printer/escpos.ts';
import { PRINTER_ERRORS, PrinterError } from '../../../drivers/printer/printer-errors.ts';
import { EscPosPrinter } from '../../../drivers/printer/printer-driver.ts';
import { activationReceipt } from '../../../drivers/printer/receipt-layout.ts';
import { SimulatedPrinter, type PrinterFault } from '../../../drivers/printer/simulated-printer.ts';
import { TcpTransport } from '../../../drivers/transport/tcp-transport.ts';
import { SAMPLE } from './fixtures.ts';
import { ScriptedTransport, SinkFileTransport } from './test-transports.ts';

const receipt = activationReceipt(SAMPLE);

async function rejection(promise: Promise<unknown>): Promise<PrinterError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrinterError);
  return error as PrinterError;
}

describe('EscPosPrinter over TCP, against the simulated printer', () => {
  let outputDir: string;
  let simulator: SimulatedPrinter;
  let printer: EscPosPrinter;

  beforeEach(async () => {
    outputDir = await mkdtemp(join(tmpdir(), 'kiosk-printer-'));
    simulator = new SimulatedPrinter({ outputDir });
    const { port } = await simulator.listen(0, '127.0.0.1');
    printer = new EscPosPrinter(new TcpTransport({ host: '127.0.0.1', port }), { statusTimeoutMs: 500, writeTimeoutMs: 2000 });
  });

  afterEach(async () => {
    await printer.close();
    await simulator.close();
    await rm(outputDir, { recursive: true, force: true });
  });

  it('reports the status it reads', async () => {
    expect(await printer.status()).toEqual({ online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false });
    simulator.setFault('paperNearEnd');
    expect(await printer.status()).toMatchObject({ online: true, paperNearEnd: true });
  });

  it.each([
    ['paperOut', 'printer.paper_out', 'errors.printerPaperOut'],
    ['coverOpen', 'printer.cover_open', 'errors.printerCoverOpen'],
    ['offline', 'printer.offline', 'errors.printerOffline'],
  ] as const)('refuses to print when %s, before sending the job', async (fault: PrinterFault, code, messageKey) => {
    simulator.setFault(fault);
    const error = await rejection(printer.print(receipt));
    expect(error).toMatchObject({ code, messageKey, phase: 'before', needsTechnician: true });
    await simulator.whenIdle();
    expect(simulator.outcomes).toEqual([]); // not even a refused job: nothing but status requests was sent
    expect(await readdir(outputDir)).toEqual([]);
  });

  it('prints with a warning when the paper is nearly out', async () => {
    simulator.setFault('paperNearEnd');
    const report = await printer.print(receipt);
    expect(report.warnings).toEqual(['paper_near_end']);
  });

  it('reports printer.disconnected, promptly, when the printer vanishes mid-job, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      simulator.vanishAfter(200);
      const started = performance.now();
      const error = await rejection(printer.print(receipt));
      expect(error.code).toBe('printer.disconnected');
      expect(error.messageKey).toBe('errors.printerDisconnected');
      expect(['sending', 'after']).toContain(error.phase);
      // Well inside the 15 s write timeout: the disconnect was noticed, not timed out.
      expect(performance.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('reconnects for the next job after the printer comes back', async () => {
    simulator.vanishAfter(200);
    await rejection(printer.print(receipt));
    const report = await printer.print(receipt);
    expect(report.bytesSent).toBeGreaterThan(0);
    await simulator.whenIdle();
    expect(simulator.outcomes.filter((o) => o.printed)).toHaveLength(1);
  });

  it('runs concurrent jobs one after the other', async () => {
    await Promise.all([printer.print(receipt), printer.print(receipt), printer.status()]);
    await simulator.whenIdle();
    expect((await readdir(outputDir)).filter((f) => f.endsWith('.png'))).toEqual(['receipt-0001.png', 'receipt-0002.png']);
  });
});

describe('EscPosPrinter failure paths', () => {
  it('reports printer.unavailable when nothing listens on the port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const printer = new EscPosPrinter(new TcpTransport({ host: '127.0.0.1', port }));
    expect(await rejection(printer.print(receipt))).toMatchObject({ code: 'printer.unavailable', phase: 'before' });
  });

  it('reports printer.bad_status for an answer that is not a status byte', async () => {
    const transport = new ScriptedTransport();
    transport.answer = () => [0xff];
    const printer = new EscPosPrinter(transport, { statusTimeoutMs: 200 });
    expect(await rejection(printer.print(receipt))).toMatchObject({ code: 'printer.bad_status', phase: 'before' });
    expect(transport.writes.every((w) => w.length === 3)).toBe(true); // the job itself was never sent
  });

  it('reports printer.timeout when the printer does not answer, within the deadline', async () => {
    const transport = new ScriptedTransport();
    transport.answer = () => undefined;
    const printer = new EscPosPrinter(transport, { statusTimeoutMs: 50 });
    const started = performance.now();
    expect(await rejection(printer.status())).toMatchObject({ code: 'printer.timeout', retryable: true });
    // Bounded by the 50 ms deadline, with room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('reports printer.disconnected when the cable is pulled while it waits for an answer', async () => {
    const transport = new ScriptedTransport();
    transport.answer = () => {
      setTimeout(() => transport.unplug(), 5);
      return undefined;
    };
    const printer = new EscPosPrinter(transport, { statusTimeoutMs: 2000 });
    expect(await rejection(printer.print(receipt))).toMatchObject({ code: 'printer.disconnected', phase: 'before' });
  });

  it('reports a cover opened during the job as printer.cover_open after sending', async () => {
    const transport = new ScriptedTransport();
    let jobSent = false;
    const write = transport.write.bind(transport);
    transport.write = async (bytes) => {
      if (bytes.length > 3) jobSent = true;
      return write(bytes);
    };
    transport.answer = (request) => [jobSent && request[2] === 2 ? 0x16 : jobSent && request[2] === 1 ? 0x1a : 0x12];
    const printer = new EscPosPrinter(transport);
    expect(await rejection(printer.print(receipt))).toMatchObject({ code: 'printer.cover_open', phase: 'after' });
  });

  it('prints through a device file without reading status back (status unknown)', async () => {
    const transport = new SinkFileTransport();
    const printer = new EscPosPrinter(transport);
    expect(await printer.status()).toBe('unknown');
    const report = await printer.print(receipt);
    expect(report).toEqual({ bytesSent: encodeReceipt(receipt).length, before: 'unknown', after: 'unknown', warnings: [] });
    expect(Buffer.concat(transport.received)).toEqual(Buffer.from(encodeReceipt(receipt)));
  });

  it('refuses a layout the encoder cannot take with printer.invalid_receipt', async () => {
    const printer = new EscPosPrinter(new SinkFileTransport());
    const bad = { ...receipt, blocks: [{ kind: 'qr' as const, data: 'x', align: 'left' as const, moduleSize: 40, errorLevel: 'm' as const }] };
    expect(await rejection(printer.print(bad))).toMatchObject({ code: 'printer.invalid_receipt', phase: 'layout' });
  });

  it('refuses to work after close()', async () => {
    const printer = new EscPosPrinter(new ScriptedTransport());
    await printer.close();
    expect(await rejection(printer.status())).toMatchObject({ code: 'printer.unavailable' });
  });

  it('gives every error code a message key', () => {
    for (const [code, entry] of Object.entries(PRINTER_ERRORS)) {
      expect(entry.messageKey, code).toMatch(/^errors\.printer[A-Z]\w+$/);
      expect(new PrinterError(code as keyof typeof PRINTER_ERRORS, 'status', 'x').messageKey).toBe(entry.messageKey);
    }
  });
});
