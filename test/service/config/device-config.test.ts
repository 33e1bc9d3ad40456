import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_ROLES } from '../../../electron/contract/index.ts';
import { formatDeviceAssignment, parseDeviceAssignment } from '../../../electron/service/config/device-config.ts';

describe('device assignments in compact form', () => {
  it.each([
    ['fingerprint', 'serial:/dev/ttyUSB0', { transport: 'serial', path: '/dev/ttyUSB0' }],
    [
      'fingerprint',
      'serial:/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00@115200',
      { transport: 'serial', path: '/dev/serial/by-id/usb-Silicon_Labs_CP2102-if00', baud: 115200 },
    ],
    ['fingerprint', 'hid:10c4:ea80@57600', { transport: 'hid', vendorId: 0x10c4, productId: 0xea80, baud: 57600 }],
    ['cardReader', 'hid:0c2e:0b61', { transport: 'hid', vendorId: 0x0c2e, productId: 0x0b61 }],
    ['printer', 'tcp:192.0.2.10:9100', { transport: 'tcp', host: '192.0.2.10', port: 9100 }],
    ['printer', 'file:/dev/usb/lp0', { transport: 'file', path: '/dev/usb/lp0' }],
    ['printer', 'simulated', { transport: 'simulated' }],
    ['cardReader', 'none', { transport: 'none' }],
  ] as const)('reads %s %s', (role, text, expected) => {
    const parsed = parseDeviceAssignment(role, text);
    expect(parsed).toEqual({ ok: true, value: expected });
    if (parsed.ok) expect(parseDeviceAssignment(role, formatDeviceAssignment(parsed.value))).toEqual(parsed);
  });

  it.each([
    ['fingerprint', 'tcp:192.0.2.10:9100', /cannot be attached by tcp/],
    ['printer', 'hid:04b8:0202', /cannot be attached by hid/],
    ['fingerprint', 'serial:/dev/ttyUSB0@fast', /baud/],
    ['fingerprint', 'serial:/dev/ttyUSB0@300', /baud/],
    ['fingerprint', 'hid:10c4', /vendor and product/],
    ['printer', 'tcp:printer', /host and port/],
    ['printer', 'tcp:printer:99999', /port/],
    ['cardReader', 'usb:whatever', /unknown transport/],
    ['cardReader', 'simulated:yes', /no parameters/],
  ] as const)('refuses %s %s with a reason', (role, text, reason) => {
    const parsed = parseDeviceAssignment(role, text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('answers any text with a result, never a throw', () => {
    fc.assert(fc.property(fc.constantFrom(...DEVICE_ROLES), fc.string(), (role, text) => void parseDeviceAssignment(role, text)));
  });
});
