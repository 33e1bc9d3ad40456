/**
 * The relying party against a real OpenID Connect provider (oidc-provider,
 * real HTTPS under a throwaway CA), each redirect of the code flow checked:
 * PKCE S256 sent and verified, state and nonce, a forged or replayed
 * callback refused before any token request, the provider's refusal shown
 * plainly, claims masked, RP-initiated logout.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/log.ts';
import { relyingPartyConfigFromEnv } from '../../relying-party/config.ts';
import { type RelyingParty, SCOPE, startRelyingParty } from '../../relying-party/server.ts';
import { CITIZEN, startTestProvider, TEST_CLIENT_SECRET, type TestProvider } from './test-provider.ts';
import { type Hop, TestBrowser } from './test-browser.ts';

const CLIENT_ID = 'municipalidad-de-ejemplo';
let provider: TestProvider;
let rp: RelyingParty;
/** The same client with a wrong secret: the token endpoint refuses it. */
let impostor: RelyingParty;
const browsers: TestBrowser[] = [];

function newBrowser(): TestBrowser {
  const browser = new TestBrowser(provider.caFile);
  browsers.push(browser);
  return browser;
}

beforeAll(async () => {
  provider = await startTestProvider({ clientId: CLIENT_ID });
  rp = await startRelyingParty({
    config: relyingPartyConfigFromEnv({
      RP_ISSUER: provider.issuer,
      RP_CA_FILE: provider.caFile,
      RP_CLIENT_ID: CLIENT_ID,
      RP_CLIENT_SECRET: TEST_CLIENT_SECRET,
      RP_PORT: '0',
    }),
    log: silentLogger,
  });
  impostor = await startRelyingParty({
    config: relyingPartyConfigFromEnv({
      RP_ISSUER: provider.issuer,
      RP_CA_FILE: provider.caFile,
      RP_CLIENT_ID: CLIENT_ID,
      RP_CLIENT_SECRET: 'not-the-secret',
      RP_PORT: '0',
    }),
    log: silentLogger,
  });
  provider.attach(rp.url, impostor.url);
});

afterEach(async () => {
  provider.answer = 'sign-in';
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});

afterAll(async () => {
  await rp?.close();
  await impostor?.close();
  await provider?.close();
});

const tokenRequests = () => provider.requests.filter((path) => path === '/token').length;

/** The authorization request the relying party sends the browser to. */
async function startSignIn(browser: TestBrowser): Promise<URL> {
  const hop = await browser.request(`${rp.url}/login`);
  expect(hop.status).toBe(303);
  return new URL(hop.location!);
}

async function signIn(browser: TestBrowser): Promise<Hop[]> {
  const authorization = await startSignIn(browser);
  return browser.navigate(authorization.href);
}

describe('relying party: sign-in with a real provider', () => {
  it('home page offers ClaveÚnica sign-in, in Spanish first, under a strict CSP', async () => {
    const home = await newBrowser().request(`${rp.url}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('<html lang="es-CL">');
    expect(home.body).toContain('>Ingresa con ClaveÚnica</a>');
    expect(home.body).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
    const csp = home.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('sends PKCE S256, state and nonce, and the provider (which requires PKCE) lets the sign-in through to masked claims', async () => {
    const browser = newBrowser();
    const authorization = await startSignIn(browser);
    expect(authorization.origin).toBe(provider.issuer);
    const params = authorization.searchParams;
    expect(params.get('client_id')).toBe(CLIENT_ID);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('scope')).toBe(SCOPE);
    expect(params.get('redirect_uri')).toBe(`${rp.url}/callback`);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.get('ui_locales')).toBe('es-CL');

    const before = tokenRequests();
    const hops = await browser.navigate(authorization.href);
    expect(hops.map((hop) => new URL(hop.url).pathname)).toContain('/callback');
    const page = hops.at(-1)!;
    expect(page.url).toBe(`${rp.url}/datos`);
    expect(page.status).toBe(200);
    expect(tokenRequests()).toBe(before + 1);
    expect(page.body).toContain('<h1>Tus datos</h1>');
    expect(page.body).toContain('15.234.***-');
    expect(page.body).toContain('Ámbar Sintética Prueba Ejemplo');
    expect(page.body).toContain('a***@example.cl');
    expect(page.body).toContain('+56 9 **** 5678');
    // Nothing unmasked reaches the page.
    expect(page.body).not.toContain(CITIZEN.run);
    expect(page.body).not.toContain('15234871');
    expect(page.body).not.toContain(CITIZEN.claims.email);
    expect(page.body).not.toContain('1234');
  });

  it('refuses a callback whose state is not the one it sent, without asking for a token, and does not accept the real one afterwards', async () => {
    const browser = newBrowser();
    const authorization = await startSignIn(browser);
    const before = tokenRequests();
    const forged = await browser.request(`${rp.url}/callback?code=forged-code&state=not-the-state&iss=${encodeURIComponent(provider.issuer)}`);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('role="alert"');
    expect(forged.body).toContain('no corresponde a tu ingreso');
    expect(tokenRequests()).toBe(before);

    // The attempt the forged answer interrupted is over: its genuine callback finds nothing pending.
    const hops = await browser.navigate(authorization.href);
    expect(hops.at(-1)!.status).toBe(400);
    expect(hops.at(-1)!.body).toContain('Tu ingreso expiró');
    expect(tokenRequests()).toBe(before);
  });

  it('refuses a callback with no sign-in started in this browser (login CSRF)', async () => {
    const attacker = newBrowser();
    const attackerAuthorization = await startSignIn(attacker);
    const state = attackerAuthorization.searchParams.get('state')!;
    const victim = newBrowser();
    const answer = await victim.request(`${rp.url}/callback?code=attackers-code&state=${state}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Tu ingreso expiró');
  });

  it("shows the provider's access_denied plainly and signs nobody in", async () => {
    provider.answer = 'deny';
    const browser = newBrowser();
    const hops = await signIn(browser);
    const page = hops.at(-1)!;
    expect(new URL(page.url).pathname).toBe('/callback');
    expect(page.body).toContain('No pudiste ingresar');
    expect(page.body).toContain('Cancelaste el ingreso');
    const data = await browser.request(`${rp.url}/datos`);
    expect(data.status).toBe(303);
    expect(data.location).toBe(`${rp.url}/`);
  });

  it('says plainly that the sign-in could not be confirmed when the token endpoint refuses it, and signs nobody in', async () => {
    const browser = newBrowser();
    const authorization = new URL((await browser.request(`${impostor.url}/login`)).location!);
    const before = tokenRequests();
    const hops = await browser.navigate(authorization.href);
    const page = hops.at(-1)!;
    expect(new URL(page.url).pathname).toBe('/callback');
    expect(page.status).toBe(502);
    expect(tokenRequests()).toBe(before + 1);
    expect(page.body).toContain('No pudimos confirmar tu ingreso con ClaveÚnica');
    expect((await browser.request(`${impostor.url}/datos`)).status).toBe(303);
  });

  it('gives a new session id at sign-in (no fixation)', async () => {
    const browser = newBrowser();
    await startSignIn(browser).then(() => undefined);
    const before = browser.cookie(rp.url, 'rp_session');
    expect(before).toBeDefined();
    // A second /login reuses that session; completing it replaces the id.
    const hops = await signIn(browser);
    expect(hops.at(-1)!.url).toBe(`${rp.url}/datos`);
    const after = browser.cookie(rp.url, 'rp_session');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('logs out here and at the provider (RP-initiated logout), and the provider then asks to sign in again', async () => {
    const browser = newBrowser();
    const data = (await signIn(browser)).at(-1)!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(data.body)![1]!;

    // Without the form's token, nothing happens.
    const refused = await browser.request(`${rp.url}/logout`, { form: { csrf: 'wrong' } });
    expect(refused.location).toBe(`${rp.url}/`);
    expect((await browser.request(`${rp.url}/datos`)).status).toBe(200);

    const logout = await browser.request(`${rp.url}/logout`, { form: { csrf } });
    expect(logout.status).toBe(303);
    const endSession = new URL(logout.location!);
    expect(endSession.origin).toBe(provider.issuer);
    expect(endSession.pathname).toBe('/session/end');
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${rp.url}/`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(browser.cookie(rp.url, 'rp_session')).toBeUndefined();

    const confirm = await browser.request(endSession.href);
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)"/.exec(confirm.body)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const back = await browser.navigate(new URL(action, provider.issuer).href, { form: { xsrf, logout: 'yes' } });
    expect(back.at(-1)!.url).toBe(`${rp.url}/?state=signed-out`);
    expect(back.at(-1)!.body).toContain('Cerraste tu sesión.');
    expect((await browser.request(`${rp.url}/datos`)).status).toBe(303);

    // The provider's session is gone too: the next sign-in goes through the interaction again.
    const count = provider.requests.filter((path) => path.startsWith('/interaction/')).length;
    await signIn(browser);
    expect(provider.requests.filter((path) => path.startsWith('/interaction/')).length).toBeGreaterThan(count);
  });

  it('switches to English and asks the provider for English too', async () => {
    const browser = newBrowser();
    const switched = await browser.navigate(`${rp.url}/?lang=en`);
    expect(switched.at(-1)!.body).toContain('<html lang="en">');
    expect(switched.at(-1)!.body).toContain('>Sign in with ClaveÚnica</a>');
    expect((await startSignIn(browser)).searchParams.get('ui_locales')).toBe('en');
  });

  it('sends a visit by another host name to the registered one, so the session cookie survives the callback', async () => {
    // The other name in the Host header, on the same socket: what the server sees of a visit by
    // localhost, without leaning on the machine resolving it (a bare root has no /etc/hosts).
    const { port } = new URL(rp.url);
    const hop = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/datos', headers: { host: `localhost:${port}` } }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      });
      request.on('error', reject);
      request.end();
    });
    expect(hop.status).toBe(303);
    expect(hop.location).toBe(`${rp.url}/datos`);
  });
});

describe('relying party: provider unreachable', () => {
  it('says so plainly and recovers once discovery works', async () => {
    // A port nothing listens on: the closed provider's.
    const gone = await startTestProvider({ clientId: CLIENT_ID });
    await gone.close();
    const lonely = await startRelyingParty({
      config: relyingPartyConfigFromEnv({ RP_ISSUER: gone.issuer, RP_CA_FILE: provider.caFile, RP_PORT: '0' }),
      log: silentLogger,
    });
    try {
      const answer = await newBrowser().request(`${lonely.url}/login`);
      expect(answer.status).toBe(502);
      expect(answer.body).toContain('No pudimos comunicarnos con ClaveÚnica');
    } finally {
      await lonely.close();
    }
  });
});
