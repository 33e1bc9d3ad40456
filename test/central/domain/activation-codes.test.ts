import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIVATION_CODE_ALPHABET, DAY_MS, MINUTE_MS } from '../../../central/domain/index.ts';
import { citizenWith, FINGERPRINT_WORK_TIMEOUT_MS, type Harness, harness, removeTempDirs, verifiedToken } from './support.ts';

vi.setConfig({ testTimeout: FINGERPRINT_WORK_TIMEOUT_MS });

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => h.close());
afterAll(removeTempDirs);

const ok = citizenWith('ok');
const run = ok.run.formatted;
const canonicalRun = `${ok.run.number}-${ok.run.checkDigit}`;
const activation = (code: string, extra: object = {}) => ({
  run,
  code,
  email: 'persona.sintetica@example.cl',
  phone: '+56 9 8765 4321',
  password: 'lluvia en el desierto florido',
  clientId: 'web:203.0.113.9',
  ...extra,
});
const codeOf = (outcome: { ok: boolean; error?: { code: string } }) => (outcome.ok ? 'ok' : outcome.error!.code);

async function issue(kioskId = 'kiosk-01'): Promise<string> {
  const token = await verifiedToken(h, ok, kioskId);
  const outcome = await h.domain.issueActivationCode({ kioskId, verificationToken: token });
  if (!outcome.ok) throw outcome.error;
  return outcome.value.activationCode;
}

describe('activation codes', () => {
  it('issues a 12-character code in the unambiguous alphabet, grouped for display, valid 24 h', async () => {
    const token = await verifiedToken(h, ok);
    const outcome = await h.domain.issueActivationCode({ kioskId: 'kiosk-01', verificationToken: token, run });
    expect(outcome).toMatchObject({ ok: true, status: 201 });
    if (!outcome.ok) return;
    const { activationCode, display, expiresAt } = outcome.value;
    expect(activationCode).toMatch(new RegExp(`^[${ACTIVATION_CODE_ALPHABET}]{12}$`));
    expect(activationCode).not.toMatch(/[01OIL]/);
    expect(display).toBe(activationCode.match(/.{4}/g)!.join('-'));
    expect(Date.parse(expiresAt) - h.clock.now).toBe(DAY_MS);
    // Stored only as an HMAC.
    const stored = h.domain.context.db.prepare('SELECT code_hash FROM activation_codes').all() as { code_hash: Buffer }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.code_hash.toString('latin1')).not.toContain(activationCode);
  });

  it('needs a live token from the same kiosk, and uses it up', async () => {
    const token = await verifiedToken(h, ok);
    expect(codeOf(await h.domain.issueActivationCode({ kioskId: 'kiosk-02', verificationToken: token }))).toBe('verification_token_invalid');
    expect(codeOf(await h.domain.issueActivationCode({ kioskId: 'kiosk-01', verificationToken: token, run: citizenWith('ok', 1).run.formatted }))).toBe(
      'verification_token_invalid',
    );
    expect(codeOf(await h.domain.issueActivationCode({ kioskId: 'kiosk-01', verificationToken: token }))).toBe('ok');
    expect(codeOf(await h.domain.issueActivationCode({ kioskId: 'kiosk-01', verificationToken: token }))).toBe('verification_token_invalid');
    const late = await verifiedToken(h, ok);
    h.clock.advance(10 * MINUTE_MS);
    expect(codeOf(await h.domain.issueActivationCode({ kioskId: 'kiosk-01', verificationToken: late }))).toBe('verification_token_expired');
  });

  it('activates once: the account exists, the code is used, a replay is refused as used', async () => {
    const code = await issue();
    const typed = code.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect(await h.domain.activateWithCode(activation(typed))).toEqual({
      ok: true,
      status: 201,
      value: { status: 'active', email: 'persona.sintetica@example.cl', phone: '+56987654321' },
    });
    expect(h.domain.context.registry.accountCount()).toBe(1);
    expect(codeOf(await h.domain.activateWithCode(activation(code)))).toBe('activation_code_used');
    expect(h.domain.messages({ recipient: 'persona.sintetica@example.cl' }).map((m) => m.kind)).toEqual(['account_activated']);
    expect(h.domain.auditEvents({ event: 'activation' }).map((r) => r.outcome)).toEqual(['activation_code_used', 'ok']);
    const log = h.logLines.join('\n');
    for (const secret of [code, String(ok.run.number), 'lluvia', 'persona.sintetica']) expect(log).not.toContain(secret);
  });

  it('refuses an expired code as expired, and a superseded one too', async () => {
    const first = await issue();
    const second = await issue();
    expect(codeOf(await h.domain.activateWithCode(activation(first)))).toBe('activation_code_expired');
    h.clock.advance(DAY_MS);
    expect(codeOf(await h.domain.activateWithCode(activation(second)))).toBe('activation_code_expired');
    expect(h.domain.context.registry.accountCount()).toBe(0);
  });

  it('refuses a wrong code, and the same answer for a RUN nobody holds', async () => {
    await issue();
    expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD')))).toBe('activation_code_wrong');
    expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD', { run: '11.111.111-1' })))).toBe('activation_code_wrong');
    expect(codeOf(await h.domain.activateWithCode(activation('0000-0000-0000')))).toBe('invalid_input');
  });

  it('never lets wrong codes for a RUN block its right code: fifty wrong codes from fifty clients, then the citizen activates', async () => {
    const code = await issue();
    for (let i = 0; i < 50; i++) {
      expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD', { clientId: `web:198.51.100.${i}` })))).toBe('activation_code_wrong');
    }
    expect(codeOf(await h.domain.activateWithCode(activation(code)))).toBe('ok');
  });

  it('audits every wrong code with its RUN, and raises one alert for a RUN when its wrong codes reach 10 in 24 h', async () => {
    await issue();
    for (let i = 0; i < 12; i++) await h.domain.activateWithCode(activation('2345-6789-ABCD', { clientId: `web:198.51.100.${i}` }));
    const wrong = h.domain.auditEvents({ event: 'activation', run: canonicalRun }).filter((row) => row.outcome === 'activation_code_wrong');
    expect(wrong).toHaveLength(12);
    expect(new Set(wrong.map((row) => row.detail?.clientId)).size).toBe(12);
    const alerts = h.domain.auditEvents({ event: 'activation_code_guessing' });
    expect(alerts).toEqual([expect.objectContaining({ run: canonicalRun, outcome: 'alert', detail: { failures: 10, windowHours: 24 } })]);
    expect(h.logLines.join('\n')).not.toContain(String(ok.run.number));
  });

  it('throttles one client after 5 wrong codes with delays that double from 30 s up to 1 h, each a 429 with the wait', async () => {
    const code = await issue();
    const attacker = { clientId: 'web:203.0.113.66' };
    for (let i = 0; i < 5; i++) expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD', attacker)))).toBe('activation_code_wrong');
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const limited = await h.domain.activateWithCode(activation('2345-6789-ABCD', attacker));
      expect(limited.ok ? null : limited.error.toProblem()).toMatchObject({ code: 'rate_limited', status: 429 });
      const wait = limited.ok ? 0 : Number(limited.error.extensions.retryAfterSeconds);
      waits.push(wait);
      h.clock.advance(wait * 1000 - 1);
      expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD', attacker)))).toBe('rate_limited');
      h.clock.advance(1);
      expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD', attacker)))).toBe('activation_code_wrong');
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    // A throttled client waits even with the right code (else the throttle would not slow guessing); other clients do not.
    expect(codeOf(await h.domain.activateWithCode(activation(code, attacker)))).toBe('rate_limited');
    expect(codeOf(await h.domain.activateWithCode(activation(code)))).toBe('ok');
  });

  it("forgets a client's wrong codes after 24 h", async () => {
    const attacker = { clientId: 'web:203.0.113.67' };
    for (let i = 0; i < 5; i++) await h.domain.activateWithCode(activation('2345-6789-ABCD', attacker));
    expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD', attacker)))).toBe('rate_limited');
    h.clock.advance(DAY_MS);
    for (let i = 0; i < 5; i++) expect(codeOf(await h.domain.activateWithCode(activation('2345-6789-ABCD', attacker)))).toBe('activation_code_wrong');
  });

  it('refuses a password that breaks the rules without using the code up', async () => {
    const code = await issue();
    const outcome = await h.domain.activateWithCode(activation(code, { password: `${ok.surnames[0]}-${ok.run.number}` }));
    expect(outcome.ok ? null : outcome.error.toProblem()).toMatchObject({ code: 'password_rejected', status: 422, failedRules: ['no_run', 'no_names'] });
    expect(codeOf(await h.domain.activateWithCode(activation(code)))).toBe('ok');
  });

  it('refuses invalid e-mail addresses and phone numbers by field', async () => {
    const code = await issue();
    const field = async (extra: object) => {
      const outcome = await h.domain.activateWithCode(activation(code, extra));
      return outcome.ok ? null : outcome.error.extensions.field;
    };
    expect(await field({ email: 'not-an-address' })).toBe('email');
    expect(await field({ phone: '+56 2 2345 6789' })).toBe('phone'); // a Santiago landline
    expect(await field({ phone: '+54 9 11 2345 6789' })).toBe('phone');
  });
});
