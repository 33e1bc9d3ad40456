/** The configuration as kioskctl shows and takes it: pure functions, no files. */
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../../electron/service/cli/args.ts';
import { fieldPath } from '../../../electron/service/cli/config-fields.ts';
import { buildPatch, documentFromView, parseCliValue, sameJson, valueAt, viewConfig } from '../../../electron/service/maintenance/config-view.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../../electron/service/config/service-config.ts';

const PIN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c3ludGhldGljc2FsdA$c3ludGhldGljaGFzaHN5bnRoZXRpY2hhc2g';

describe('viewConfig', () => {
  it('shows devices in the compact form, the PIN hash as "[set]", and neither run-only field', () => {
    const view = viewConfig({
      ...DEFAULT_SERVICE_CONFIG,
      technicianPinHash: PIN_HASH,
      centralRegistrationToken: 'synthetic-token',
      devices: {
        fingerprint: { transport: 'hid', vendorId: 0x10c4, productId: 0xea80 },
        cardReader: { transport: 'serial', path: '/dev/ttyACM0', baud: 9600 },
        printer: { transport: 'none' },
      },
    });
    expect(view.devices).toEqual({ fingerprint: 'hid:10c4:ea80', cardReader: 'serial:/dev/ttyACM0@9600', printer: 'none' });
    expect(view.technicianPinHash).toBe('[set]');
    expect(view).not.toHaveProperty('dataDir');
    expect(view).not.toHaveProperty('centralRegistrationToken');
    expect(JSON.stringify(view)).not.toContain('argon2id');
  });

  it('leaves an unset PIN hash out', () => {
    expect(viewConfig(DEFAULT_SERVICE_CONFIG)).not.toHaveProperty('technicianPinHash');
  });
});

describe('fieldPath / valueAt / buildPatch', () => {
  it('splits dotted names and refuses anything that is not a plain name', () => {
    expect(fieldPath('stepTimeouts.cardSeconds')).toEqual(['stepTimeouts', 'cardSeconds']);
    for (const bad of ['__proto__.x', 'a..b', '.a', 'a.', 'a b', 'constructor.prototype.x.y.z', ''])
      expect(() => fieldPath(bad), bad).toThrow(/not a configuration field/);
  });

  it('finds nested values and says when there is none', () => {
    const view = viewConfig(DEFAULT_SERVICE_CONFIG);
    expect(valueAt(view, ['outbox', 'maxAgeDays'])).toEqual({ found: true, value: 7 });
    expect(valueAt(view, ['outbox', 'nope'])).toEqual({ found: false, value: undefined });
    expect(valueAt(view, ['kioskId', 'length'])).toEqual({ found: false, value: undefined });
  });

  it('nests the pairs into one merge patch', () => {
    expect(
      buildPatch([
        { path: ['stepTimeouts', 'cardSeconds'], value: 120 },
        { path: ['stepTimeouts', 'fingerSeconds'], value: 45 },
        { path: ['devices', 'printer'], value: 'tcp:192.0.2.10:9100' },
        { path: ['centralUrl'], value: null },
      ]),
    ).toEqual({ stepTimeouts: { cardSeconds: 120, fingerSeconds: 45 }, devices: { printer: 'tcp:192.0.2.10:9100' }, centralUrl: null });
  });
});

describe('parseCliValue', () => {
  it.each([
    ['120', undefined, 120],
    ['true', undefined, true],
    ['null', 'x', null],
    ['"0042"', undefined, '0042'],
    ['["es-CL","en"]', ['es-CL'], ['es-CL', 'en']],
    ['es-CL, en', ['es-CL'], ['es-CL', 'en']],
    ['civil-digital', undefined, 'civil-digital'],
    ['https://central.example.test', undefined, 'https://central.example.test'],
    ['tcp:192.0.2.10:9100', 'simulated', 'tcp:192.0.2.10:9100'],
  ])('reads %j as %j', (raw, current, expected) => {
    expect(parseCliValue(raw, current)).toEqual(expected);
  });
});

describe('documentFromView', () => {
  it('turns what config get prints back into the stored form, dropping secret placeholders', () => {
    const converted = documentFromView({
      kioskId: 'k1',
      technicianPinHash: '[set]',
      devices: { fingerprint: 'serial:/dev/ttyUSB0@57600', cardReader: 'none', printer: 'tcp:192.0.2.10:9100' },
    });
    expect(converted).toEqual({
      ok: true,
      document: {
        kioskId: 'k1',
        devices: {
          fingerprint: { transport: 'serial', path: '/dev/ttyUSB0', baud: 57600 },
          cardReader: { transport: 'none' },
          printer: { transport: 'tcp', host: '192.0.2.10', port: 9100 },
        },
      },
      placeholders: ['technicianPinHash'],
    });
  });

  it('names the device whose compact form is wrong', () => {
    expect(documentFromView({ devices: { printer: 'usb:lp0' } })).toEqual({
      ok: false,
      field: 'devices.printer',
      reason: expect.stringContaining('unknown transport'),
    });
  });
});

describe('sameJson', () => {
  it('ignores member order, not values', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameJson(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameJson(null, undefined)).toBe(false);
  });
});

describe('parseOptions', () => {
  it('takes a value that starts with a dash (a base64url token) as the option’s value', () => {
    const { values } = parseOptions(['--token', '-Xa9_b', '--force'], { token: { type: 'string' }, force: { type: 'boolean' } }, 'register');
    expect(values).toEqual({ token: '-Xa9_b', force: true });
  });

  it('still refuses unknown options as usage errors', () => {
    expect(() => parseOptions(['--token', 'x', '--colour'], { token: { type: 'string' } }, 'register')).toThrow(
      expect.objectContaining({ code: 'usage', exitCode: 2 }),
    );
  });
});
