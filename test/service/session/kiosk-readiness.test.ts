import { describe, expect, it } from 'vitest';
import type { DeviceState, DeviceStatusReport } from '../../../electron/contract/index.ts';
import { kioskReadiness } from '../../../electron/service/session/kiosk-readiness.ts';

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
    expect(kioskReadiness(report('ready', 'ready', 'ready'), false)).toEqual({ readers: true, central: true, printer: true });
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
