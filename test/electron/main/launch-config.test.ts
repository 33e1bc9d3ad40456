import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchConfigFromEnv } from '../../../electron/main/launch-config.ts';

const facts = (isPackaged: boolean) => ({ isPackaged, userDataDir: '/home/kiosk/.config/Kiosco', version: '1.2.3', joinPath: path.posix.join });

describe('launch configuration from the environment', () => {
  it('runs simulated devices by default only when unpackaged', () => {
    expect(launchConfigFromEnv({}, facts(false))).toMatchObject({ ok: true, config: { dev: true } });
    expect(launchConfigFromEnv({}, facts(true))).toMatchObject({ ok: true, config: { dev: false } });
  });

  it('lets KIOSK_DEV turn simulation off when unpackaged, and off (never on) when packaged', () => {
    expect(launchConfigFromEnv({ KIOSK_DEV: '0' }, facts(false))).toMatchObject({ config: { dev: false } });
    expect(launchConfigFromEnv({ KIOSK_DEV: '1' }, facts(false))).toMatchObject({ config: { dev: true } });
    expect(launchConfigFromEnv({ KIOSK_DEV: '0' }, facts(true))).toMatchObject({ config: { dev: false } });
  });

  it.each(['KIOSK_DEV', 'KIOSK_SIMULATED'])('refuses %s=1 in a packaged build rather than only logging it', (variable) => {
    expect(launchConfigFromEnv({ [variable]: '1' }, facts(true))).toEqual({
      ok: false,
      variable,
      reason: 'is refused by a packaged build (developer commands, simulated devices)',
    });
  });

  it('refuses a KIOSK_DEV that is not 0 or 1, naming the variable', () => {
    expect(launchConfigFromEnv({ KIOSK_DEV: 'yes' }, facts(false))).toEqual({ ok: false, variable: 'KIOSK_DEV', reason: 'must be 0 or 1' });
  });

  it('keeps data under userData unless KIOSK_DATA_DIR says otherwise', () => {
    expect(launchConfigFromEnv({}, facts(true))).toMatchObject({ config: { dataDir: '/home/kiosk/.config/Kiosco/kiosk-data' } });
    expect(launchConfigFromEnv({ KIOSK_DATA_DIR: '/var/lib/kiosk' }, facts(true))).toMatchObject({ config: { dataDir: '/var/lib/kiosk' } });
  });

  it('passes the environment on to the service with the decisions main made', () => {
    const result = launchConfigFromEnv({ KIOSK_DEV: '1', KIOSK_MODE: 'chileatiende', KIOSK_SIMULATED: '0', PATH: '/usr/bin' }, facts(false));
    if (!result.ok) throw new Error('expected a configuration');
    expect(result.config.serviceEnv).toMatchObject({
      KIOSK_MODE: 'chileatiende',
      PATH: '/usr/bin',
      // Main's decision wins, so the window's dev API and the service's devices agree.
      KIOSK_SIMULATED: '1',
      KIOSK_DATA_DIR: '/home/kiosk/.config/Kiosco/kiosk-data',
      KIOSK_VERSION: '1.2.3',
    });
  });

  it('tells a packaged build’s service it has real devices, whatever else the environment says', () => {
    const result = launchConfigFromEnv({ KIOSK_SIMULATED: '' }, facts(true));
    if (!result.ok) throw new Error('expected a configuration');
    expect(result.config.serviceEnv.KIOSK_SIMULATED).toBe('0');
  });

  it('does not pass NODE_OPTIONS or ELECTRON_RUN_AS_NODE to the service', () => {
    const result = launchConfigFromEnv({ NODE_OPTIONS: '--require /tmp/evil.js', ELECTRON_RUN_AS_NODE: '1' }, facts(false));
    if (!result.ok) throw new Error('expected a configuration');
    expect(result.config.serviceEnv).not.toHaveProperty('NODE_OPTIONS');
    expect(result.config.serviceEnv).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
  });
});
