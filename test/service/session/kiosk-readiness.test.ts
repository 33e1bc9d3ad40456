import { describe, expect, it } from 'vitest';
import type { DeviceState, DeviceStatusReport } from '../../../electron/contract/index.ts';
import { kioskReadiness, type OutOfServiceInputs } from '../../../electron/service/session/kiosk-readiness.ts';

function report(fingerprint: DeviceState, cardReader: DeviceState, printer: DeviceState): DeviceStatusReport {
  const role = (state: DeviceState) => ({ state, driver: 'simulated', messageKey: 'devices.ready' });
  return {
    roles: { fingerprint: role(fingerprint), cardReader: role(cardReader), printer: role(printer) },
    simulated: true,
    checkedAt: new Date(0).toISOString(),
  };
}

describe('kioskReadiness', () => {
  it('is ready when every device is ready and central is not known down', () => {
    expect(kioskReadiness(report('ready', 'ready', 'ready'), false)).toEqual({
      readers: true,
      central: true,
      printer: true,
      outOfService: { reasons: [], office: null },
    });
  });

  it('is out of service when either reader is unplugged or needs attention', () => {
    expect(kioskReadiness(report('not-connected', 'ready', 'ready'), false).readers).toBe(false);
    expect(kioskReadiness(report('ready', 'needs-attention', 'ready'), false).readers).toBe(false);
  });

  it('does not call a reader that is still opening at start-up out of service', () => {
    expect(kioskReadiness(report('not-configured', 'busy', 'ready'), false).readers).toBe(true);
  });

  it('counts the printer only when it can print (out of paper, unplugged or absent: the code goes on screen)', () => {
    for (const state of ['needs-attention', 'not-connected', 'not-configured'] as const)
      expect(kioskReadiness(report('ready', 'ready', state), false).printer).toBe(false);
    expect(kioskReadiness(report('ready', 'ready', 'busy'), false).printer).toBe(true);
  });

  it('says central is down only when the kiosk knows it', () => {
    expect(kioskReadiness(report('ready', 'ready', 'ready'), true).central).toBe(false);
  });
});

describe('kioskReadiness: out of service', () => {
  const OFFICE = 'Oficina del Registro Civil, Av. Ejemplo 123';
  const inputs = (over: Partial<OutOfServiceInputs> = {}): OutOfServiceInputs => ({
    mode: 'civil-digital',
    storageTripped: false,
    directive: null,
    configuredOffice: OFFICE,
    ...over,
  });
  const reasons = (r: ReturnType<typeof kioskReadiness>) => r.outOfService.reasons;

  it('names each failed reader, in both modes; never the printer (the code goes on screen)', () => {
    for (const mode of ['civil-digital', 'chileatiende'] as const) {
      expect(reasons(kioskReadiness(report('not-connected', 'needs-attention', 'not-connected'), false, inputs({ mode })))).toEqual([
        'device:fingerprint',
        'device:cardReader',
      ]);
      expect(reasons(kioskReadiness(report('ready', 'ready', 'needs-attention'), false, inputs({ mode })))).toEqual([]);
    }
  });

  it('counts central down only in Civil Digital (ChileAtiende defers)', () => {
    expect(reasons(kioskReadiness(report('ready', 'ready', 'ready'), true, inputs({ mode: 'civil-digital' })))).toEqual(['central']);
    expect(reasons(kioskReadiness(report('ready', 'ready', 'ready'), true, inputs({ mode: 'chileatiende' })))).toEqual([]);
  });

  it('counts the storage guard and central’s directive; a lifted directive counts for nothing', () => {
    expect(reasons(kioskReadiness(report('ready', 'ready', 'ready'), false, inputs({ storageTripped: true })))).toEqual(['storage']);
    const directed = kioskReadiness(report('ready', 'ready', 'ready'), false, inputs({ directive: { outOfService: true, office: null } }));
    expect(directed.outOfService).toEqual({ reasons: ['directive'], office: OFFICE });
    expect(reasons(kioskReadiness(report('ready', 'ready', 'ready'), false, inputs({ directive: { outOfService: false, office: 'X' } })))).toEqual([]);
  });

  it('says where to go: the directive’s office first, else the configured one, else none (the generic sentence); nothing while in service', () => {
    const directive = { outOfService: true, office: 'Municipalidad, Calle Uno 1' };
    expect(kioskReadiness(report('ready', 'ready', 'ready'), false, inputs({ directive })).outOfService.office).toBe('Municipalidad, Calle Uno 1');
    expect(kioskReadiness(report('not-connected', 'ready', 'ready'), false, inputs({ configuredOffice: null })).outOfService.office).toBeNull();
    expect(kioskReadiness(report('ready', 'ready', 'ready'), false, inputs()).outOfService.office).toBeNull();
  });
});
