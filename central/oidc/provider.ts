/**
 * The central sandbox as ClaveÚnica's OpenID Connect provider (oidc-provider)
 * on the API's own HTTPS origin: the server hands every request its router
 * does not match to `handle` (central-server.ts `fallthrough`); our
 * interaction pages are served here, everything else is oidc-provider's
 * (discovery, JWKS, /auth, /token, /me, /session/end).
 *
 * What is on, what is off, and why (Decreto 9 art. 6, 7, 13, 15):
 *  - the authorization code flow only (response_types ['code']: no implicit
 *    or hybrid, which put tokens in URLs), with PKCE required for every
 *    client and S256 its only method;
 *  - claims as ClaveÚnica returns them: scope `run` → RolUnico {numero, DV,
 *    tipo}, `name` → name {nombres, apellidos}, `email`, `phone`; in the
 *    ID token as well as from userinfo (conformIdTokenClaims off), because
 *    relying parties written for ClaveÚnica read either;
 *  - no development interactions: the sign-in and consent pages are ours;
 *  - ES256 keys from the data directory (keys.ts), cookies signed with keys
 *    derived from the server secret, storage in the central database.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DomainContext } from '../domain/context.ts';
import { keyedHash } from '../domain/secrets.ts';
import { SignIn, type SignInPolicy } from '../domain/sign-in.ts';
import type { CentralLogger } from '../server/log.ts';
import type { OidcClientConfig } from './config.ts';
import { handleInteraction } from './interactions.ts';
import { choosePageLanguage, pageTexts } from './messages.ts';
import { errorPage, loggedOutPage, logoutPage, pageHeaders } from './pages.ts';
import type { SigningJwk } from './keys.ts';
import { purgeOidcModels, sqliteAdapterFactory } from './sqlite-adapter.ts';

export const OIDC_SCOPES = ['openid', 'run', 'name', 'email', 'phone'] as const;

/** Seconds. Short: a sign-in is a few minutes' work, and tokens are used at once by the relying party. */
export const OIDC_TTL = { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 900, Session: 3600, Grant: 3600 } as const;

export interface OpenIdProviderOptions {
  readonly issuer: string;
  readonly ctx: DomainContext;
  readonly clients: readonly OidcClientConfig[];
  readonly signingKeys: readonly SigningJwk[];
  readonly logger: CentralLogger;
  readonly signInPolicy?: Partial<SignInPolicy>;
}

/**
 * The paths the provider answers (oidc-provider's routes for the features on,
 * and our interaction pages). Any other path stays the API's, which refuses an
 * unknown path without a client certificate without saying whether it exists.
 */
const PROVIDER_PATHS =
  /^(?:\/\.well-known\/openid-configuration|\/jwks|\/token|\/me|\/request|\/auth(?:\/[^/]+)?|\/session\/end(?:\/confirm|\/success)?|\/interaction\/.+)$/;

export interface OpenIdProvider {
  readonly provider: Provider;
  handles(path: string): boolean;
  readonly signIn: SignIn;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Deletes lapsed provider rows and sign-in records; run with the domain's hourly purge. */
  purge(): number;
}

function languageOf(ctx: KoaContextWithOIDC): ReturnType<typeof choosePageLanguage> {
  const uiLocales = (ctx.oidc?.params?.ui_locales as string | undefined) ?? undefined;
  return choosePageLanguage(ctx.query.lang as string | undefined, uiLocales, ctx.get('accept-language'));
}

export function createOpenIdProvider(options: OpenIdProviderOptions): OpenIdProvider {
  const { ctx, logger } = options;
  const signIn = new SignIn(ctx, options.signInPolicy);
  const formOrigins = [...new Set(options.clients.flatMap((c) => [...c.redirect_uris, ...c.post_logout_redirect_uris].map((u) => new URL(u).origin)))];
  const headers = pageHeaders(formOrigins);
  const html = (koa: KoaContextWithOIDC, status: number, body: string) => {
    koa.status = status;
    for (const [name, value] of Object.entries(headers)) koa.set(name, value);
    koa.body = body;
  };

  const configuration: Configuration = {
    adapter: sqliteAdapterFactory(ctx.db, ctx.clock),
    clients: options.clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: [...c.redirect_uris],
      post_logout_redirect_uris: [...c.post_logout_redirect_uris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // ClaveÚnica's token endpoint takes the client's id and secret in the form body.
      token_endpoint_auth_method: 'client_secret_post',
    })),
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: [...OIDC_SCOPES],
    claims: { openid: ['sub'], run: ['RolUnico'], name: ['name'], email: ['email'], phone: ['phone'] },
    conformIdTokenClaims: false,
    async findAccount(_koa, sub) {
      const account = signIn.account(sub);
      if (!account) return undefined;
      const [numero, dv] = account.run.split('-') as [string, string];
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            RolUnico: { numero: Number(numero), DV: dv, tipo: 'RUN' },
            name: { nombres: [...account.givenNames], apellidos: [...account.surnames] },
            email: account.email,
            phone: account.phone,
          };
        },
      };
    },
    interactions: { url: (_koa, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(koa, form) {
          html(koa, 200, logoutPage(pageTexts(languageOf(koa)), form));
        },
        async postLogoutSuccessSource(koa) {
          html(koa, 200, loggedOutPage(pageTexts(languageOf(koa))));
        },
      },
    },
    async renderError(koa, out) {
      logger.log('info', 'oidc_error_page', { error: String(out.error) });
      html(koa, koa.status >= 400 ? koa.status : 400, errorPage(pageTexts(languageOf(koa))));
    },
    clientBasedCORS: (_koa, origin, client) => client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
    cookies: {
      keys: [keyedHash(ctx.serverSecret, 'oidc-cookies').toString('base64url')],
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    jwks: { keys: options.signingKeys.map((k) => ({ ...k })) as Configuration['jwks'] extends { keys: infer K } | undefined ? K : never },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'], userinfoSigningAlgValues: ['ES256'] },
    ttl: { ...OIDC_TTL },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.on('server_error', (_koa, error) => logger.log('error', 'oidc_error', { event: 'server_error', error: error.name }));
  provider.on('authorization.error', (_koa, error) => logger.log('info', 'oidc_error', { event: 'authorization.error', error: error.name }));
  provider.on('grant.error', (_koa, error) => logger.log('info', 'oidc_error', { event: 'grant.error', error: error.name }));
  const callback = provider.callback();
  return {
    provider,
    signIn,
    purge: () => ctx.db.transaction(() => purgeOidcModels(ctx.db, ctx.clock()) + signIn.purge(ctx.clock())).immediate(),
    handles: (path) => PROVIDER_PATHS.test(path),
    async handle(request, response) {
      if ((request.url ?? '').startsWith('/interaction/')) {
        await handleInteraction(request, response, { provider, signIn, clients: options.clients, headers, logger, clock: ctx.clock });
        return;
      }
      await callback(request, response);
    },
  };
}
