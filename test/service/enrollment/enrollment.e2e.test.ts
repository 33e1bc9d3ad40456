/**
 * Both modes end to end in Node: the kiosk service with simulated devices
 * against the central sandbox over HTTPS + mTLS, through the contract's
 * handler table. Every failure step the service can report is reached the
 * way it would be at a real kiosk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../../electron/contract/index.ts';
import { kioskDatabasePath } from '../../../electron/service/db/database.ts';
import { citizenWith } from '../../central/domain/support.ts';
import { pendingRecords } from '../../soak/stores.ts';
import { httpsCall } from '../../central/server/https-client.ts';
import { presentCardAndFinger, removeTempDirs, startKioskService, startSandbox, toCardStep, type KioskUnderTest, type Sandbox } from './support.ts';

let sandbox: Sandbox;
const kiosks: KioskUnderTest[] = [];
async function kiosk(mode: 'civil-digital' | 'chileatiende'): Promise<KioskUnderTest> {
  const k = await startKioskService(sandbox, mode);
  kiosks.push(k);
  return k;
}

beforeAll(async () => {
  sandbox = await startSandbox();
}, 60_000);

afterAll(async () => {
  for (const k of kiosks) await k.close();
  await sandbox?.close();
  removeTempDirs();
});

/** The newest receipt transcript the simulated printer wrote (it writes just after the printer acknowledges). */
async function lastReceipt(k: KioskUnderTest): Promise<string> {
  const dir = join(k.config.dataDir, 'simulated-printer');
  const names = () => {
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort();
    } catch {
      return [];
    }
  };
  await waitFor(() => names().length > 0, 10_000);
  return readFileSync(join(dir, names().at(-1)!), 'utf8');
}

async function activateOnWeb(run: string, code: string): Promise<number> {
  const form = new URLSearchParams({
    run,
    code,
    email: 'persona.web@example.cl',
    phone: '+56 9 8765 4321',
    password: 'una frase sintética larga 2026',
  }).toString();
  const result = await httpsCall(sandbox.server, {
    method: 'POST',
    path: '/activar',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    tls: { ca: sandbox.server.pki.ca.pem },
  });
  return result.status;
}

/** 'active' once central holds an account for the person. */
function accountStatus(run: string): string | undefined {
  const row = sandbox.db.prepare('SELECT a.channel FROM accounts a JOIN persons p ON p.id = a.person_id WHERE p.run = ?').get(run.replace(/\./g, ''));
  return row === undefined ? undefined : 'active';
}

describe('Civil Digital', () => {
  it('a citizen gets a printed activation code, which activates the account on the web', async () => {
    const k = await kiosk('civil-digital');
    const citizen = citizenWith('ok', 0);
    await toCardStep(k);
    await presentCardAndFinger(k, citizen.run.formatted);
    const done = await k.waitForStep('code-printed');
    expect(done.activationCode?.display).toBeNull();
    expect(done.citizen).toEqual({ firstName: expect.any(String), runMasked: expect.stringMatching(/\*\*\*-[0-9K]$/) });
    const code = /([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})/.exec(await lastReceipt(k))?.[1];
    expect(code).toBeDefined();
    expect(await activateOnWeb(citizen.run.formatted, code!)).toBe(201);
    await k.send({ type: 'finish' });
    expect(k.snapshots.at(-1)).toMatchObject({ step: 'idle', citizen: null, language: 'es-CL' });
  }, 60_000);

  it('tells its host after each outbox record it delivers (the idle collection rests again from then)', async () => {
    let told = 0;
    const k = await startKioskService(sandbox, 'civil-digital', {}, { onBackgroundWork: () => void (told += 1) });
    kiosks.push(k);
    const citizen = citizenWith('ok', 2);
    await toCardStep(k);
    await presentCardAndFinger(k, citizen.run.formatted);
    await k.waitForStep('code-printed');
    await k.send({ type: 'finish' });
    // The session's audit records gather for a moment, then go as a run; each delivered record is told.
    await waitFor(() => told > 0 && pendingRecords(k.config.dataDir) === 0, 15_000);
    expect(told).toBe(deliveredAudit(k));
  });

  it('a printer out of paper shows the code on screen instead, and that code works', async () => {
    const k = await kiosk('civil-digital');
    const citizen = citizenWith('ok', 1);
    await k.command('dev.printerFault', { fault: 'paperOut', on: true });
    await toCardStep(k);
    await presentCardAndFinger(k, citizen.run.formatted);
    const shown = await k.waitForStep('code-on-screen');
    expect(shown.error?.code).toBe('printer.paper_out');
    expect(shown.activationCode?.display).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(await activateOnWeb(citizen.run.formatted, shown.activationCode!.display!)).toBe(201);
  }, 60_000);

  it('with central going offline during the session, says plainly that no code can be issued now', async () => {
    const k = await kiosk('civil-digital');
    await toCardStep(k);
    await k.command('dev.centralOutage', { on: true });
    await presentCardAndFinger(k, citizenWith('ok', 2).run.formatted);
    expect(await k.waitForStep('failed')).toMatchObject({ failure: 'central_unavailable' });
  }, 60_000);
});

describe('ChileAtiende', () => {
  async function throughContact(k: KioskUnderTest, email: string): Promise<void> {
    await k.waitForStep('email');
    await k.send({ type: 'email.submit', email, confirmation: email });
    await k.send({ type: 'phone.submit', phone: '9 1234 5678' });
  }

  it('activates in one step with a typed password', async () => {
    const k = await kiosk('chileatiende');
    const citizen = citizenWith('ok', 3);
    await toCardStep(k, 'en');
    await presentCardAndFinger(k, citizen.run.formatted);
    await throughContact(k, 'typed.sintetico@example.cl');
    const review = await k.send({ type: 'password.submit', password: 'una frase sintética bastante larga' });
    expect(review).toMatchObject({ step: 'review', contact: { email: 't***@example.cl', passwordMethod: 'typed' } });
    await k.send({ type: 'review.confirm' });
    await k.waitForStep('activated');
    expect(accountStatus(citizen.run.formatted)).toBe('active');
  }, 60_000);

  it('a password central refuses comes back to the password step with the broken rules', async () => {
    const k = await kiosk('chileatiende');
    await toCardStep(k);
    await presentCardAndFinger(k, citizenWith('ok', 4).run.formatted);
    await throughContact(k, 'weak.sintetico@example.cl');
    await k.send({ type: 'password.submit', password: 'password' });
    await k.send({ type: 'review.confirm' });
    const back = await k.waitForStep('password');
    expect(back.error?.code).toBe('session.password_rejected');
    expect(back.passwordFailedRules?.length).toBeGreaterThan(0);
  }, 60_000);

  it('activates with a password generated and sent by SMS to the sandbox mailbox', async () => {
    const k = await kiosk('chileatiende');
    const citizen = citizenWith('ok', 5);
    await toCardStep(k);
    await presentCardAndFinger(k, citizen.run.formatted);
    await throughContact(k, 'sms.sintetico@example.cl');
    await k.send({ type: 'password.generate', channel: 'sms' });
    await k.send({ type: 'review.confirm' });
    await k.waitForStep('activated');
    const mailbox = await httpsCall(sandbox.server, { path: '/dev/mailbox?recipient=%2B56912345678&channel=sms', tls: { ca: sandbox.server.pki.ca.pem } });
    expect((mailbox.json as { messages: { kind: string }[] }).messages.map((m) => m.kind)).toContain('generated_password');
  }, 60_000);

  it('offline: takes a deferred enrollment sealed in the outbox, which central processes once it is back', async () => {
    const k = await kiosk('chileatiende');
    const citizen = citizenWith('ok', 6);
    await k.command('dev.centralOutage', { on: true });
    await toCardStep(k);
    await presentCardAndFinger(k, citizen.run.formatted);
    await k.waitForStep('deferred-offer');
    await k.send({ type: 'deferred.accept' });
    await throughContact(k, 'diferido.sintetico@example.cl');
    const typed = await k.send({ type: 'password.submit', password: 'no se guarda en el disco' });
    expect(typed.error?.code).toBe('session.password_typed_offline');
    await k.send({ type: 'password.generate', channel: 'email' });
    await k.send({ type: 'review.confirm' });
    expect(await k.waitForStep('deferred')).toMatchObject({ deferred: true });
    expect(accountStatus(citizen.run.formatted)).toBeUndefined();
    await k.command('dev.centralOutage', { on: false });
    await waitFor(() => accountStatus(citizen.run.formatted) === 'active', 30_000);
  }, 90_000);
});

describe('failure steps', () => {
  const failure = async (mode: 'civil-digital' | 'chileatiende', run: string, expected: SessionSnapshot['failure']) => {
    const k = await kiosk(mode);
    await toCardStep(k);
    await k.command('dev.insertCard', { run, format: 'both' });
    const next = await Promise.race([
      k.waitForStep('failed'),
      k.waitForStep('finger').then(async () => {
        await k.command('dev.placeFinger', { run });
        return k.waitForStep('failed');
      }),
    ]);
    expect(next.failure).toBe(expected);
  };

  it('an expired card', () => failure('civil-digital', citizenWith('card_expired', 0).run.formatted, 'card_expired'), 60_000);
  it('a blocked card', () => failure('civil-digital', citizenWith('card_blocked', 0).run.formatted, 'card_blocked'), 60_000);
  it('a person under age', () => failure('chileatiende', citizenWith('under_age', 0).run.formatted, 'under_age'), 60_000);
  it('a person who already has an account', () => failure('chileatiende', citizenWith('has_account', 0).run.formatted, 'already_enrolled'), 60_000);

  it('no match asks again with attempts left; three mismatches lock, with a lockout record', async () => {
    const k = await kiosk('civil-digital');
    const citizen = citizenWith('ok', 7);
    const stranger = citizenWith('ok', 8);
    await toCardStep(k);
    await presentCardAndFinger(k, citizen.run.formatted, { run: stranger.run.formatted });
    const retry = await waitForSnapshot(k, (s) => s.step === 'finger' && s.error?.code === 'session.no_match');
    expect(retry.finger?.attemptsLeft).toBe(2);
    for (let i = 0; i < 2; i++) {
      await k.command('dev.liftFinger');
      await k.command('dev.placeFinger', { run: stranger.run.formatted });
      if (i === 0) await waitForSnapshot(k, (s) => s.finger?.attemptsLeft === 1);
    }
    expect(await k.waitForStep('failed')).toMatchObject({ failure: 'locked' });
    await waitFor(() => auditTypes(k.config.kioskId, citizen.run.formatted.replace(/\./g, '')).includes('lockout'), 30_000);
  }, 60_000);

  it('a finger too poor to read, again and again, ends as unreadable', async () => {
    const k = await kiosk('civil-digital');
    await toCardStep(k);
    await presentCardAndFinger(k, citizenWith('ok', 9).run.formatted, { quality: 5 });
    expect(await k.waitForStep('failed', 40_000)).toMatchObject({ failure: 'finger_unreadable' });
  }, 60_000);

  it('a reader unplugged during the finger step is a device failure', async () => {
    const k = await kiosk('civil-digital');
    await toCardStep(k);
    await k.command('dev.insertCard', { run: citizenWith('ok', 10).run.formatted, format: 'both' });
    await k.waitForStep('finger');
    await k.command('dev.unplug', { role: 'fingerprint' });
    expect(await k.waitForStep('failed')).toMatchObject({ failure: 'device_failure' });
  }, 60_000);
});

describe('what stays behind', () => {
  it('audit records reach central with the subject sealed in transit; the kiosk keeps no personal data in clear', async () => {
    const k = await kiosk('chileatiende');
    const citizen = citizenWith('ok', 11);
    await toCardStep(k);
    await presentCardAndFinger(k, citizen.run.formatted);
    await k.waitForStep('email');
    await k.send({ type: 'email.submit', email: 'rastro.sintetico@example.cl', confirmation: 'rastro.sintetico@example.cl' });
    await k.send({ type: 'phone.submit', phone: '9 5555 4321' });
    await k.send({ type: 'password.submit', password: 'frase sintética de auditoría' });
    await k.send({ type: 'review.confirm' });
    await k.waitForStep('activated');
    await k.send({ type: 'finish' });
    const canonical = citizen.run.formatted.replace(/\./g, '');
    await waitFor(() => auditTypes(k.config.kioskId, canonical).includes('session.ended'), 30_000);
    expect(auditTypes(k.config.kioskId, canonical)).toEqual(expect.arrayContaining(['card.read', 'verification', 'activation', 'session.ended']));

    await k.close();
    kiosks.splice(kiosks.indexOf(k), 1);
    const files = [kioskDatabasePath(k.config.dataDir), `${kioskDatabasePath(k.config.dataDir)}-wal`].filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
    const stored = files.map((f) => readFileSync(f).toString('latin1')).join('') + k.logLines.join('');
    const digits = citizen.run.formatted.replace(/[.-]/g, '');
    for (const secret of [citizen.run.formatted, canonical, digits, 'rastro.sintetico', '955554321', '5555 4321', 'frase sintética', citizen.givenNames[0]!]) {
      expect(stored.includes(secret), secret).toBe(false);
    }
  }, 90_000);
});

/** Audit records central holds from this kiosk: one per outbox row delivered (a run carries several rows). */
function deliveredAudit(k: KioskUnderTest): number {
  return (sandbox.db.prepare('SELECT count(*) AS n FROM kiosk_audit_events WHERE kiosk_id = ?').get(k.config.kioskId) as { n: number }).n;
}

function auditTypes(kioskId: string, run: string): string[] {
  return (sandbox.db.prepare('SELECT type FROM kiosk_audit_events WHERE kiosk_id = ? AND run = ? ORDER BY id').all(kioskId, run) as { type: string }[]).map(
    (r) => r.type,
  );
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForSnapshot(k: KioskUnderTest, predicate: (s: SessionSnapshot) => boolean, timeoutMs = 20_000): Promise<SessionSnapshot> {
  let found: SessionSnapshot | undefined;
  await waitFor(() => (found = k.snapshots.findLast(predicate)) !== undefined, timeoutMs);
  return found!;
}
