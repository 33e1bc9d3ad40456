import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lockedProblemSchema } from '../../../electron/service/central/central-contract.ts';

const LOCKED = {
  type: 'urn:claveunica-central:problem:identity_locked',
  title: 'Locked',
  status: 423,
  code: 'identity_locked',
  attemptsLeft: 0,
  unlockProcedure: { es: 'Acuda al Registro Civil.', en: 'Go to a Registro Civil office.' },
  lockedUntil: '2026-11-22T15:00:00.000Z',
};

describe('the 423 identity_locked problem (openapi.yaml components/responses/Locked)', () => {
  it('carries when the lock lifts', () => {
    expect(lockedProblemSchema.parse(LOCKED).lockedUntil).toBe('2026-11-22T15:00:00.000Z');
  });

  it('is refused without lockedUntil', () => {
    const { lockedUntil: _omitted, ...without } = LOCKED;
    expect(lockedProblemSchema.safeParse(without).success).toBe(false);
  });

  it('refuses any lockedUntil that is not an ISO 8601 instant', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string().filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-\d\d-\d\dT/.test(s)),
          fc.integer(),
          fc.constant(null),
        ),
        (lockedUntil) => {
          expect(lockedProblemSchema.safeParse({ ...LOCKED, lockedUntil }).success).toBe(false);
        },
      ),
    );
  });
});
