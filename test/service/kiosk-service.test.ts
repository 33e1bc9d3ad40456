import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, KioskErrorSchema } from '../../electron/contract/index.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../electron/service/config/service-config.ts';
import { createKioskService } from '../../electron/service/kiosk-service.ts';
import { createLogger } from '../../common/log.ts';

const NO_DEVICES = { fingerprint: { transport: 'none' }, cardReader: { transport: 'none' }, printer: { transport: 'none' } } as const;

function serviceWithLog(simulatedDevices = true, devices = NO_DEVICES as typeof DEFAULT_SERVICE_CONFIG.devices) {
  const lines: string[] = [];
  const service = createKioskService({
    config: { ...DEFAULT_SERVICE_CONFIG, simulatedDevices, devices, dataDir: mkdtempSync(join(tmpdir(), 'kiosk-service-')) },
    log: createLogger((l) => lines.push(l), 'test'),
    version: '1.2.3',
  });
  return { service, lines };
}

describe('kiosk service handler table', () => {
  it('reports roles without a device as not configured', async () => {
    const { service } = serviceWithLog();
    const result = await service.handle('devices.status', undefined);
    expect(result).toMatchObject({
      ok: true,
      value: {
        simulated: true,
        roles: {
          fingerprint: { state: 'not-configured', driver: null, messageKey: 'devices.notConfigured' },
          cardReader: { state: 'not-configured' },
          printer: { state: 'not-configured' },
        },
      },
    });
    await service.close();
  });

  it('brings up the simulated devices and reports them ready', async () => {
    const { service } = serviceWithLog(true, DEFAULT_SERVICE_CONFIG.devices);
    const roles = async () => {
      const result = await service.handle('devices.status', undefined);
      return result.ok ? (result.value as { roles: Record<string, { state: string; driver: string }> }).roles : null;
    };
    await expect.poll(async () => Object.values((await roles()) ?? {}).map((r) => r.state), { timeout: 20_000 }).toEqual(['ready', 'ready', 'ready']);
    expect(Object.values((await roles())!).map((r) => r.driver)).toEqual(['simulated', 'simulated', 'simulated']);
    await service.close();
  });

  it('refuses dev commands when devices are real', async () => {
    const { service } = serviceWithLog(false);
    expect(await service.handle('dev.info', undefined)).toMatchObject({ ok: false, error: { code: 'dev.unavailable' } });
    await service.close();
  });

  it('logs a refused payload by code and command only', async () => {
    const { service, lines } = serviceWithLog();
    await service.handle('session.start', { language: 'es-CL', email: 'synthetic.citizen@example.cl' });
    expect(lines.join('')).toContain('contract.invalid_payload');
    expect(lines.join('')).not.toContain('synthetic.citizen');
    await service.close();
  });

  it('answers any command name and payload with a typed Result, never a throw', async () => {
    const { service } = serviceWithLog();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...COMMAND_NAMES.filter((n) => n !== 'dev.crashService')), fc.anything()),
        fc.anything(),
        async (name, payload) => {
          const result = await service.handle(name, payload);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(KioskErrorSchema.safeParse(result.error).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    await service.close();
  });
});
