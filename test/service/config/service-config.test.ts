import { describe, expect, it } from 'vitest';
import { configFromEnv, ConfigError, DEFAULT_SERVICE_CONFIG } from '../../../electron/service/config/service-config.ts';

describe('service configuration from the environment', () => {
  it('gives the embedded development setup by default', () => {
    expect(configFromEnv({})).toEqual(DEFAULT_SERVICE_CONFIG);
    expect(DEFAULT_SERVICE_CONFIG).toMatchObject({ simulatedDevices: true, defaultLanguage: 'es-CL', languages: ['es-CL', 'en', 'ht'] });
  });

  it('reads every KIOSK_* variable', () => {
    expect(
      configFromEnv({
        KIOSK_ID: 'stgo-centro-02',
        KIOSK_MODE: 'chileatiende',
        KIOSK_LANGUAGES: 'es-CL, en',
        KIOSK_DEFAULT_LANGUAGE: 'en',
        KIOSK_IDLE_TIMEOUT_S: '90',
        KIOSK_SIMULATED: '0',
        KIOSK_DATA_DIR: '/var/lib/kiosk',
      }),
    ).toEqual({
      ...DEFAULT_SERVICE_CONFIG,
      kioskId: 'stgo-centro-02',
      mode: 'chileatiende',
      languages: ['es-CL', 'en'],
      defaultLanguage: 'en',
      idleTimeoutSeconds: 90,
      simulatedDevices: false,
      dataDir: '/var/lib/kiosk',
      devices: { fingerprint: { transport: 'none' }, cardReader: { transport: 'none' }, printer: { transport: 'none' } },
    });
  });

  it('reads device assignments, simulating what is not configured on a development kiosk', () => {
    expect(configFromEnv({ KIOSK_FINGERPRINT: 'serial:/dev/ttyUSB0@115200', KIOSK_PRINTER: 'tcp:192.0.2.10:9100' }).devices).toEqual({
      fingerprint: { transport: 'serial', path: '/dev/ttyUSB0', baud: 115200 },
      cardReader: { transport: 'simulated' },
      printer: { transport: 'tcp', host: '192.0.2.10', port: 9100 },
    });
  });

  it.each([
    ['KIOSK_MODE', { KIOSK_MODE: 'atm' }],
    ['KIOSK_ID', { KIOSK_ID: 'has spaces' }],
    ['KIOSK_LANGUAGES', { KIOSK_LANGUAGES: 'es-CL,fr' }],
    ['KIOSK_IDLE_TIMEOUT_S', { KIOSK_IDLE_TIMEOUT_S: 'soon' }],
    ['KIOSK_IDLE_TIMEOUT_S', { KIOSK_IDLE_TIMEOUT_S: '1' }],
    ['KIOSK_SIMULATED', { KIOSK_SIMULATED: 'yes' }],
    ['KIOSK_DEFAULT_LANGUAGE', { KIOSK_LANGUAGES: 'es-CL', KIOSK_DEFAULT_LANGUAGE: 'ht' }],
    ['KIOSK_PRINTER', { KIOSK_PRINTER: 'hid:04b8:0202' }],
    ['KIOSK_FINGERPRINT', { KIOSK_FINGERPRINT: 'serial:ttyUSB0' }],
    ['KIOSK_CARD_READER', { KIOSK_SIMULATED: '0', KIOSK_CARD_READER: 'simulated' }],
    ['KIOSK_CENTRAL_URL', { KIOSK_CENTRAL_URL: 'http://127.0.0.1:8443', KIOSK_CENTRAL_CA: '/tmp/ca.crt' }],
    ['KIOSK_CENTRAL_CA', { KIOSK_CENTRAL_URL: 'https://127.0.0.1:8443' }],
    ['KIOSK_HEARTBEAT_SECONDS', { KIOSK_HEARTBEAT_SECONDS: '9' }],
    ['KIOSK_HEARTBEAT_SECONDS', { KIOSK_HEARTBEAT_SECONDS: '86401' }],
    ['KIOSK_HEARTBEAT_SECONDS', { KIOSK_HEARTBEAT_SECONDS: '30.5' }],
    ['KIOSK_HEARTBEAT_SECONDS', { KIOSK_HEARTBEAT_SECONDS: 'often' }],
    ['KIOSK_OUT_OF_SERVICE_OFFICE', { KIOSK_OUT_OF_SERVICE_OFFICE: 'x'.repeat(301) }],
  ])('refuses an invalid %s, naming it', (variable, env) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError);
    expect(() => configFromEnv(env)).toThrow(variable);
  });
});

describe('central settings', () => {
  it('are optional, and read from KIOSK_CENTRAL_URL, KIOSK_CENTRAL_CA and KIOSK_CENTRAL_TOKEN', () => {
    expect(configFromEnv({}).centralUrl).toBeUndefined();
    expect(
      configFromEnv({ KIOSK_CENTRAL_URL: 'https://127.0.0.1:8443', KIOSK_CENTRAL_CA: '/data/central/pki/ca.crt', KIOSK_CENTRAL_TOKEN: 'tok' }),
    ).toMatchObject({
      centralUrl: 'https://127.0.0.1:8443',
      centralCaFile: '/data/central/pki/ca.crt',
      centralRegistrationToken: 'tok',
    });
  });
});

describe('heartbeat and out-of-service settings', () => {
  it('defaults to a heartbeat every 300 s and no office; takes both from the environment', () => {
    expect(configFromEnv({})).toMatchObject({ heartbeatSeconds: 300 });
    expect(configFromEnv({}).outOfServiceOffice).toBeUndefined();
    const office = 'Oficina del Registro Civil, Av. Ejemplo 123';
    expect(configFromEnv({ KIOSK_HEARTBEAT_SECONDS: '10', KIOSK_OUT_OF_SERVICE_OFFICE: office })).toMatchObject({
      heartbeatSeconds: 10,
      outOfServiceOffice: office,
    });
    expect(configFromEnv({ KIOSK_HEARTBEAT_SECONDS: '86400' }).heartbeatSeconds).toBe(86_400);
  });
});
