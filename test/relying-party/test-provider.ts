/**
 * A real OpenID Connect provider for the relying party's tests: oidc-provider
 * over real HTTPS, its certificate from a throwaway CA (central's PKI code
 * makes one per run), one client like the sandbox's built-in one, and
 * ClaveÚnica-shaped claims for one synthetic citizen. The interaction step
 * (login and consent) is answered by the test: sign in as the citizen, or
 * deny.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { createDevelopmentCa, issueServerCertificate } from '../../central/pki/certificates.ts';
import { generateEcdsaP256KeyPair, privateKeyToPem } from '../../central/pki/x509.ts';
import { formatRun, runCheckDigit } from '../../common/run.ts';

export const CITIZEN_RUN_NUMBER = 15_234_871;
export const CITIZEN_DV = runCheckDigit(CITIZEN_RUN_NUMBER);
export const CITIZEN = {
  accountId: 'synthetic-15234871',
  run: formatRun(CITIZEN_RUN_NUMBER, CITIZEN_DV),
  claims: {
    RolUnico: { numero: CITIZEN_RUN_NUMBER, DV: CITIZEN_DV, tipo: 'RUN' },
    name: { nombres: ['Ámbar', 'Sintética'], apellidos: ['Prueba', 'Ejemplo'] },
    email: 'ambar.sintetica@example.cl',
    phone: '+56912345678',
  },
};

export const TEST_CLIENT_SECRET = 'relying-party-test-secret-0123456789abcdef';

export type InteractionAnswer = 'sign-in' | 'deny';

export interface TestProvider {
  readonly issuer: string;
  readonly caFile: string;
  /** What the next interaction (login + consent) does. */
  answer: InteractionAnswer;
  /** Paths the provider was asked for, in order (token endpoint calls included). */
  readonly requests: string[];
  /** Builds the provider with its one client, once the relying party's address is known (it needs the issuer first). */
  attach(...relyingPartyUrls: string[]): void;
  close(): Promise<void>;
}

export async function startTestProvider(options: { clientId: string }): Promise<TestProvider> {
  const dir = mkdtempSync(join(tmpdir(), 'rp-test-provider-'));
  const now = new Date();
  const caKeys = await generateEcdsaP256KeyPair();
  const ca = await createDevelopmentCa(caKeys, now, 'Relying party test CA');
  const serverKeys = await generateEcdsaP256KeyPair();
  const serverCertificate = await issueServerCertificate(ca.certificate, caKeys.privateKey, serverKeys.publicKey, now);
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.pem);

  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer({ key: await privateKeyToPem(serverKeys.privateKey), cert: serverCertificate.pem }, (req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const issuer = `https://127.0.0.1:${port}`;

  const requests: string[] = [];
  const result: TestProvider = {
    issuer,
    caFile,
    answer: 'sign-in',
    requests,
    attach: (...relyingPartyUrls) => {
      const provider = createProvider(issuer, options.clientId, relyingPartyUrls);
      const callback = provider.callback();
      handler = (req, res) => {
        requests.push(new URL(req.url ?? '/', issuer).pathname);
        if (!req.url?.startsWith('/interaction/')) return callback(req, res);
        answerInteraction(provider, result.answer, req, res).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return result;
}

function createProvider(issuer: string, clientId: string, relyingPartyUrls: readonly string[]): Provider {
  return new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: TEST_CLIENT_SECRET,
        // As the sandbox (and ClaveÚnica) take it.
        token_endpoint_auth_method: 'client_secret_post',
        redirect_uris: relyingPartyUrls.map((url) => `${url}/callback`),
        post_logout_redirect_uris: relyingPartyUrls.map((url) => `${url}/`),
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // Every client must send PKCE: a sign-in that completes proves the relying party sent a matching S256 pair.
    pkce: { required: () => true },
    scopes: ['openid', 'run', 'name', 'email', 'phone'],
    claims: { openid: ['sub'], run: ['RolUnico'], name: ['name'], email: ['email'], phone: ['phone'] },
    cookies: { keys: ['relying-party-test-cookie-key'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = `<!doctype html><html><body>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sí</button></body></html>`;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => (sub === CITIZEN.accountId ? { accountId: sub, claims: () => ({ sub, ...CITIZEN.claims }) } : undefined),
  });
}

async function answerInteraction(provider: Provider, answer: InteractionAnswer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (answer === 'deny') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'denied in the test' }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = new provider.Grant({ accountId: CITIZEN.accountId, clientId: details.params.client_id as string });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: CITIZEN.accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}
