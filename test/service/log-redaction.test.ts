import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, isPersonalKey, type LogFields, REDACTED, scrubText } from '../../common/log.ts';

/** All data here is synthetic: generated RUNs, example.* domains, made-up numbers. */
function capture(): { lines: string[]; log: (event: string, fields?: LogFields) => Record<string, unknown> } {
  const lines: string[] = [];
  const logger = createLogger(
    (line) => lines.push(line),
    'test',
    'debug',
    () => new Date('2026-01-15T12:00:00.000Z'),
  );
  return {
    lines,
    log(event, fields) {
      logger.log('info', event, fields);
      return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    },
  };
}

/** Módulo 11 check digit of a RUN body (Servicio de Registro Civil). */
function checkDigit(body: number): string {
  let sum = 0;
  let factor = 2;
  for (let n = body; n > 0; n = Math.floor(n / 10)) {
    sum += (n % 10) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 11 ? '0' : dv === 10 ? 'K' : String(dv);
}

const withDots = (body: number) => String(body).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

const syntheticRun = fc
  .record({ body: fc.integer({ min: 1_000_000, max: 99_999_999 }), dotted: fc.boolean(), lowerK: fc.boolean() })
  .map(({ body, dotted, lowerK }) => {
    const dv = checkDigit(body);
    return `${dotted ? withDots(body) : String(body)}-${lowerK ? dv.toLowerCase() : dv}`;
  });

const syntheticMobile = fc
  .record({ digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }), style: fc.integer({ min: 0, max: 4 }) })
  .map(({ digits, style }) => {
    const d = digits.join('');
    return [`+56 9 ${d.slice(0, 4)} ${d.slice(4)}`, `+569${d}`, `+56 9 ${d}`, `+56-9-${d.slice(0, 4)}-${d.slice(4)}`, `56 9 ${d.slice(0, 4)} ${d.slice(4)}`][
      style
    ]!;
  });

const personalText = fc.oneof(syntheticRun, syntheticMobile, fc.emailAddress());
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));

describe('log redaction by key', () => {
  it.each([
    'run',
    'rut',
    'RUN',
    'email',
    'phone',
    'password',
    'template',
    'token',
    'verificationToken',
    'activationCode',
    'name',
    'firstName',
    'first_name',
    'LAST-NAME',
    'fullName',
    'nombre',
    'correo',
    'telefono',
    'pin',
    'citizenEmail',
    'centralRegistrationToken',
    'technicianPinHash',
  ])('writes the value of "%s" as [redacted]', (key) => {
    const { log } = capture();
    expect(log('session.step', { [key]: 'Ana' })[key]).toBe(REDACTED);
    expect(log('session.step', { [key]: 42 })[key]).toBe(REDACTED);
  });

  it('keeps booleans and null under a personal key: they carry no one’s data', () => {
    const { log } = capture();
    expect(log('session.step', { email: true, phone: null })).toMatchObject({ email: true, phone: null });
  });

  it.each(['code', 'command', 'kioskId', 'step', 'status', 'attempts', 'field', 'reason', 'centralUrl', 'role', 'mode', 'runtime', 'hostname'])(
    'leaves a non-personal key "%s" alone',
    (key) => {
      expect(isPersonalKey(key)).toBe(false);
    },
  );
});

describe('log redaction by pattern', () => {
  it.each([
    ['a RUN with dots', '12.345.678-5'],
    ['a RUN without dots', '12345678-5'],
    ['a RUN with check digit K', '9.876.543-K'],
    ['a RUN with check digit k, no dots', '9876543-k'],
    ['a seven-digit RUN', '1.234.567-4'],
    ['an email address', 'ana.perez@example.cl'],
    ['an email address with a plus tag', 'a+kiosk@mail.example.com'],
    ['a mobile with spaces', '+56 9 1234 5678'],
    ['a mobile without spaces', '+56912345678'],
    ['a mobile with one space group', '+56 9 12345678'],
    ['a mobile without the plus', '56 9 8765 4321'],
  ])('scrubs %s inside free text', (_what, secret) => {
    const { log, lines } = capture();
    const line = log('central.unavailable', { reason: `rejected ${secret}, retry`, message: secret });
    expect(line.reason).toBe(`rejected ${REDACTED}, retry`);
    expect(line.message).toBe(REDACTED);
    expect(lines.join('')).not.toContain(secret);
  });

  it('scrubs the event name and keys as well', () => {
    const { log, lines } = capture();
    log('lookup 12.345.678-5', { 'ana@example.cl': 'x' });
    expect(lines.join('')).not.toContain('12.345.678-5');
    expect(lines.join('')).not.toContain('ana@example.cl');
  });

  it('writes an object smuggled in by an untyped caller as [redacted]', () => {
    const { log } = capture();
    expect(log('x', { payload: { run: '12345678-5' } } as unknown as LogFields).payload).toBe(REDACTED);
  });

  it('keeps the line format: timestamp, level, component, event, then the fields', () => {
    const { lines, log } = capture();
    log('service.ready', { kioskId: 'dev-kiosk-01', simulatedDevices: true });
    expect(lines[0]).toBe(
      '{"t":"2026-01-15T12:00:00.000Z","level":"info","component":"test","event":"service.ready","kioskId":"dev-kiosk-01","simulatedDevices":true}\n',
    );
  });

  it.each([
    'central.registration_failed',
    'contract.invalid_payload',
    'dev-kiosk-01',
    'https://127.0.0.1:8443',
    'serial:/dev/ttyUSB0@57600',
    'tcp:192.0.2.10:9100',
    'hid:10c4:ea80',
    '2026-01-15T12:00:00.000Z',
    '12345678-1234-4234-8234-123456789012',
    'outbox rows: 10000',
  ])('passes the non-personal value %s unchanged', (value) => {
    expect(scrubText(value)).toBe(value);
  });
});

describe('log redaction, fuzzed', () => {
  it('never writes a synthetic RUN, email or mobile embedded in arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, personalText), { minLength: 1, maxLength: 4 }), anyText, fc.boolean(), (pieces, tail, asEvent) => {
        const text = pieces.map(([before, secret]) => before + secret).join('') + tail;
        const { lines, log } = capture();
        const written = asEvent ? log(text) : log('session.error', { reason: text });
        const value = String(asEvent ? written.event : written.reason);
        for (const [, secret] of pieces) {
          expect(value).not.toContain(secret);
          expect(lines[0]).not.toContain(secret);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('passes codes, ids and counts through unchanged', () => {
    const code = fc.stringMatching(/^[a-z][a-z_]{0,15}(\.[a-z][a-z_]{0,15}){0,3}$/);
    const key = fc.constantFrom('code', 'command', 'event_code', 'step', 'status', 'kioskId', 'sessionId', 'attempts', 'pending', 'exitCode');
    const value = fc.oneof(code, fc.uuid(), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(code, fc.dictionary(key, value), (event, fields) => {
        const { log } = capture();
        const { t: _t, level: _level, component: _component, ...rest } = log(event, fields);
        expect(rest).toEqual({ event, ...fields });
      }),
    );
  });

  it('never throws and always writes one JSON line, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.dictionary(fc.string(), fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.boolean())),
        (event, fields) => {
          const { lines, log } = capture();
          log(event, fields);
          expect(lines).toHaveLength(1);
          expect(lines[0]!.endsWith('\n')).toBe(true);
          expect(() => JSON.parse(lines[0]!) as unknown).not.toThrow();
        },
      ),
    );
  });
});
