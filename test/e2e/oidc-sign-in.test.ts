/**
 * Signing in at the provider's own pages in Chromium, through a minimal
 * relying party built here with openid-client (PKCE S256, state, nonce):
 * sign-in and consent found by label and role, the challenge a real browser
 * solves under the page's CSP after failures, and logout with its
 * confirmation page.
 */
import { createServer, type Server } from 'node:http';
import { AxeBuilder } from '@axe-core/playwright';
import * as client from 'openid-client';
import type { Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../central/api/pages.ts';
import { removeTempDirs } from '../central/domain/support.ts';
import { type Account, activatedAccount, PASSWORD, type Sandbox, startSandbox } from '../central/oidc/support.ts';
import { launchChromium } from '../support/chromium.ts';
import { WCAG_22_AA } from '../support/screen-audit.ts';

const CLIENT_ID = 'rp-e2e';
const CLIENT_SECRET = 'e2e-relying-party-secret-0123456789abcdef';

let sandbox: Sandbox;
let chromium: Chromium;
let rp: { server: Server; origin: string; config?: client.Configuration };

/** The relying party: /login starts the flow, /callback ends it and greets the citizen, /logout hands over to end_session. */
function relyingParty(): Promise<{ server: Server; origin: string; config?: client.Configuration }> {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  let idToken = '';
  const state: { server: Server; origin: string; config?: client.Configuration } = { server: createServer(), origin: '' };
  state.server.on('request', (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', state.origin);
      const config = state.config!;
      if (url.pathname === '/login') {
        const verifier = client.randomPKCECodeVerifier();
        const key = client.randomState();
        const nonce = client.randomNonce();
        pending.set(key, { verifier, nonce });
        const target = client.buildAuthorizationUrl(config, {
          redirect_uri: `${state.origin}/callback`,
          scope: 'openid run name email',
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state: key,
          nonce,
        });
        response.writeHead(302, { location: target.href }).end();
      } else if (url.pathname === '/callback') {
        const checks = pending.get(url.searchParams.get('state') ?? '');
        if (!checks || url.searchParams.has('error')) {
          response
            .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
            .end(`<h1>Refused: ${escapeHtml(url.searchParams.get('error') ?? 'state')}</h1>`);
          return;
        }
        const tokens = await client.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: checks.verifier,
          expectedState: url.searchParams.get('state')!,
          expectedNonce: checks.nonce,
        });
        idToken = tokens.id_token!;
        const claims = tokens.claims() as unknown as { name: { nombres: string[]; apellidos: string[] }; RolUnico: { numero: number; DV: string } };
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<h1>Hola, ${escapeHtml(claims.name.nombres.join(' '))}</h1><p id="run">${claims.RolUnico.numero}-${claims.RolUnico.DV}</p>`);
      } else if (url.pathname === '/logout') {
        response
          .writeHead(302, { location: client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${state.origin}/` }).href })
          .end();
      } else {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Municipalidad de prueba</h1>');
      }
    })().catch(() => response.writeHead(500).end());
  });
  return new Promise((resolve) =>
    state.server.listen(0, '127.0.0.1', () => {
      const address = state.server.address();
      state.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      resolve(state);
    }),
  );
}

beforeAll(async () => {
  rp = await relyingParty();
  sandbox = await startSandbox({
    // Fewer leading zero bits than in production: the box running the tests is shared; the work is the same kind.
    signInPolicy: { challengeBits: 12 },
    env: { CENTRAL_OIDC_CLIENTS: JSON.stringify([{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${rp.origin}/callback`] }]) },
  });
  rp.config = await client.discovery(new URL(sandbox.server.url), CLIENT_ID, CLIENT_SECRET, client.ClientSecretPost(CLIENT_SECRET), {
    [client.customFetch]: sandbox.fetch,
  });
  rp.config[client.customFetch] = sandbox.fetch;
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => rp?.server.close(resolve));
  await sandbox?.close();
  removeTempDirs();
});

async function withPage(test: (page: Page, violations: string[]) => Promise<void>): Promise<void> {
  const context = await chromium.newContext({ ignoreHTTPSErrors: true, locale: 'es-CL' });
  try {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await test(page, violations);
  } finally {
    await context.close();
  }
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function signIn(page: Page, account: Account, password: string): Promise<void> {
  await page.getByLabel('RUN', { exact: true }).fill(account.run);
  await page.getByLabel('ClaveÚnica', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

describe('signing in at the provider in Chromium', () => {
  it('signs in, consents and lands back at the relying party with the citizen claims; logout asks first', async () => {
    const account = await activatedAccount(sandbox);
    await withPage(async (page, violations) => {
      await page.goto(`${rp.origin}/login`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ingresa con tu ClaveÚnica');
      expect(await page.locator('html').getAttribute('lang')).toBe('es-CL');
      expect(await axeViolations(page)).toEqual([]);
      await signIn(page, account, 'not the password');
      await page.getByRole('alert').filter({ hasText: 'El RUN o la clave no son correctos' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await signIn(page, account, PASSWORD);
      await page.getByRole('heading', { name: 'Autoriza los datos que se compartirán' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.getByRole('listitem').allTextContents()).toEqual(['Tu RUN', 'Tus nombres y apellidos', 'Tu correo electrónico']);
      await page.getByRole('button', { name: 'Autorizar', exact: true }).click();
      await page.getByRole('heading', { name: `Hola, ${account.givenNames.join(' ')}` }).waitFor();
      expect(await page.locator('#run').textContent()).toBe(account.run);

      await page.goto(`${rp.origin}/logout`);
      await page.getByRole('heading', { name: 'Cerrar sesión' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Sí, cerrar sesión' }).click();
      await page.getByRole('heading', { name: 'Municipalidad de prueba' }).waitFor();
      await page.goto(`${rp.origin}/login`);
      await page.getByLabel('ClaveÚnica', { exact: true }).waitFor();
      expect(violations).toEqual([]);
    });
  });

  it('after 3 failures the page carries a challenge the browser solves under the CSP, then the right password signs in', async () => {
    const account = await activatedAccount(sandbox);
    await withPage(async (page, violations) => {
      await page.goto(`${rp.origin}/login`);
      for (let i = 0; i < 3; i += 1) {
        await signIn(page, account, `not the password ${i}`);
        await page.getByRole('alert').filter({ hasText: 'El RUN o la clave no son correctos' }).waitFor();
      }
      // The page now asks for the challenge; the script solves it and says so in a live region.
      await page.getByRole('status').filter({ hasText: 'Listo. Ya puedes ingresar.' }).waitFor({ timeout: 30_000 });
      const password = page.getByLabel('ClaveÚnica', { exact: true });
      expect(await password.getAttribute('aria-describedby')).toBe('password-hint');
      await signIn(page, account, PASSWORD);
      await page.getByRole('button', { name: 'Autorizar', exact: true }).click();
      await page.getByRole('heading', { name: `Hola, ${account.givenNames.join(' ')}` }).waitFor();
      expect(violations).toEqual([]);
    });
    const outcomes = sandbox.domain
      .auditEvents({ event: 'sign_in', limit: 4 })
      .map((r) => r.outcome)
      .reverse();
    expect(outcomes).toEqual(['bad_password', 'bad_password', 'bad_password', 'success']);
  });

  it('locks at the 5th failure; the unlock page, in English, takes the e-mailed code', async () => {
    const account = await activatedAccount(sandbox);
    await withPage(async (page, violations) => {
      await page.goto(`${rp.origin}/login`);
      await page.getByRole('link', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Sign in with ClaveÚnica' }).waitFor();
      for (let i = 0; i < 5; i += 1) {
        if (i >= 3) await page.getByRole('status').filter({ hasText: 'Done. You can sign in now.' }).waitFor({ timeout: 30_000 });
        await page.getByLabel('RUN', { exact: true }).fill(account.run);
        await page.getByLabel('ClaveÚnica password', { exact: true }).fill(`not the password ${i}`);
        await page.getByRole('button', { name: 'Sign in' }).click();
        if (i < 4) await page.getByRole('alert').filter({ hasText: 'The RUN or the password is not correct' }).waitFor();
      }
      await page.getByRole('heading', { name: 'Your ClaveÚnica is locked' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Unlock your ClaveÚnica' }).click();
      const code = /: ([0-9]{8})\n/.exec(sandbox.domain.messages({ recipient: account.email })[0]!.body)![1]!;
      await page.getByLabel('RUN', { exact: true }).fill(account.run);
      await page.getByLabel('Unlock code').fill(code);
      await page.getByRole('button', { name: 'Unlock', exact: true }).click();
      await page.getByText('Your ClaveÚnica is unlocked. You can sign in now.').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(violations).toEqual([]);
    });
  });
});
