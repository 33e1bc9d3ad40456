/**
 * The kiosk's central client against a real sandbox over HTTPS with mutual
 * TLS: every operation with synthetic citizens, every refusal as its typed
 * error with its fields, idempotent retries after a lost answer, and the
 * connectivity signal following real call outcomes.
 */
import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskRecords } from '../../../central/api/kiosk-records.ts';
import { sealForCentral } from '../../../central/pki/hpke.ts';
import {
  auditSubjectAad,
  auditSubjectPlaintext,
  type CentralClient,
  CentralProblem,
  CentralRequestInvalid,
  CentralUnavailable,
  deferredEnrollmentAad,
  deliveryOutcomeOf,
  deliveryOutcomeOfCall,
  type HeartbeatRequest,
  type VerifyIdentityRequest,
} from '../../../electron/service/central/index.ts';
import { createLogger } from '../../../common/log.ts';
import { capture, citizenWith, removeTempDirs } from '../../central/domain/support.ts';
import { accountsOf, canonicalRun, kioskClient, newKey, type Sandbox, startSandbox, verificationOf } from './support.ts';

const KIOSK_ID = 'kiosk-client-01';
let sandbox: Sandbox;
let client: CentralClient;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  ({ client } = await kioskClient(sandbox, KIOSK_ID, { logger: createLogger((line) => logLines.push(line), 'service') }));
}, 30_000);

afterEach(() => sandbox.server.setFaults(null));

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
  removeTempDirs();
});

/** A heartbeat body per the wire contract (heartbeat-contract.ts). */
function heartbeat(version = '0.1.0', pending = 0): HeartbeatRequest {
  const device = { state: 'ready' as const, lastError: null, since: '2026-11-21T11:00:00.000Z' };
  return {
    sentAt: '2026-11-21T12:00:00.000Z',
    version,
    mode: 'civil-digital',
    intervalSeconds: 300,
    uptimeSeconds: 60,
    devices: { fingerprint: device, cardReader: device, printer: device },
    outbox: { pending, oldestAgeSeconds: pending > 0 ? 30 : null, dead: 0 },
    disk: { freeBytes: 1_000_000_000, totalBytes: 2_000_000_000 },
    clockSkewSeconds: null,
    certificateNotAfter: '2027-11-21T12:00:00.000Z',
    sessions: {},
    technicianLockouts: 0,
    outOfService: { active: false, reasons: [] },
  };
}

async function verified(citizenIndex: number): Promise<string> {
  const answer = await client.verifyIdentity(verificationOf(citizenWith('ok', citizenIndex)), { idempotencyKey: newKey() });
  if (!answer.value.matched) throw new Error('expected a match');
  return answer.value.verificationToken;
}

/** The rejection of `call`, which must be an instance of `type`. */
async function refusal<E extends Error>(call: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe('reads', () => {
  it('checks health as the kiosk of its certificate, and reads the HPKE key and the password policy', async () => {
    expect(await client.health()).toMatchObject({ status: 'ok', kioskId: KIOSK_ID });
    const key = await client.hpkePublicKey();
    expect(key).toMatchObject({ kem: 'DHKEM(X25519, HKDF-SHA256)', aead: 'AES-256-GCM', keyId: sandbox.server.pki.hpke.keyId });
    expect(Buffer.from(key.publicKey, 'base64url')).toHaveLength(32);
    const policy = await client.passwordPolicy();
    expect(policy).toMatchObject({ minLength: 8, normalization: 'NFKC' });
    expect(policy.rules.map((r) => r.id)).toContain('not_common');
  });
});

describe('Civil Digital', () => {
  it('verifies a citizen, then issues an activation code once', async () => {
    const verification = await client.verifyIdentity(verificationOf(citizenWith('ok', 0)), { idempotencyKey: newKey() });
    expect(verification).toMatchObject({ value: { matched: true, attemptsLeft: 3 }, replayed: false, attempts: 1 });
    if (!verification.value.matched) return;
    const key = newKey();
    const issued = await client.issueActivationCode({ verificationToken: verification.value.verificationToken }, { idempotencyKey: key });
    expect(issued.value.display).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    // The same request with the same key is the same code, not a second one.
    const again = await client.issueActivationCode({ verificationToken: verification.value.verificationToken }, { idempotencyKey: key });
    expect(again).toMatchObject({ value: issued.value, replayed: true });
  });
});

describe('ChileAtiende', () => {
  it('activates in one step with a typed password, and with a generated one sent by SMS', async () => {
    const typed = await client.activateOneStep(
      { verificationToken: await verified(1), email: 'una@example.cl', phone: '+56 9 1234 5678', password: 'cordillera nevada al amanecer' },
      { idempotencyKey: newKey() },
    );
    expect(typed.value).toEqual({ status: 'active', email: 'una@example.cl', phone: '+56912345678' });
    const generated = await client.activateOneStep(
      { verificationToken: await verified(2), email: 'dos@example.cl', phone: '+56987654321', generate: 'sms' },
      { idempotencyKey: newKey() },
    );
    expect(generated.value).toMatchObject({ status: 'active', passwordSentBy: 'sms' });
    expect(accountsOf(sandbox.db, citizenWith('ok', 2))).toEqual([{ channel: 'one-step', email: 'dos@example.cl' }]);
  });

  it('submits a deferred enrollment sealed with the kiosk’s own AAD to the published key', async () => {
    const citizen = citizenWith('ok', 3);
    const key = newKey();
    const publicKey = await client.hpkePublicKey();
    const { template, ...card } = verificationOf(citizen, citizen, 'offline');
    const bundle = {
      version: 1,
      capturedAt: '2026-11-21T11:00:00.000Z',
      ...card,
      template: Buffer.from(template).toString('base64'),
      email: 'diferida@example.cl',
      phone: '+56911110000',
      generate: 'email',
    };
    const sealed = await sealForCentral(
      Buffer.from(publicKey.publicKey, 'base64url'),
      new TextEncoder().encode(JSON.stringify(bundle)),
      deferredEnrollmentAad(KIOSK_ID, key),
    );
    const answer = await client.submitDeferredEnrollment({ sealed, keyId: publicKey.keyId }, { idempotencyKey: key });
    expect(answer.value).toMatchObject({ state: 'completed', result: 'activated', notifiedBy: 'email' });
    expect(deliveryOutcomeOf(answer)).toEqual({ type: 'delivered', replayed: false });
  });
});

describe('kiosk reports', () => {
  it('sends a heartbeat and an audit batch whose subject is the RUN sealed with the kiosk’s AAD; a resent batch stores nothing new', async () => {
    expect((await client.sendHeartbeat(heartbeat('0.1.0', 2), { idempotencyKey: newKey() })).value.receivedAt).toBe('2026-11-21T12:00:00.000Z');
    const citizen = citizenWith('ok', 4);
    const publicKey = Buffer.from((await client.hpkePublicKey()).publicKey, 'base64url');
    const subject = await sealForCentral(publicKey, auditSubjectPlaintext(citizen.run.formatted), auditSubjectAad(KIOSK_ID, 'ev-1'));
    const events = [
      { eventId: 'ev-1', at: '2026-11-21T12:00:00Z', type: 'identity.verification', outcome: 'match', subject },
      { eventId: 'ev-2', at: '2026-11-21T12:00:01Z', type: 'session.ended', outcome: 'done', detail: { step: 'done' } },
    ];
    const key = newKey();
    expect((await client.sendAuditEvents({ events }, { idempotencyKey: key })).value).toEqual({ received: 2, stored: 2 });
    expect((await client.sendAuditEvents({ events }, { idempotencyKey: newKey() })).value).toEqual({ received: 2, stored: 0 });
    expect(new KioskRecords(sandbox.db).auditRecords(KIOSK_ID).map((r) => [r.eventId, r.run])).toEqual([
      ['ev-1', canonicalRun(citizen)],
      ['ev-2', undefined],
    ]);
    // Sealed for another record: the batch is refused, and the outbox dead-letters it.
    const moved = client.sendAuditEvents({ events: [{ ...events[0]!, eventId: 'ev-3' }] }, { idempotencyKey: newKey() });
    const error = await refusal(moved, CentralProblem);
    expect([error.status, error.problemCode, error.field]).toEqual([422, 'sealed_payload_invalid', 'events.0.subject']);
    expect(deliveryOutcomeOf(error)).toEqual({ type: 'permanent', reason: 'central.problem.sealed_payload_invalid' });
  });
});

describe('outbox delivery', () => {
  it('posts a row as it was serialised, with the row’s key: a lost answer is retried by the worker and replays; an invalid row is dead-lettered', async () => {
    const body = JSON.stringify({ events: [{ eventId: 'row-1', at: '2026-11-21T12:00:00Z', type: 'session.started', outcome: 'ok' }] });
    const key = newKey();
    const deliver = (rowBody: string, idempotencyKey: string) =>
      deliveryOutcomeOfCall(client.postSerialized('/v1/audit-events', rowBody, { idempotencyKey, maxAttempts: 1 }));
    sandbox.server.setFaults({ loseResponseRate: 1 });
    expect(await deliver(body, key)).toEqual({ type: 'retry', reason: 'central.unavailable.connection_reset' });
    sandbox.server.setFaults(null);
    expect(await deliver(body, key)).toEqual({ type: 'delivered', replayed: true });
    expect(new KioskRecords(sandbox.db).auditRecords(KIOSK_ID).filter((r) => r.eventId === 'row-1')).toHaveLength(1);
    expect(await deliver(JSON.stringify({ events: [] }), newKey())).toEqual({ type: 'permanent', reason: 'central.problem.invalid_request' });
  });
});

describe('refusals as typed errors with their fields', () => {
  const verify = (request: VerifyIdentityRequest) => client.verifyIdentity(request, { idempotencyKey: newKey() });

  it.each([
    ['card_blocked', 'card_blocked', 403],
    ['card_expired', 'card_expired', 403],
    ['under_age', 'under_age', 403],
    ['has_account', 'already_has_account', 409],
  ] as const)('a %s citizen → CentralProblem %s (%i), permanent for the outbox', async (scenario, code, status) => {
    const error = await refusal(verify(verificationOf(citizenWith(scenario))), CentralProblem);
    expect([error.code, error.problemCode, error.status, error.retryable]).toEqual(['central.problem', code, status, false]);
    expect(deliveryOutcomeOf(error)).toEqual({ type: 'permanent', reason: `central.problem.${code}` });
  });

  it('an unknown RUN → unknown_person (404); a malformed one → invalid_input naming the field', async () => {
    const citizen = citizenWith('ok', 10);
    expect((await refusal(verify({ ...verificationOf(citizen), run: '11.111.111-1' }), CentralProblem)).problemCode).toBe('unknown_person');
    const wrongDigit = `${citizen.run.formatted.slice(0, -1)}${citizen.run.checkDigit === '1' ? '2' : '1'}`;
    const invalid = await refusal(verify({ ...verificationOf(citizen), run: wrongDigit }), CentralProblem);
    expect([invalid.status, invalid.problemCode, invalid.field]).toEqual([400, 'invalid_input', 'run']);
  });

  it('a finger the registry does not hold → finger_not_enrolled with the enrolled fingers', async () => {
    const citizen = citizenWith('ok', 11);
    const { template: _t, ...card } = verificationOf(citizen);
    const error = await refusal(verify({ ...card, finger: 'right-middle', template: capture(citizen, 3, 's') }), CentralProblem);
    expect([error.status, error.problemCode]).toEqual([422, 'finger_not_enrolled']);
    expect(error.enrolledFingers).toEqual(expect.arrayContaining(['right-index', 'left-index']));
  });

  it('no match is an answer with attempts left; the third locks with the unlock procedure', async () => {
    const citizen = citizenWith('ok', 12);
    const impostor = citizenWith('ok', 13);
    const first = await verify(verificationOf(citizen, impostor, 'a'));
    const second = await verify(verificationOf(citizen, impostor, 'b'));
    expect([first.value, second.value]).toEqual([
      { matched: false, attemptsLeft: 2 },
      { matched: false, attemptsLeft: 1 },
    ]);
    const locked = await refusal(verify(verificationOf(citizen, impostor, 'c')), CentralProblem);
    expect([locked.status, locked.problemCode, locked.attemptsLeft]).toEqual([423, 'identity_locked', 0]);
    expect(locked.unlockProcedure?.es).toContain('Registro Civil');
    expect(locked.unlockProcedure?.en).toEqual(expect.any(String));
  });

  it('a weak password → password_rejected with the failed rules; a reused key with another body → idempotency_key_reused', async () => {
    const token = await verified(14);
    const weak = await refusal(
      client.activateOneStep({ verificationToken: token, email: 'd@example.cl', phone: '+56911112222', password: 'password' }, { idempotencyKey: newKey() }),
      CentralProblem,
    );
    expect([weak.status, weak.problemCode]).toEqual([422, 'password_rejected']);
    expect(weak.failedRules).toContain('not_common');
    const key = newKey();
    await client.verifyIdentity(verificationOf(citizenWith('ok', 15)), { idempotencyKey: key });
    const reused = await refusal(
      client.verifyIdentity(verificationOf(citizenWith('ok', 15), citizenWith('ok', 15), 'other'), { idempotencyKey: key }),
      CentralProblem,
    );
    expect([reused.status, reused.problemCode]).toEqual([422, 'idempotency_key_reused']);
  });

  it('refuses to send a change without a usable Idempotency-Key, and never makes one up', async () => {
    for (const idempotencyKey of [undefined, '', 'x'.repeat(256), 'with "quotes"', 'tab\there']) {
      const error = await refusal(client.sendHeartbeat(heartbeat('1'), { idempotencyKey } as never), CentralRequestInvalid);
      expect(error).toMatchObject({ code: 'central.request_invalid', reason: 'idempotency_key' });
      expect(deliveryOutcomeOf(error)).toEqual({ type: 'permanent', reason: 'central.request_invalid.idempotency_key' });
    }
  });

  it('a revoked kiosk certificate → 401, which the outbox retries with a technician alarm rather than dead-lettering', async () => {
    const revoked = await kioskClient(sandbox, 'kiosk-client-revoked');
    try {
      expect(await revoked.client.health()).toMatchObject({ kioskId: 'kiosk-client-revoked' });
      sandbox.server.authority.revoke(new X509Certificate(revoked.registration.tls.cert as string).serialNumber, 'key_compromise');
      const error = await refusal(revoked.client.health(), CentralProblem);
      expect([error.status, error.problemCode, error.retryable]).toEqual([401, 'client_certificate_required', true]);
      expect(deliveryOutcomeOf(error)).toEqual({ type: 'retry', reason: 'central.problem.client_certificate_required', alarm: 'kiosk_certificate' });
      // Central answered: the kiosk is online, it is its identity that needs a technician.
      expect(revoked.client.connectivity.state).toBe('online');
    } finally {
      await revoked.client.close();
    }
  });
});

describe('faults and idempotent retries', () => {
  const oneStep = (token: string, n: number) => ({
    verificationToken: token,
    email: `falla${n}@example.cl`,
    phone: '+56922223333',
    password: 'un colibrí en el jardín de invierno',
  });

  it('an answer lost after commit, retried by the client with the same key, is the stored answer: one account', async () => {
    const token = await verified(20);
    sandbox.server.setFaults({ loseResponseRate: 1 });
    // Lose only the first answer: the retry must reach a healthy server.
    const unhook = faultsOffAfterFirstFault();
    try {
      const answer = await client.activateOneStep(oneStep(token, 20), { idempotencyKey: newKey(), maxAttempts: 2 });
      expect(answer).toMatchObject({ replayed: true, attempts: 2, value: { status: 'active' } });
    } finally {
      unhook();
    }
    expect(accountsOf(sandbox.db, citizenWith('ok', 20))).toHaveLength(1);
  });

  it('without retries inside the call, the lost answer is connection_reset; the caller’s retry with the same key gets the stored answer', async () => {
    const token = await verified(21);
    const key = newKey();
    sandbox.server.setFaults({ loseResponseRate: 1 });
    const lost = await refusal(client.activateOneStep(oneStep(token, 21), { idempotencyKey: key, maxAttempts: 1 }), CentralUnavailable);
    expect([lost.code, lost.kind, lost.retryable]).toEqual(['central.unavailable', 'connection_reset', true]);
    expect(deliveryOutcomeOf(lost)).toEqual({ type: 'retry', reason: 'central.unavailable.connection_reset' });
    expect(client.connectivity.state).toBe('offline');
    sandbox.server.setFaults(null);
    const stored = await client.activateOneStep(oneStep(token, 21), { idempotencyKey: key, maxAttempts: 1 });
    expect(stored).toMatchObject({ replayed: true, value: { status: 'active', email: 'falla21@example.cl' } });
    expect(client.connectivity.state).toBe('online');
    expect(accountsOf(sandbox.db, citizenWith('ok', 21))).toHaveLength(1);
  });

  it('a dropped connection before commit changes nothing, and the retry does the work once', async () => {
    const token = await verified(22);
    const key = newKey();
    sandbox.server.setFaults({ dropRate: 1 });
    expect((await refusal(client.activateOneStep(oneStep(token, 22), { idempotencyKey: key, maxAttempts: 1 }), CentralUnavailable)).kind).toBe(
      'connection_reset',
    );
    expect(accountsOf(sandbox.db, citizenWith('ok', 22))).toEqual([]);
    sandbox.server.setFaults(null);
    expect(await client.activateOneStep(oneStep(token, 22), { idempotencyKey: key })).toMatchObject({ replayed: false, attempts: 1 });
    expect(accountsOf(sandbox.db, citizenWith('ok', 22))).toHaveLength(1);
  });

  it('503 fault_injected → CentralUnavailable with the status and Retry-After; retried inside the call up to maxAttempts', async () => {
    sandbox.server.setFaults({ errorRate: 1 });
    const once = await refusal(client.health({ maxAttempts: 1 }), CentralUnavailable);
    expect([once.kind, once.status, once.problemCode, once.retryAfterMs]).toEqual(['fault_injected', 503, 'fault_injected', 1000]);
    expect(await deliveryOutcomeOfCall(client.sendHeartbeat(heartbeat('1'), { idempotencyKey: newKey(), maxAttempts: 1 }))).toEqual({
      type: 'retry',
      reason: 'central.unavailable.fault_injected',
      retryAfterMs: 1000,
    });
    sandbox.server.setFaults({ errorRate: 1 });
    const unhook = faultsOffAfterFirstFault();
    try {
      expect(await client.health({ maxAttempts: 2 })).toMatchObject({ status: 'ok' });
    } finally {
      unhook();
    }
  });

  it('under seeded random faults, the client’s own retries and the caller’s converge on one account', async () => {
    const token = await verified(23);
    const key = newKey();
    sandbox.server.setFaults({ loseResponseRate: 0.5, dropRate: 0.2, errorRate: 0.2, seed: 11 });
    let answer;
    for (let i = 0; i < 6 && answer === undefined; i += 1) {
      answer = await client.activateOneStep(oneStep(token, 23), { idempotencyKey: key, maxAttempts: 3 }).catch((error: unknown) => {
        expect(deliveryOutcomeOf(error).type).toBe('retry');
        return undefined;
      });
    }
    expect(answer?.value).toMatchObject({ status: 'active' });
    expect(accountsOf(sandbox.db, citizenWith('ok', 23))).toHaveLength(1);
  });
});

describe('connectivity from real outcomes', () => {
  it('goes offline on a network failure, online on the next success, and stays online on a 4xx', async () => {
    const changes: string[] = [];
    const stop = client.connectivity.onChange((s) => changes.push(`${s.state}:${s.lastError ?? ''}`));
    try {
      await client.health();
      sandbox.server.setFaults({ dropRate: 1 });
      await refusal(client.health({ maxAttempts: 1 }), CentralUnavailable);
      expect([client.connectivity.isOnline(), client.connectivity.lastError]).toEqual([false, 'connection_reset']);
      sandbox.server.setFaults(null);
      await client.health();
      expect(client.connectivity.isOnline()).toBe(true);
      await refusal(client.verifyIdentity({ ...verificationOf(citizenWith('ok', 30)), run: '11.111.111-1' }, { idempotencyKey: newKey() }), CentralProblem);
      expect(client.connectivity.isOnline()).toBe(true);
      expect(changes.slice(-2)).toEqual(['offline:connection_reset', 'online:']);
    } finally {
      stop();
    }
  });

  it('a simulated outage fails every call without touching the network; ending it brings the kiosk back once central answers', async () => {
    let requests = 0;
    const unhook = onEveryRequest(() => (requests += 1));
    try {
      client.simulateOutage(true);
      const error = await refusal(client.health(), CentralUnavailable);
      expect([error.kind, client.connectivity.state, client.connectivity.lastError]).toEqual(['simulated', 'offline', 'simulated']);
      await refusal(client.sendHeartbeat(heartbeat('1'), { idempotencyKey: newKey() }), CentralUnavailable);
      expect(requests).toBe(0);
      const back = new Promise<void>((resolve) => {
        const stop = client.connectivity.onChange((s) => {
          if (s.state === 'online') {
            stop();
            resolve();
          }
        });
      });
      client.simulateOutage(false);
      await back; // the immediate probe (health) answered
      expect(requests).toBeGreaterThanOrEqual(1);
    } finally {
      unhook();
      client.simulateOutage(false);
    }
  });
});

describe('privacy', () => {
  it('logs operations, codes and statuses, never the RUN, contact data, password, template or token', async () => {
    const citizen = citizenWith('ok', 40);
    const token = await verified(40);
    await client.activateOneStep(
      { verificationToken: token, email: 'privada@example.cl', phone: '+56933334444', password: 'contraseña muy secreta del tótem' },
      { idempotencyKey: newKey() },
    );
    await client.verifyIdentity(verificationOf(citizen), { idempotencyKey: newKey() }).catch(() => undefined);
    const text = logLines.join('');
    expect(text).toContain('"operation":"activate_one_step"');
    for (const secret of [
      citizen.run.formatted,
      canonicalRun(citizen),
      'privada@example.cl',
      '+56933334444',
      'contraseña',
      token,
      Buffer.from(verificationOf(citizen).template).toString('base64').slice(0, 24),
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

/** Turns the sandbox's faults off as soon as it has applied one: the next request finds a healthy server. */
function faultsOffAfterFirstFault(): () => void {
  return sandbox.onLog((event) => {
    if (event === 'fault_injected') sandbox.server.setFaults(null);
  });
}

/** Counts the requests the sandbox received, answered or faulted. */
function onEveryRequest(listener: () => void): () => void {
  return sandbox.onLog((event) => {
    if (event === 'request' || event === 'fault_injected') listener();
  });
}
