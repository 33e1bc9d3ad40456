/**
 * "Municipalidad de Ejemplo": a relying party of the sandbox's ClaveÚnica
 * provider, to show that the credential the kiosk issued signs a citizen in
 * somewhere else. Authorization code flow with PKCE (S256), state and nonce,
 * all three checked on the way back (openid-client does the token and ID
 * token checks); the userinfo claims are shown masked; logout ends the
 * provider's session too (RP-initiated logout) when it offers end_session.
 *
 * Discovery happens on the first sign-in, not at start-up: the relying party
 * can start beside a provider that is still starting, and a provider that was
 * down is found again on the next try.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as client from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import type { Logger } from '../common/log.ts';
import { showClaims } from './claims.ts';
import type { RelyingPartyConfig } from './config.ts';
import { parseCookies, serializeCookie } from './cookies.ts';
import { languageFrom, type Language, type SignInError, signInErrorFrom } from './messages.ts';
import { dataPage, errorPage, homePage, notFoundPage, pageHeaders } from './pages.ts';
import { type Session, SESSION_IDLE_MS, SessionStore } from './sessions.ts';

export const SCOPE = 'openid run name email phone';
const SESSION_COOKIE = 'rp_session';
const LANGUAGE_COOKIE = 'rp_lang';
const MAX_FORM_BYTES = 1024;

export class RelyingPartyPortInUse extends Error {
  readonly code = 'rp.port_in_use';
  readonly port: number;
  constructor(port: number, host: string) {
    super(`Port ${port} on ${host} is in use: stop what uses it, or choose another with RP_PORT=N (0 picks a free one).`);
    this.name = 'RelyingPartyPortInUse';
    this.port = port;
  }
}

export interface RelyingParty {
  /** `http://127.0.0.1:5180`, no trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

export interface RelyingPartyOptions {
  readonly config: RelyingPartyConfig;
  readonly log: Logger;
}

/** The fetch openid-client uses: undici with the provider's CA when one is configured (the sandbox's own CA). */
function providerFetch(caFile: string | null): { fetch: client.CustomFetch | undefined; close(): Promise<void> } {
  if (caFile === null) return { fetch: undefined, close: () => Promise.resolve() };
  const dispatcher = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
  const fetch: client.CustomFetch = (url, options) =>
    undiciFetch(url, { ...options, body: options.body as string | undefined, dispatcher }) as unknown as Promise<Response>;
  return { fetch, close: () => dispatcher.close() };
}

export async function startRelyingParty(options: RelyingPartyOptions): Promise<RelyingParty> {
  const { config, log } = options;
  const sessions = new SessionStore();
  const transport = providerFetch(config.caFile);
  const providerOrigin = config.issuer.origin;
  let baseUrl = '';
  let discovered: Promise<client.Configuration> | null = null;

  function discover(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(
        config.issuer,
        config.clientId,
        undefined,
        config.clientSecret === null ? client.None() : client.ClientSecretPost(config.clientSecret),
        transport.fetch === undefined ? {} : { [client.customFetch]: transport.fetch },
      )
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  }

  function send(res: ServerResponse, status: number, html: string, cookies: string[] = []): void {
    res.writeHead(status, { ...pageHeaders(providerOrigin), ...(cookies.length > 0 && { 'set-cookie': cookies }) });
    res.end(html);
  }

  function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
    res.writeHead(303, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', ...(cookies.length > 0 && { 'set-cookie': cookies }) });
    res.end();
  }

  const sessionCookie = (session: Session) => serializeCookie(SESSION_COOKIE, session.id, { maxAgeSeconds: SESSION_IDLE_MS / 1000 });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Always on this site's own origin: a request target like `//other.example/callback` must not become another
    // host in the URL that openid-client derives the token request's redirect_uri from.
    const url = requestUrl(baseUrl, req.url);
    const cookies = parseCookies(req.headers.cookie);
    const session = sessions.get(cookies.get(SESSION_COOKIE));
    const language: Language = languageFrom(cookies.get(LANGUAGE_COOKIE));
    const method = req.method ?? 'GET';

    // Cookies are per host name: a visit by another name for this address (localhost) would lose its session at the
    // callback, which always comes back to the registered redirect URI's host.
    if ((method === 'GET' || method === 'HEAD') && req.headers.host !== new URL(baseUrl).host) {
      return redirect(res, `${baseUrl}${url.pathname === '/callback' ? '/' : url.pathname}`);
    }

    const lang = url.searchParams.get('lang');
    if (method === 'GET' && lang !== null && (url.pathname === '/' || url.pathname === '/datos')) {
      const chosen = languageFrom(lang);
      return redirect(res, url.pathname, [serializeCookie(LANGUAGE_COOKIE, chosen, { maxAgeSeconds: 365 * 86_400 })]);
    }

    if (method === 'GET' && url.pathname === '/') {
      return send(res, 200, homePage(language, { signedIn: (session?.user ?? null) !== null, signedOut: url.searchParams.get('state') === 'signed-out' }));
    }

    if (method === 'GET' && url.pathname === '/login') {
      let provider: client.Configuration;
      try {
        provider = await discover();
      } catch (error) {
        log.log('warn', 'rp.discovery_failed', { error: errorName(error) });
        return send(res, 502, errorPage(language, 'provider_unreachable'));
      }
      const current = session ?? sessions.create();
      const codeVerifier = client.randomPKCECodeVerifier();
      current.pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier };
      const authorizationUrl = client.buildAuthorizationUrl(provider, {
        redirect_uri: `${baseUrl}/callback`,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state: current.pending.state,
        nonce: current.pending.nonce,
        ui_locales: language,
      });
      log.log('info', 'rp.sign_in_started', {});
      return redirect(res, authorizationUrl.href, [sessionCookie(current)]);
    }

    if (method === 'GET' && url.pathname === '/callback') {
      const pending = session?.pending ?? null;
      if (session === null || pending === null) return failed(res, language, 'session_missing', 400);
      // One answer per attempt, whatever it says: a second use of the same state finds nothing pending.
      session.pending = null;
      if (url.searchParams.get('state') !== pending.state) return failed(res, language, 'state_mismatch', 400);
      const providerError = url.searchParams.get('error');
      if (providerError !== null) return failed(res, language, signInErrorFrom(providerError), 200);
      let provider: client.Configuration;
      try {
        provider = await discover();
      } catch (error) {
        log.log('warn', 'rp.discovery_failed', { error: errorName(error) });
        return failed(res, language, 'provider_unreachable', 502);
      }
      let user: Session['user'];
      try {
        const tokens = await client.authorizationCodeGrant(provider, url, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const subject = tokens.claims()!.sub;
        const claims = await client.fetchUserInfo(provider, tokens.access_token, subject);
        user = { claims, idToken: tokens.id_token };
      } catch (error) {
        log.log('warn', 'rp.token_failed', { error: errorName(error), code: errorCode(error) });
        return failed(res, language, error instanceof TypeError ? 'provider_unreachable' : 'token_failed', 502);
      }
      // A new session id at sign-in: an id planted in the browser before (session fixation) is not the signed-in one.
      sessions.delete(session.id);
      const signedIn = sessions.create();
      signedIn.user = user;
      log.log('info', 'rp.signed_in', {});
      return redirect(res, '/datos', [sessionCookie(signedIn)]);
    }

    if (method === 'GET' && url.pathname === '/datos') {
      if (session === null || session.user === null) return redirect(res, '/');
      return send(res, 200, dataPage(language, showClaims(session.user.claims), session.csrf));
    }

    if (method === 'POST' && url.pathname === '/logout') {
      const form = await readForm(req);
      if (session === null || form?.get('csrf') !== session.csrf) return redirect(res, '/');
      sessions.delete(session.id);
      const cleared = [serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0 })];
      log.log('info', 'rp.signed_out', {});
      const provider = await discover().catch(() => null);
      if (provider === null || provider.serverMetadata().end_session_endpoint === undefined) return redirect(res, '/?state=signed-out', cleared);
      const endSession = client.buildEndSessionUrl(provider, {
        post_logout_redirect_uri: `${baseUrl}/`,
        state: 'signed-out',
        ...(session.user?.idToken !== undefined && { id_token_hint: session.user.idToken }),
      });
      return redirect(res, endSession.href, cleared);
    }

    return send(res, 404, notFoundPage(language));
  }

  function failed(res: ServerResponse, language: Language, error: SignInError, status: number): void {
    log.log('info', 'rp.sign_in_failed', { reason: error });
    send(res, status, errorPage(language, error));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.log('error', 'rp.request_failed', { error: errorName(error) });
      if (!res.headersSent) send(res, 500, errorPage('es-CL', 'other'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new RelyingPartyPortInUse(config.port, config.host) : error));
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  baseUrl = `http://${config.host}:${port}`;
  return {
    url: baseUrl,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await transport.close();
    },
  };
}

export function requestUrl(baseUrl: string, target: string | undefined): URL {
  const url = new URL(baseUrl);
  const raw = target ?? '/';
  const query = raw.indexOf('?');
  url.pathname = query === -1 ? raw : raw.slice(0, query);
  url.search = query === -1 ? '' : raw.slice(query);
  return url;
}

/** An urlencoded body of at most MAX_FORM_BYTES; null for anything else. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  if (!/^application\/x-www-form-urlencoded\b/.test(req.headers['content-type'] ?? '')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown; error?: unknown } | null)?.error ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code.slice(0, 60) : '';
}
