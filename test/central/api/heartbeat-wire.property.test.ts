/**
 * The heartbeat body schema (central/api/heartbeat-wire.ts) against untrusted
 * input: it never throws, accepts every body built within the contract, and
 * refuses one with an unknown member or a member of the wrong type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_STATES, heartbeatBodySchema, OUT_OF_SERVICE_REASONS } from '../../../central/api/heartbeat-wire.ts';

const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const count = fc.nat();
const device = fc.record({
  state: fc.constantFrom(...DEVICE_STATES),
  lastError: fc.option(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,63}$/), { nil: null }),
  since: instant,
});
const validBody = fc.record({
  sentAt: instant,
  version: fc.string({ minLength: 1, maxLength: 64 }),
  mode: fc.constantFrom('civil-digital', 'chileatiende'),
  intervalSeconds: fc.integer({ min: 10, max: 86_400 }),
  uptimeSeconds: count,
  devices: fc.record({ fingerprint: device, cardReader: device, printer: device }),
  outbox: fc.record({ pending: count, oldestAgeSeconds: fc.option(count, { nil: null }), dead: count }),
  disk: fc.record({ freeBytes: count, totalBytes: count }),
  clockSkewSeconds: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }),
  certificateNotAfter: instant,
  sessions: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_-]{0,31}$/), count, { maxKeys: 16 }),
  technicianLockouts: count,
  outOfService: fc.record({ active: fc.boolean(), reasons: fc.uniqueArray(fc.constantFrom(...OUT_OF_SERVICE_REASONS)) }),
});

describe('the heartbeat body', () => {
  it('accepts every body the contract allows', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        expect(heartbeatBodySchema.safeParse(body).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on anything, and refuses what is not an object', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = heartbeatBodySchema.safeParse(value);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) expect(result.success).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses an unknown member, or a known one replaced by a value of another type', () => {
    fc.assert(
      fc.property(validBody, fc.string({ minLength: 1 }), fc.jsonValue(), (body, name, value) => {
        fc.pre(!(name in body));
        expect(heartbeatBodySchema.safeParse({ ...body, [name]: value }).success).toBe(false);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        validBody,
        fc.constantFrom('sentAt', 'intervalSeconds', 'devices', 'outbox', 'outOfService', 'mode'),
        fc.constantFrom(null, [], 'x', -1, 1.5, {}),
        (body, member, value) => {
          expect(heartbeatBodySchema.safeParse({ ...body, [member]: value }).success).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
