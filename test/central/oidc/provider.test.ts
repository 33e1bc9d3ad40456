/**
 * The provider over real HTTPS, with openid-client as the relying party:
 * discovery, the authorization code flow with PKCE S256, ClaveÚnica's claims
 * in the ID token and from userinfo, what it refuses, logout, and the
 * traces a sign-in leaves.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CLIENT_ID, SAMPLE_REDIRECT_URIS } from '../../../central/oidc/config.ts';
import { SIGNING_KEYS_FILE } from '../../../central/oidc/keys.ts';
import { removeTempDirs } from '../domain/support.ts';
import { type Account, activatedAccount, Browser, formAction, PASSWORD, sampleRelyingParty, type Sandbox, startSandbox } from './support.ts';

let sandbox: Sandbox;
let rp: client.Configuration;
const redirectUri = SAMPLE_REDIRECT_URIS[0];

beforeAll(async () => {
  sandbox = await startSandbox();
  rp = await sampleRelyingParty(sandbox);
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  removeTempDirs();
});

async function startAuthorization(browser: Browser, scope = 'openid run name email phone') {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { page: await browser.follow(url.href), verifier, state, nonce };
}

async function signInAndConsent(browser: Browser, account: Account, scope?: string) {
  const started = await startAuthorization(browser, scope);
  expect(started.page.status).toBe(200);
  const consent = await browser.follow(formAction(started.page.text, '/login'), { run: account.run, password: PASSWORD, lang: 'es-CL' });
  expect(consent.text).toContain('Autoriza los datos que se compartirán');
  const back = await browser.follow(formAction(consent.text, '/confirm'), { lang: 'es-CL' });
  expect(back.location).toMatch(new RegExp(`^${redirectUri}\\?`));
  const tokens = await client.authorizationCodeGrant(rp, new URL(back.location!), {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
  return { tokens, started };
}

describe('discovery', () => {
  it('publishes the code flow only, S256 only, the ClaveÚnica scopes and an ES256 key', async () => {
    const metadata = rp.serverMetadata();
    expect(metadata.issuer).toBe(sandbox.server.url);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'run', 'name', 'email', 'phone']));
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['RolUnico', 'name', 'email', 'phone']));
    const jwks = (await (await sandbox.fetch(metadata.jwks_uri!, {} as never)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(statSync(join(sandbox.dataDir, SIGNING_KEYS_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('authorization code flow with PKCE', () => {
  it('signs a citizen in and returns ClaveÚnica claims in the ID token and from userinfo', async () => {
    const account = await activatedAccount(sandbox);
    const { tokens } = await signInAndConsent(new Browser(sandbox), account);
    const [numero, dv] = account.run.split('-');
    const expected = {
      RolUnico: { numero: Number(numero), DV: dv, tipo: 'RUN' },
      name: { nombres: account.givenNames, apellidos: account.surnames },
      email: account.email,
      phone: account.phone,
    };
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: sandbox.server.url, aud: SAMPLE_CLIENT_ID, sub: String(account.personId), ...expected });
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: String(account.personId), ...expected });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('releases only the claims of the scopes asked for', async () => {
    const account = await activatedAccount(sandbox);
    const { tokens } = await signInAndConsent(new Browser(sandbox), account, 'openid run');
    const claims = tokens.claims()!;
    expect(claims.RolUnico).toMatchObject({ tipo: 'RUN' });
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('name');
  });

  it('refuses an authorization request without PKCE, with the plain method, or for a token response', async () => {
    const browser = new Browser(sandbox);
    const base = { client_id: SAMPLE_CLIENT_ID, redirect_uri: redirectUri, scope: 'openid run', state: 's', nonce: 'n' };
    const authorize = (extra: Record<string, string>) => browser.request(`/auth?${new URLSearchParams({ ...base, ...extra })}`);
    const verifier = client.randomPKCECodeVerifier();
    const refusals = [
      await authorize({ response_type: 'code' }),
      await authorize({ response_type: 'code', code_challenge: verifier, code_challenge_method: 'plain' }),
      await authorize({ response_type: 'token', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }),
    ];
    for (const refusal of refusals) {
      const location = new URL(refusal.location!);
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expect(new URLSearchParams(location.search).get('error') ?? new URLSearchParams(location.hash.slice(1)).get('error')).toMatch(
        /^(invalid_request|unsupported_response_type)$/,
      );
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('returns access_denied to the relying party when the citizen cancels or does not authorize', async () => {
    const account = await activatedAccount(sandbox);
    const cancelling = new Browser(sandbox);
    const { page, state } = await startAuthorization(cancelling);
    const cancelled = await cancelling.follow(formAction(page.text, '/abort'), {});
    expect(new URL(cancelled.location!).searchParams.get('error')).toBe('access_denied');
    expect(new URL(cancelled.location!).searchParams.get('state')).toBe(state);

    const refusing = new Browser(sandbox);
    const started = await startAuthorization(refusing);
    const consent = await refusing.follow(formAction(started.page.text, '/login'), { run: account.run, password: PASSWORD });
    const denied = await refusing.follow(formAction(consent.text, '/abort'), {});
    expect(new URL(denied.location!).searchParams.get('error')).toBe('access_denied');
    expect(new URL(denied.location!).searchParams.get('code')).toBeNull();
  });

  it('refuses to exchange a code without the right verifier', async () => {
    const account = await activatedAccount(sandbox);
    const browser = new Browser(sandbox);
    const started = await startAuthorization(browser);
    const consent = await browser.follow(formAction(started.page.text, '/login'), { run: account.run, password: PASSWORD });
    const back = await browser.follow(formAction(consent.text, '/confirm'), {});
    await expect(
      client.authorizationCodeGrant(rp, new URL(back.location!), {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: started.state,
        expectedNonce: started.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('the sign-in page', () => {
  it('answers a wrong password with the same message as an unknown RUN, and audits both without the RUN or the password', async () => {
    const account = await activatedAccount(sandbox);
    const browser = new Browser(sandbox);
    const { page } = await startAuthorization(browser);
    const action = formAction(page.text, '/login');
    const wrong = await browser.request(action, { run: account.run, password: 'not the password at all' });
    const unknown = await browser.request(action, { run: '11.111.111-1', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    for (const answer of [wrong, unknown]) expect(answer.text).toContain('El RUN o la clave no son correctos');
    const rows = sandbox.domain.auditEvents({ event: 'sign_in', limit: 10 });
    expect(rows.map((r) => r.outcome)).toEqual(expect.arrayContaining(['bad_password', 'unknown_run']));
    expect(rows.every((r) => r.detail?.clientId === SAMPLE_CLIENT_ID && /Z$/.test(r.at))).toBe(true);
    const traces = JSON.stringify(rows) + sandbox.logLines.join('\n');
    const [numero] = account.run.split('-');
    expect(traces).not.toContain(numero);
    expect(traces).not.toContain('11111111');
    expect(traces).not.toContain('not the password');
    expect(traces).not.toContain(PASSWORD);
  });

  it('follows ?lang= and Accept-Language, with the lang attribute and labels tied to hints', async () => {
    const browser = new Browser(sandbox, 'en-US,en;q=0.8');
    const english = await startAuthorization(browser);
    expect(english.page.text).toContain('<html lang="en">');
    expect(english.page.text).toContain('Sign in with ClaveÚnica');
    const spanish = await browser.request(`${english.page.url}?lang=es-CL`);
    expect(spanish.text).toContain('<html lang="es-CL">');
    expect(spanish.text).toContain('<label for="run">RUN</label>');
    expect(spanish.text).toMatch(/id="run"[^>]*aria-describedby="run-hint"/);
  });

  it('sends a strict CSP: no unsafe-inline, scripts and styles only by hash, never framed', async () => {
    const { page } = await startAuthorization(new Browser(sandbox));
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:5180");
    expect(page.headers.get('cache-control')).toBe('no-store');
  });
});

describe('logout', () => {
  it('asks for confirmation at end_session and ends the session', async () => {
    const account = await activatedAccount(sandbox);
    const browser = new Browser(sandbox);
    const { tokens } = await signInAndConsent(browser, account);
    const url = client.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:5180/' });
    const confirm = await browser.follow(url.href);
    expect(confirm.text).toContain('¿Quieres cerrar tu sesión de ClaveÚnica?');
    const action = /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"|<form[^>]*action="([^"]+)"[^>]*id="op.logoutForm"/.exec(confirm.text)!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    const done = await browser.request(action[1] ?? action[2]!, { xsrf, logout: 'yes' });
    expect(done.location).toBe('http://127.0.0.1:5180/');
    // Signed out: a new authorization asks for the password again.
    const again = await startAuthorization(browser);
    expect(again.page.text).toContain('name="password"');
  });
});
