/**
 * The sign-in rules (domain/sign-in.ts) with a clock the test moves: counts
 * by account and by address, the challenge from the 3rd failure, the 24 h
 * lock at the 5th, unlock codes and their expiry, and what is audited.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../central/domain/clock.ts';
import { SignIn, type SignInAttempt } from '../../../central/domain/sign-in.ts';
import { solveChallenge } from '../../../central/domain/sign-in-challenge.ts';
import { cheapHasher, type Harness, harness, removeTempDirs } from '../domain/support.ts';

const PASSWORD = 'cinco lobitos tiene la loba';
let h: Harness;
let signIn: SignIn;
let run: string;
let email: string;

beforeEach(async () => {
  h = harness();
  signIn = new SignIn(h.domain.context, { challengeBits: 8 });
  const person = h.domain.context.db.prepare<[], { id: number; run: string }>('SELECT id, run FROM persons WHERE has_account = 0 ORDER BY id LIMIT 1').get()!;
  run = person.run;
  email = `persona${person.id}@example.cl`;
  h.domain.context.registry.createAccount(
    { personId: person.id, email, phone: '+56987654321', passwordHash: await cheapHasher.hash(PASSWORD), channel: 'one-step', kioskId: null },
    h.clock.now,
  );
});
afterEach(() => h.close());
afterAll(removeTempDirs);

const attempt = (extra: Partial<SignInAttempt> = {}) =>
  signIn.attempt({ run, password: 'wrong password here', address: 'web:192.0.2.1', clientId: 'rp-1', language: 'es-CL', interactionUid: 'uid-1', ...extra });
const solved = () => {
  const token = signIn.newChallenge();
  return { token, nonce: solveChallenge(token) };
};
const outcomes = () =>
  h.domain
    .auditEvents({ event: 'sign_in', limit: 100 })
    .map((r) => r.outcome)
    .reverse();
const unlockCode = () => /: ([0-9]{8})\n/.exec(h.domain.messages({ recipient: email })[0]!.body)![1]!;

describe('sign-in rules', () => {
  it('signs in with the right password and clears the failures of the account', async () => {
    await attempt();
    await attempt();
    expect(await attempt({ password: PASSWORD })).toMatchObject({ kind: 'success' });
    // Two failures were forgotten: from a fresh address, the next two need no challenge.
    expect(await attempt({ address: 'web:192.0.2.2' })).toEqual({ kind: 'failed', challengeRequired: false });
    expect(outcomes()).toEqual(['bad_password', 'bad_password', 'success', 'bad_password']);
  });

  it('asks for a challenge from the 3rd failure of an account, from any address, before checking the password', async () => {
    for (let i = 1; i <= 3; i += 1) await attempt({ address: `web:192.0.2.${i}` });
    expect(await attempt({ address: 'web:198.51.100.7', password: PASSWORD })).toEqual({ kind: 'challenge_required' });
    expect(await attempt({ address: 'web:198.51.100.7', password: PASSWORD, challenge: { token: signIn.newChallenge(), nonce: '0' } })).toEqual({
      kind: 'challenge_required',
    });
    expect(await attempt({ address: 'web:198.51.100.7', password: PASSWORD, challenge: solved() })).toMatchObject({ kind: 'success' });
    expect(outcomes().slice(-3)).toEqual(['challenge_required', 'challenge_failed', 'success']);
  });

  it('owes a challenge to an address after 3 failures on any RUNs, and forgets it after an hour', async () => {
    for (const r of ['11.111.111-1', '22.222.222-2', run]) await attempt({ run: r });
    expect(signIn.challengeOwed('web:192.0.2.1')).toBe(true);
    expect(signIn.challengeOwed('web:192.0.2.9')).toBe(false);
    h.clock.advance(HOUR_MS + 1);
    expect(signIn.challengeOwed('web:192.0.2.1')).toBe(false);
  });

  it('accepts a solved challenge once, and not after it expired', async () => {
    for (let i = 0; i < 3; i += 1) await attempt();
    const challenge = solved();
    expect(await attempt({ challenge })).toEqual({ kind: 'failed', challengeRequired: true });
    expect(await attempt({ challenge, password: PASSWORD })).toEqual({ kind: 'challenge_required' });
    const late = solved();
    h.clock.advance(10 * MINUTE_MS);
    expect(await attempt({ challenge: late, password: PASSWORD })).toEqual({ kind: 'challenge_required' });
  });

  it('locks the account at the 5th failure for 24 h, refusing even the right password, and e-mails an unlock code', async () => {
    for (let i = 0; i < 4; i += 1) await attempt({ challenge: solved() });
    const locked = await attempt({ challenge: solved() });
    expect(locked).toEqual({ kind: 'locked', liftsAt: h.clock.now + DAY_MS });
    expect(await attempt({ password: PASSWORD, challenge: solved() })).toMatchObject({ kind: 'locked' });
    expect(h.domain.messages({ recipient: email })[0]).toMatchObject({ kind: 'sign_in_unlock_code', subject: 'Código para desbloquear tu ClaveÚnica' });
    h.clock.advance(DAY_MS - 1);
    expect(await attempt({ password: PASSWORD, challenge: solved() })).toMatchObject({ kind: 'locked' });
    h.clock.advance(1);
    expect(await attempt({ password: PASSWORD, challenge: solved() })).toMatchObject({ kind: 'success' });
  });

  it('unlocks with the e-mailed code within 15 minutes; a wrong or late code does not', async () => {
    for (let i = 0; i < 5; i += 1) await attempt({ challenge: i >= 3 ? solved() : undefined });
    const code = unlockCode();
    const wrong = code === '00000000' ? '11111111' : '00000000';
    expect(signIn.unlockWithCode(run, wrong, 'rp-1', 'web:192.0.2.1')).toEqual({ kind: 'wrong' });
    expect(signIn.unlockWithCode(run, code, 'rp-1', 'web:192.0.2.1')).toEqual({ kind: 'unlocked' });
    expect(await attempt({ password: PASSWORD, challenge: solved() })).toMatchObject({ kind: 'success' });

    for (let i = 0; i < 5; i += 1) await attempt({ challenge: solved() });
    const second = unlockCode();
    h.clock.advance(15 * MINUTE_MS);
    expect(signIn.unlockWithCode(run, second, 'rp-1', 'web:192.0.2.1')).toEqual({ kind: 'expired' });
    signIn.requestUnlockCode(run, 'rp-1', 'web:192.0.2.1', 'en');
    expect(h.domain.messages({ recipient: email })[0]!.subject).toBe('Code to unlock your ClaveÚnica');
    expect(signIn.unlockWithCode(run, unlockCode(), 'rp-1', 'web:192.0.2.1')).toEqual({ kind: 'unlocked' });
    expect(outcomes()).toEqual(expect.arrayContaining(['locked', 'unlock_code_wrong', 'unlocked', 'unlock_code_expired', 'unlock_code_sent']));
  });

  it('gives up on a code after 5 wrong tries', async () => {
    for (let i = 0; i < 5; i += 1) await attempt({ challenge: i >= 3 ? solved() : undefined });
    const code = unlockCode();
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 5; i += 1) expect(signIn.unlockWithCode(run, wrong, 'rp-1', 'web:192.0.2.1')).toEqual({ kind: 'wrong' });
    expect(signIn.unlockWithCode(run, code, 'rp-1', 'web:192.0.2.1')).toEqual({ kind: 'wrong' });
  });

  it('sends no code for a RUN that is not locked', () => {
    signIn.requestUnlockCode(run, 'rp-1', 'web:192.0.2.1', 'es-CL');
    expect(h.domain.messages({ recipient: email })).toEqual([]);
  });

  it('refuses an address after 30 failures within the hour, whatever the account', async () => {
    const limited = new SignIn(h.domain.context, { challengeAfter: 100, addressLimit: 30 });
    const from = { address: 'web:203.0.113.5', clientId: 'rp-1', language: 'es-CL' as const, interactionUid: 'uid-2' };
    for (let i = 0; i < 30; i += 1) await limited.attempt({ ...from, run: '11.111.111-1', password: 'x' });
    expect(await limited.attempt({ ...from, run, password: PASSWORD })).toMatchObject({ kind: 'rate_limited' });
    h.clock.advance(HOUR_MS);
    expect(await limited.attempt({ ...from, run, password: PASSWORD })).toMatchObject({ kind: 'success' });
  });

  it('audits with UTC time and client id, never the RUN, the password or the address', async () => {
    await attempt();
    await attempt({ run: '11.111.111-1' });
    await attempt({ password: PASSWORD });
    const rows = h.domain.auditEvents({ event: 'sign_in' });
    expect(rows.map((r) => r.outcome).sort()).toEqual(['bad_password', 'success', 'unknown_run']);
    for (const row of rows) {
      expect(row.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(row.run).toBeNull();
      expect(row.detail).toMatchObject({ clientId: 'rp-1', runRef: expect.stringMatching(/^[0-9a-f]{10}$/) });
    }
    const traces = JSON.stringify(rows) + h.logLines.join('\n');
    for (const secret of [run, run.split('-')[0]!, '11111111', PASSWORD, 'wrong password', '192.0.2.1']) expect(traces).not.toContain(secret);
  });

  it('with the second factor on, asks for the e-mailed code bound to the interaction before signing in', async () => {
    expect(signIn.setSecondFactor(run, true)).toBe(true);
    expect(await attempt({ password: PASSWORD, interactionUid: 'uid-a' })).toEqual({ kind: 'second_factor', emailHint: `p•••••@example.cl` });
    const message = h.domain.messages({ recipient: email })[0]!;
    expect(message).toMatchObject({ kind: 'sign_in_second_factor', subject: 'Tu código para ingresar con ClaveÚnica' });
    const code = /: ([0-9]{6})\n/.exec(message.body)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    expect(signIn.verifySecondFactor('uid-a', wrong, 'rp-1', 'web:192.0.2.1', 'es-CL')).toEqual({ kind: 'wrong' });
    expect(signIn.verifySecondFactor('uid-b', code, 'rp-1', 'web:192.0.2.1', 'es-CL')).toEqual({ kind: 'expired' });
    expect(signIn.verifySecondFactor('uid-a', code, 'rp-1', 'web:192.0.2.1', 'es-CL')).toMatchObject({ kind: 'success' });
    expect(signIn.verifySecondFactor('uid-a', code, 'rp-1', 'web:192.0.2.1', 'es-CL')).toEqual({ kind: 'expired' });

    await attempt({ password: PASSWORD, interactionUid: 'uid-c' });
    const late = /: ([0-9]{6})\n/.exec(h.domain.messages({ recipient: email })[0]!.body)![1]!;
    h.clock.advance(10 * MINUTE_MS);
    expect(signIn.verifySecondFactor('uid-c', late, 'rp-1', 'web:192.0.2.1', 'es-CL')).toEqual({ kind: 'expired' });
    expect(outcomes()).toEqual(['second_factor_sent', 'second_factor_wrong', 'success', 'second_factor_sent', 'second_factor_expired']);

    expect(signIn.setSecondFactor(run, false)).toBe(true);
    expect(await attempt({ password: PASSWORD })).toMatchObject({ kind: 'success' });
    expect(signIn.setSecondFactor('11.111.111-1', true)).toBe(false);
  });

  it('counts wrong second-factor codes towards the lock', async () => {
    signIn.setSecondFactor(run, true);
    await attempt({ password: PASSWORD, interactionUid: 'uid-a' });
    const code = /: ([0-9]{6})\n/.exec(h.domain.messages({ recipient: email })[0]!.body)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i += 1) expect(signIn.verifySecondFactor('uid-a', wrong, 'rp-1', `web:192.0.2.${i}`, 'es-CL')).toEqual({ kind: 'wrong' });
    expect(signIn.verifySecondFactor('uid-a', wrong, 'rp-1', 'web:192.0.2.9', 'es-CL')).toMatchObject({ kind: 'locked' });
    expect(h.domain.messages({ recipient: email })[0]!.kind).toBe('sign_in_unlock_code');
  });

  it('purges what has lapsed', async () => {
    for (let i = 0; i < 5; i += 1) await attempt({ challenge: i >= 3 ? solved() : undefined });
    h.clock.advance(DAY_MS + 1);
    expect(signIn.purge(h.clock.now)).toBeGreaterThanOrEqual(7);
    expect(h.domain.context.db.prepare('SELECT count(*) AS n FROM sign_in_failures').get()).toEqual({ n: 0 });
  });
});
