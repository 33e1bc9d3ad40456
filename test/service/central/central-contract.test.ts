/**
 * The kiosk's restatement of central/openapi.yaml cannot drift from it
 * silently: the enums are compared with the YAML, the sealing contexts with
 * central's own, and the pure answer interpreter is fuzzed.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { auditSubjectAad as centralAuditSubjectAad, auditSubjectRun } from '../../../central/api/kiosk-records.ts';
import { deferredEnrollmentAad as centralDeferredAad } from '../../../central/domain/index.ts';
import { enrolledFingersSchema, healthSchema, verificationResultSchema } from '../../../electron/service/central/central-contract.ts';
import {
  auditSubjectAad,
  auditSubjectPlaintext,
  CentralBadResponse,
  CentralProblem,
  CentralUnavailable,
  deferredEnrollmentAad,
  interpretResponse,
  PASSWORD_RULE_IDS,
  PROBLEM_CODES,
} from '../../../electron/service/central/index.ts';
import { FINGER_NAMES } from '../../../common/fingers.ts';
import { openapi } from '../../central/api/contract.ts';

type Json = Record<string, unknown>;
const schemas = (openapi.components as Json).schemas as Json;
const verifyBody = (((((openapi.paths as Json)['/v1/identity-verifications'] as Json).post as Json).requestBody as Json).content as Json)[
  'application/json'
] as Json;

describe('the kiosk’s copy of the contract', () => {
  it('lists exactly the problem codes, password rules and finger names of openapi.yaml', () => {
    expect([...PROBLEM_CODES].sort()).toEqual([...((schemas.ProblemCode as Json).enum as string[])].sort());
    const failedRules = ((schemas.Problem as Json).properties as Json).failedRules as { items: { enum: string[] } };
    expect([...PASSWORD_RULE_IDS]).toEqual(failedRules.items.enum);
    const finger = ((verifyBody.schema as Json).properties as Json).finger as { oneOf: [{ enum: string[] }] };
    expect([...FINGER_NAMES]).toEqual(finger.oneOf[0].enum);
  });

  it('seals with the same contexts central opens with', () => {
    expect(deferredEnrollmentAad('kiosk-7', 'key-1')).toEqual(centralDeferredAad('kiosk-7', 'key-1'));
    expect(auditSubjectAad('kiosk-7', 'event-1')).toEqual(centralAuditSubjectAad('kiosk-7', 'event-1'));
    expect(auditSubjectRun(auditSubjectPlaintext('12.345.678-5'))).toBe('12345678-5');
  });
});

describe('interpretResponse (property)', () => {
  const headers = fc.record(
    {
      'content-type': fc.constantFrom('application/json', 'application/problem+json', 'text/plain', 'application/json; charset=utf-8'),
      'retry-after': fc.oneof(
        fc.string(),
        fc.nat().map(String),
        fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
      ),
      'idempotent-replayed': fc.constantFrom('true', 'false', ''),
    },
    { requiredKeys: [] },
  );
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 256 }),
    fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
    fc
      .record(
        {
          type: fc.constant('urn:claveunica-central:problem:x'),
          title: fc.string(),
          status: fc.integer({ min: 400, max: 599 }),
          code: fc.constantFrom(...PROBLEM_CODES),
          attemptsLeft: fc.anything(),
          unlockProcedure: fc.anything(),
        },
        { requiredKeys: ['type', 'title', 'status', 'code'] },
      )
      .map((v) => new TextEncoder().encode(JSON.stringify(v))),
    fc
      .record(
        {
          matched: fc.boolean(),
          verificationToken: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          expiresAt: fc.string(),
          attemptsLeft: fc.integer({ min: -1, max: 4 }),
        },
        { requiredKeys: ['matched'] },
      )
      .map((v) => new TextEncoder().encode(JSON.stringify(v))),
  );

  it('never throws anything but a named error, and every value it returns is of the schema', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 999 }),
        headers,
        bodies,
        fc.constantFrom<z.ZodType<unknown>>(healthSchema, verificationResultSchema, enrolledFingersSchema),
        (status, head, body, schema) => {
          try {
            const { value, replayed } = interpretResponse({ status, headers: head, body }, { success: 200, schema }, Date.parse('2026-11-21T12:00:00Z'));
            expect(status).toBe(200);
            expect(schema.safeParse(value).success).toBe(true);
            expect(replayed).toBe(head['idempotent-replayed'] === 'true');
          } catch (error) {
            expect(error instanceof CentralProblem || error instanceof CentralUnavailable || error instanceof CentralBadResponse, String(error)).toBe(true);
            if (error instanceof CentralProblem) expect(error.status).toBeGreaterThanOrEqual(400);
            if (error instanceof CentralUnavailable) expect(error.status).toBeGreaterThanOrEqual(500);
            const retryAfter = (error as { retryAfterMs?: number }).retryAfterMs;
            if (retryAfter !== undefined) expect(retryAfter).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('enrolled fingers answer', () => {
  it('accepts only known finger names, at most ten, and nothing else in the body', () => {
    expect(enrolledFingersSchema.safeParse({ enrolledFingers: ['right-index', 'left-thumb'] }).success).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 12 }), (names) => {
        const parsed = enrolledFingersSchema.safeParse({ enrolledFingers: names });
        const known =
          names.length <= 10 &&
          names.every((n) =>
            [
              'right-thumb',
              'right-index',
              'right-middle',
              'right-ring',
              'right-little',
              'left-thumb',
              'left-index',
              'left-middle',
              'left-ring',
              'left-little',
            ].includes(n),
          );
        expect(parsed.success).toBe(known);
      }),
    );
    expect(enrolledFingersSchema.safeParse({ enrolledFingers: [], extra: 1 }).success).toBe(false);
  });
});
