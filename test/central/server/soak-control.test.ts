import { afterAll, describe, expect, it } from 'vitest';
import { createCentralDomain } from '../../../central/domain/index.ts';
import { RATE_LIMITS } from '../../../central/domain/rate-limits.ts';
import { createArmableFaultInjector, createFaultInjector } from '../../../central/server/faults.ts';
import { createSoakControl, scaledRateLimits } from '../../../central/server/soak-control.ts';
import { openCentralDatabase } from '../../../central/storage/index.ts';
import { cheapHasher, citizenWith, removeTempDirs, seededDatabasePath } from '../domain/support.ts';

afterAll(() => removeTempDirs());

const canonical = (c: { run: { number: number; checkDigit: string } }) => `${c.run.number}-${c.run.checkDigit}`;

describe('faults armed at chosen moments', () => {
  it('faults the next requests that match route and kiosk, in order, then no more', () => {
    const faults = createArmableFaultInjector(null);
    faults.arm({ action: 'error', count: 2, route: '/v1/audit-events', kioskId: 'k1' });
    faults.arm({ action: 'latency', count: 1, latencyMs: 300 });
    expect(faults.armed()).toBe(3);
    // Another kiosk's request to that route takes the latency fault, which matches any request.
    expect(faults.next('/v1/audit-events', 'k2')).toEqual({ latencyMs: 300, action: 'none' });
    expect(faults.next('/v1/heartbeats', 'k1')).toEqual({ latencyMs: 0, action: 'none' });
    expect(faults.next('/v1/audit-events', 'k1')).toEqual({ latencyMs: 0, action: 'error' });
    expect(faults.next('/v1/audit-events', 'k1')).toEqual({ latencyMs: 0, action: 'error' });
    expect(faults.next('/v1/audit-events', 'k1')).toEqual({ latencyMs: 0, action: 'none' });
    expect(faults.armed()).toBe(0);
  });

  it('falls back to the static rates when nothing is armed, and disarms one kiosk only', () => {
    const faults = createArmableFaultInjector(createFaultInjector({ errorRate: 1 }));
    faults.arm({ action: 'drop', count: 5, kioskId: 'k1' });
    faults.arm({ action: 'lose_response', count: 5, kioskId: 'k2' });
    faults.disarm('k1');
    expect(faults.next('/v1/audit-events', 'k1').action).toBe('error');
    expect(faults.next('/v1/audit-events', 'k2').action).toBe('lose_response');
    faults.disarm();
    expect(faults.armed()).toBe(0);
  });

  it('refuses a fault it cannot apply', () => {
    const faults = createArmableFaultInjector(null);
    expect(() => faults.arm({ action: 'latency', count: 1 })).toThrow(RangeError);
    expect(() => faults.arm({ action: 'error', count: 0 })).toThrow(RangeError);
    expect(() => faults.arm({ action: 'error', count: 1, route: 'not a route' })).toThrow(RangeError);
  });
});

describe('the soak control channel', () => {
  const db = openCentralDatabase(seededDatabasePath());
  const domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(3), hasher: cheapHasher });
  const faults = createArmableFaultInjector(null);
  const control = createSoakControl({ db, faults, issueRegistrationToken: (kioskId) => `token-for-${kioskId}` });
  afterAll(() => db.close());

  it('resets an account a kiosk created, answering the audit boundary, so the citizen can enrol again', () => {
    const citizen = citizenWith('ok', 11);
    const person = domain.context.registry.personByRun(canonical(citizen))!;
    domain.context.registry.createAccount(
      { personId: person.id, email: 'reset.sintetico@example.cl', phone: '+56912345678', passwordHash: 'x', channel: 'one-step', kioskId: 'k1' },
      Date.now(),
    );
    domain.context.audit.record({ event: 'activation', outcome: 'ok', run: canonical(citizen), kioskId: 'k1' }, Date.now());
    const latest = db.prepare<[], { id: number }>('SELECT max(id) AS id FROM audit_events').get()!.id;
    expect(control({ type: 'reset-account', run: canonical(citizen) })).toEqual({ ok: true, hadAccount: true, auditBoundary: latest });
    expect(db.prepare('SELECT count(*) AS n FROM accounts WHERE person_id = ?').get(person.id)).toEqual({ n: 0 });
    expect(domain.context.registry.personByRun(canonical(citizen))).toMatchObject({ hasAccount: false });
  });

  it("leaves the registry's seeded accounts alone, and refuses what it does not know", () => {
    expect(control({ type: 'reset-account', run: canonical(citizenWith('has_account', 0)) })).toEqual({ ok: false, error: 'seeded_account' });
    expect(control({ type: 'reset-account', run: '1-9' })).toEqual({ ok: false, error: 'unknown_run' });
    expect(control({ type: 'drop-tables' })).toEqual({ ok: false, error: 'invalid_request' });
  });

  it('arms faults and issues registration tokens', () => {
    expect(control({ type: 'arm', fault: { action: 'drop', count: 2, kioskId: 'k9' } })).toEqual({ ok: true, armed: 2 });
    expect(control({ type: 'disarm', kioskId: 'k9' })).toEqual({ ok: true, armed: 0 });
    expect(control({ type: 'registration-token', kioskId: 'soak-2' })).toEqual({ ok: true, token: 'token-for-soak-2' });
  });
});

describe('scaled rate limits (CENTRAL_SANDBOX_RATE_LIMIT_SCALE)', () => {
  it('multiplies the verification limits only, windows unchanged', () => {
    const scaled = scaledRateLimits(RATE_LIMITS, 100);
    expect(scaled.verificationPerKiosk).toEqual({ limit: RATE_LIMITS.verificationPerKiosk.limit * 100, windowMs: RATE_LIMITS.verificationPerKiosk.windowMs });
    expect(scaled.verificationPerRun.limit).toBe(RATE_LIMITS.verificationPerRun.limit * 100);
    expect(scaled.activationCodeFailuresPerClient).toEqual(RATE_LIMITS.activationCodeFailuresPerClient);
    expect(() => scaledRateLimits(RATE_LIMITS, 0.5)).toThrow(RangeError);
  });
});
