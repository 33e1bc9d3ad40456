import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verifiedToken } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const codeOf = (outcome: { ok: boolean; error?: { code: string } }) => (outcome.ok ? 'ok' : outcome.error!.code);
const request = (token: string, extra: object) => ({
  kioskId: 'kiosk-01',
  verificationToken: token,
  email: 'Sintetica@Example.CL',
  phone: '987654321',
  ...extra,
});

describe('one-step activation (ChileAtiende)', () => {
  it('activates with a typed password, stores only its Argon2id hash, and uses the token up', async () => {
    const token = await verifiedToken(h, ok);
    const outcome = await h.domain.activateOneStep(request(token, { password: 'cinco lobitos tiene la loba' }));
    expect(outcome).toEqual({ ok: true, status: 201, value: { status: 'active', email: 'Sintetica@example.cl', phone: '+56987654321' } });
    const account = h.domain.context.db.prepare('SELECT * FROM accounts').get() as { password_hash: string; channel: string; kiosk_id: string };
    expect(account).toMatchObject({ channel: 'one-step', kiosk_id: 'kiosk-01' });
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    expect(await h.domain.context.hasher.verify(account.password_hash, 'cinco lobitos tiene la loba')).toBe(true);
    expect(codeOf(await h.domain.activateOneStep(request(token, { password: 'cinco lobitos tiene la loba' })))).toBe('verification_token_invalid');
    expect(h.domain.messages().map((m) => m.kind)).toEqual(['account_activated']);
    expect(h.domain.messages()[0]!.body).not.toContain('lobitos');
    expect(h.logLines.join('\n')).not.toContain('lobitos');
  });

  it.each(['email', 'sms'] as const)('generates a strong password and delivers it by %s through the mailbox', async (channel) => {
    const token = await verifiedToken(h, ok);
    const outcome = await h.domain.activateOneStep(request(token, { generate: channel }));
    expect(outcome).toMatchObject({ ok: true, value: { passwordSentBy: channel } });
    const recipient = channel === 'email' ? 'Sintetica@example.cl' : '+56987654321';
    const delivery = h.domain.messages({ recipient, channel }).find((m) => m.kind === 'generated_password');
    expect(delivery).toMatchObject({ kind: 'generated_password', channel, recipient });
    // Four groups of five, lower case and digits without look-alikes, easy to type on a phone.
    const password = /: ([a-hjkmnp-z2-9]{5}(?:-[a-hjkmnp-z2-9]{5}){3})\b/.exec(delivery!.body)![1]!;
    const { password_hash } = h.domain.context.db.prepare('SELECT password_hash FROM accounts').get() as { password_hash: string };
    expect(await h.domain.context.hasher.verify(password_hash, password)).toBe(true);
    expect(h.logLines.join('\n')).not.toContain(password);
  });

  it.each([
    ['es-CL', 'Tu contraseña de ClaveÚnica', 'Cámbiala', 'Tu ClaveÚnica quedó activa.'],
    ['en', 'Your ClaveÚnica password', 'Change it', 'Your ClaveÚnica is now active.'],
    ['ht', 'Modpas ClaveÚnica ou', 'Chanje l', 'ClaveÚnica ou aktive kounye a.'],
  ] as const)(
    'writes to the citizen in the language of the session (%s), with the advice to change the password',
    async (language, subject, advice, notice) => {
      const token = await verifiedToken(h, ok);
      expect(codeOf(await h.domain.activateOneStep(request(token, { generate: 'email', language })))).toBe('ok');
      const [delivery, activated] = [
        h.domain.messages().find((m) => m.kind === 'generated_password')!,
        h.domain.messages().find((m) => m.kind === 'account_activated')!,
      ];
      expect(delivery.subject).toBe(subject);
      expect(delivery.body).toContain(advice);
      expect(activated.body.startsWith(notice)).toBe(true);
    },
  );

  it('writes in Spanish when the request names no language, and refuses one it does not know', async () => {
    const token = await verifiedToken(h, ok);
    expect(codeOf(await h.domain.activateOneStep(request(token, { generate: 'sms', language: 'fr' })))).toBe('invalid_input');
    expect(codeOf(await h.domain.activateOneStep(request(token, { generate: 'sms' })))).toBe('ok');
    expect(h.domain.messages().find((m) => m.kind === 'generated_password')!.body).toMatch(/^ClaveUnica activa\. Tu contraseña: /);
  });

  it('wants exactly one of a password and generate', async () => {
    const token = await verifiedToken(h, ok);
    expect(codeOf(await h.domain.activateOneStep(request(token, {})))).toBe('invalid_input');
    expect(codeOf(await h.domain.activateOneStep(request(token, { password: 'cinco lobitos tiene la loba', generate: 'sms' })))).toBe('invalid_input');
    expect(codeOf(await h.domain.activateOneStep(request(token, { generate: 'fax' })))).toBe('invalid_input');
  });

  it('refuses a weak password and keeps the token for the next try', async () => {
    const token = await verifiedToken(h, ok);
    const weak = await h.domain.activateOneStep(request(token, { password: 'qwertyuiop' }));
    expect(weak.ok ? null : weak.error.toProblem()).toMatchObject({ code: 'password_rejected', failedRules: ['not_common'] });
    expect(codeOf(await h.domain.activateOneStep(request(token, { password: 'cinco lobitos tiene la loba' })))).toBe('ok');
  });

  it('refuses an expired token, and a person who activated meanwhile', async () => {
    const token = await verifiedToken(h, ok);
    const second = await verifiedToken(h, ok, 'kiosk-02');
    h.clock.advance(9 * 60_000);
    expect(codeOf(await h.domain.activateOneStep(request(token, { generate: 'sms' })))).toBe('ok');
    expect(codeOf(await h.domain.activateOneStep({ ...request(second, { generate: 'sms' }), kioskId: 'kiosk-02' }))).toBe('already_has_account');
    h.clock.advance(2 * 60_000);
    const other = citizenWith('ok', 1);
    const late = await verifiedToken(h, other);
    h.clock.advance(11 * 60_000);
    expect(codeOf(await h.domain.activateOneStep(request(late, { generate: 'sms' })))).toBe('verification_token_expired');
    expect(h.domain.context.registry.accountCount()).toBe(1);
  });
});
