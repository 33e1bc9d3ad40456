/**
 * The sign-in rules as a browser without JavaScript meets them over HTTPS:
 * the challenge on a fresh page once the address owes one, the lock page,
 * and unlocking with the e-mailed code on the unlock page.
 */
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_REDIRECT_URIS } from '../../../central/oidc/config.ts';
import { solveChallenge } from '../../../central/domain/sign-in-challenge.ts';
import { removeTempDirs } from '../domain/support.ts';
import { activatedAccount, Browser, formAction, hiddenValue, PASSWORD, sampleRelyingParty, type Sandbox, startSandbox } from './support.ts';

let sandbox: Sandbox;
let rp: client.Configuration;

beforeAll(async () => {
  sandbox = await startSandbox({ signInPolicy: { challengeBits: 8 } });
  rp = await sampleRelyingParty(sandbox);
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  removeTempDirs();
});

async function signInPage(browser: Browser) {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: SAMPLE_REDIRECT_URIS[0],
    scope: 'openid run',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: client.randomState(),
  });
  return browser.follow(url.href);
}

describe('sign-in pages', () => {
  it('puts the challenge on a fresh sign-in page once the address has failed 3 times, with a no-JavaScript explanation', async () => {
    const browser = new Browser(sandbox);
    const first = await signInPage(browser);
    expect(first.text).not.toContain('data-challenge');
    const action = formAction(first.text, '/login');
    for (let i = 0; i < 3; i += 1) await browser.request(action, { run: '11.111.111-1', password: 'guess number ' + i });
    // A new browser (no cookies) from the same address, starting over: the page asks at once.
    const fresh = await signInPage(new Browser(sandbox));
    const challenge = /data-challenge="([^"]+)"/.exec(fresh.text)?.[1];
    expect(challenge).toBeDefined();
    expect(fresh.text).toContain('<noscript>');
    expect(fresh.text).toContain('Esta comprobación necesita JavaScript');
    expect(fresh.text).toMatch(/<script>[^<]+<\/script>/);
    // Sent without its solution, the form comes back with a new challenge and no password check.
    const refused = await browser.request(action, { run: '11.111.111-1', password: 'x', pow_challenge: challenge!, pow_nonce: '' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('La comprobación de tu navegador no se completó');
    expect(hiddenValue(refused.text, 'pow_challenge')).toMatch(/^v1\./);
  });

  it('locks at the 5th failure, and the e-mailed code unlocks it on the unlock page', async () => {
    const account = await activatedAccount(sandbox);
    const browser = new Browser(sandbox);
    let page = await signInPage(browser);
    const action = formAction(page.text, '/login');
    for (let i = 0; i < 5; i += 1) {
      const challenge = hiddenValue(page.text, 'pow_challenge');
      const solution: Record<string, string> = challenge ? { pow_challenge: challenge, pow_nonce: solveChallenge(challenge) } : {};
      page = { ...page, ...(await browser.request(action, { run: account.run, password: `wrong ${i}`, ...solution })) };
    }
    expect(page.status).toBe(423);
    expect(page.text).toContain('Tu ClaveÚnica está bloqueada');
    const message = sandbox.domain.messages({ recipient: account.email })[0]!;
    expect(message.kind).toBe('sign_in_unlock_code');
    const code = /: ([0-9]{8})\n/.exec(message.body)![1]!;

    const unlockLink = /href="([^"]*\/unlock\?lang=es-CL)"/.exec(page.text)![1]!;
    const unlock = await browser.request(unlockLink);
    expect(unlock.text).toContain('<label for="code">Código de desbloqueo</label>');
    const wrong = await browser.request(formAction(unlock.text, '/unlock'), { run: account.run, code: '1234567', action: 'unlock', lang: 'es-CL' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="code"[^>]*aria-describedby="code-hint code-error" aria-invalid="true"/);
    const done = await browser.request(formAction(unlock.text, '/unlock'), {
      run: account.run,
      code: `${code.slice(0, 4)} ${code.slice(4)}`,
      action: 'unlock',
      lang: 'es-CL',
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Tu ClaveÚnica quedó desbloqueada');

    const challenge = hiddenValue(done.text, 'pow_challenge');
    const solution: Record<string, string> = challenge ? { pow_challenge: challenge, pow_nonce: solveChallenge(challenge) } : {};
    const signedIn = await browser.request(formAction(done.text, '/login'), { run: account.run, password: PASSWORD, ...solution });
    expect(signedIn.status).toBe(303);
    const outcomes = sandbox.domain
      .auditEvents({ event: 'sign_in', limit: 20 })
      .map((r) => r.outcome)
      .reverse();
    expect(outcomes.slice(-3)).toEqual(['locked', 'unlocked', 'success']);
  });

  it('asks an account with the second factor on for the e-mailed code, on a page of its own', async () => {
    const account = await activatedAccount(sandbox);
    sandbox.openId.signIn.setSecondFactor(account.run, true);
    const browser = new Browser(sandbox);
    const page = await signInPage(browser);
    const challenge = hiddenValue(page.text, 'pow_challenge');
    const solution: Record<string, string> = challenge ? { pow_challenge: challenge, pow_nonce: solveChallenge(challenge) } : {};
    const codePage = await browser.request(formAction(page.text, '/login'), { run: account.run, password: PASSWORD, ...solution });
    expect(codePage.status).toBe(200);
    expect(codePage.text).toContain('Confirma que eres tú');
    expect(codePage.text).toContain('<label for="code">Código de ingreso</label>');
    expect(codePage.text).not.toContain(account.email);
    const code = /: ([0-9]{6})\n/.exec(sandbox.domain.messages({ recipient: account.email })[0]!.body)![1]!;
    const action = formAction(codePage.text, '/second-factor');
    const wrong = await browser.request(action, { code: code === '000000' ? '111111' : '000000', hint: 'p•••••@example.cl', lang: 'es-CL' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toMatch(/id="code"[^>]*aria-describedby="code-hint code-error" aria-invalid="true"/);
    const done = await browser.request(action, { code, hint: 'p•••••@example.cl', lang: 'es-CL' });
    expect(done.status).toBe(303);
    const consent = await browser.follow(done.location!);
    expect(consent.text).toContain('Autoriza los datos que se compartirán');
  });
});
