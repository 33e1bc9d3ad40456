import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatusReport } from '../../../electron/contract/index.ts';
import { SIMULATED_DEVICES } from '../../../electron/service/config/device-config.ts';
import { devHandlers } from '../../../electron/service/dev-commands.ts';
import { DeviceManager } from '../../../electron/service/devices/device-manager.ts';
import { silentLogger } from '../../../common/log.ts';
import { activationReceipt } from '../../../drivers/printer/receipt-layout.ts';

const states = (report: DeviceStatusReport) => [report.roles.fingerprint.state, report.roles.cardReader.state, report.roles.printer.state];

describe('device manager on simulated devices', () => {
  let manager: DeviceManager;
  afterEach(() => manager?.stop());

  async function started() {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-devices-'));
    manager = new DeviceManager({ assignments: SIMULATED_DEVICES, dataDir, log: silentLogger, simulated: true, retryMinMs: 20, retryMaxMs: 100 });
    await manager.start();
    return { dataDir, dev: devHandlers(manager) };
  }

  it('builds the three simulated drivers and reports them ready', async () => {
    await started();
    expect(states(manager.status())).toEqual(['ready', 'ready', 'ready']);
    expect(manager.describe()).toEqual([
      { role: 'fingerprint', driver: 'simulated' },
      { role: 'cardReader', driver: 'simulated' },
      { role: 'printer', driver: 'simulated' },
    ]);
  });

  it('announces an unplugged card reader, and its return', async () => {
    const { dev } = await started();
    const seen: string[] = [];
    manager.onStatus((report) => seen.push(report.roles.cardReader.state));
    await dev['dev.unplug']({ role: 'cardReader' });
    await expect.poll(() => manager.status().roles.cardReader.state).toBe('not-connected');
    await dev['dev.replug']({ role: 'cardReader' });
    await expect.poll(() => manager.status().roles.cardReader.state, { timeout: 5000 }).toBe('ready');
    expect(seen).toEqual(['not-connected', 'ready']);
  });

  it('tracks the printer: paper out needs attention, an unplugged printer is not connected', async () => {
    const { dev } = await started();
    await dev['dev.printerFault']({ fault: 'paperOut', on: true });
    expect(manager.status().roles.printer.state).toBe('needs-attention');
    await dev['dev.printerFault']({ fault: 'paperOut', on: false });
    expect(manager.status().roles.printer.state).toBe('ready');
    await dev['dev.unplug']({ role: 'printer' });
    expect(manager.status().roles.printer.state).toBe('not-connected');
    await dev['dev.replug']({ role: 'printer' });
    expect(manager.status().roles.printer.state).toBe('ready');
  });

  it('prints through the real ESC/POS driver to the simulated printer, which renders the receipt', async () => {
    const { dataDir } = await started();
    const layout = activationReceipt({
      activationCode: 'K7QMSYN9RTAB',
      expiresAt: new Date('2026-11-21T15:30:00Z'),
      runMasked: '10.234.***-5',
      activationUrl: 'https://claveunica.example.cl/activar',
      kioskId: 'dev-kiosk-01',
      office: 'Oficina sintética',
      transactionRef: 'TX-SYN-000001',
      printedAt: new Date('2026-11-21T12:00:00Z'),
      language: 'es-CL',
    });
    const report = await manager.printer!.print(layout);
    expect(report.bytesSent).toBeGreaterThan(500);
    await manager.simulations.printer!.whenIdle();
    const outDir = join(dataDir, 'simulated-printer');
    const files = readdirSync(outDir).sort();
    expect(files).toEqual(['receipt-0001.png', 'receipt-0001.txt']);
    const transcript = readFileSync(join(outDir, 'receipt-0001.txt'), 'utf8');
    expect(transcript).toContain('K7QM-SYN9-RTAB');
    expect(transcript).toContain('10.234.***-5');
    expect(existsSync(join(outDir, 'receipt-0001.png'))).toBe(true);
  });

  it('lists synthetic citizens by scenario and refuses an unknown RUN', async () => {
    const { dev } = await started();
    const expired = await dev['dev.citizens']({ scenario: 'card_expired', limit: 3 });
    expect(expired.ok && expired.value.citizens.map((c) => c.scenario)).toEqual(['card_expired', 'card_expired', 'card_expired']);
    expect(await dev['dev.insertCard']({ run: '1-9' })).toMatchObject({ ok: false, error: { code: 'dev.unknown_citizen' } });
    expect(await dev['dev.placeFinger']({ run: '1-9' })).toMatchObject({ ok: false, error: { code: 'dev.unknown_citizen' } });
  });

  it('delivers an inserted synthetic card to the card reader, and a placed finger to the fingerprint reader', async () => {
    const { dev } = await started();
    const someone = await dev['dev.citizens']({ scenario: 'ok', limit: 1 });
    const run = someone.ok ? someone.value.citizens[0]!.run : '';
    const reads: unknown[] = [];
    manager.cardReader!.onCard((event) => reads.push(event.ok && event.value.run.formatted));
    expect(await dev['dev.insertCard']({ run, format: 'both' })).toEqual({ ok: true, value: { accepted: true } });
    await expect.poll(() => reads, { timeout: 5000 }).toEqual([run]);

    expect(await dev['dev.placeFinger']({ run, finger: 'right-index', quality: 90 })).toEqual({ ok: true, value: { accepted: true } });
    const capture = await manager.fingerprint!.capture({ finger: 'right-index', timeoutMs: 5000 });
    // An R30x-sized 500 ppi image of a finger, and no template: the kiosk sends images (the fingerprint wire decision).
    expect(capture).toMatchObject({ finger: 2, image: { width: 256, height: 288, resolutionPpi: 500 } });
    expect(capture.image.pixels).toHaveLength(256 * 288);
    expect(new Set(capture.image.pixels).size).toBeGreaterThan(8);
    expect(capture.template).toBeUndefined();
  });
});

describe('device manager with a device that is not there', () => {
  it('reports a missing serial device as not connected and keeps retrying', async () => {
    const manager = new DeviceManager({
      assignments: {
        fingerprint: { transport: 'none' },
        cardReader: { transport: 'serial', path: '/dev/kiosk-test-no-such-port' },
        printer: { transport: 'none' },
      },
      dataDir: mkdtempSync(join(tmpdir(), 'kiosk-devices-')),
      log: silentLogger,
      simulated: false,
      retryMinMs: 10,
      retryMaxMs: 20,
    });
    await manager.start();
    expect(manager.status().roles).toMatchObject({
      fingerprint: { state: 'not-configured', driver: null },
      cardReader: { state: 'not-connected', driver: 'serial' },
      printer: { state: 'not-configured' },
    });
    await manager.stop();
  });
});
