/**
 * Shared by the provider's tests: the sandbox over real HTTPS with the
 * provider behind its router, a seeded database with one activated account
 * (password hashed with the cheap Argon2id parameters), a browser that keeps
 * cookies and follows nothing by itself, and openid-client trusting the
 * sandbox CA.
 */
import * as client from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain, type CentralDomain } from '../../../central/domain/index.ts';
import type { SignInPolicy } from '../../../central/domain/sign-in.ts';
import { oidcClientsFromEnvironment, SAMPLE_CLIENT_ID, SAMPLE_CLIENT_SECRET } from '../../../central/oidc/config.ts';
import { loadOrCreateSigningKeys } from '../../../central/oidc/keys.ts';
import { createOpenIdProvider, type OpenIdProvider } from '../../../central/oidc/provider.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import { cheapHasher, seededDatabasePath } from '../domain/support.ts';
import { temporaryDataDir } from '../server/https-client.ts';

export const PASSWORD = 'cinco lobitos tiene la loba';
export const SERVER_SECRET = new Uint8Array(32).fill(9);

export interface Sandbox {
  readonly server: CentralServer;
  readonly db: CentralDatabase;
  readonly domain: CentralDomain;
  readonly openId: OpenIdProvider;
  readonly dataDir: string;
  readonly logLines: string[];
  readonly fetch: client.CustomFetch;
  close(): Promise<void>;
}

export interface Account {
  readonly personId: number;
  readonly run: string;
  readonly email: string;
  readonly phone: string;
  readonly givenNames: string[];
  readonly surnames: string[];
}

export async function startSandbox(options: { signInPolicy?: Partial<SignInPolicy>; env?: Record<string, string>; dataDir?: string } = {}): Promise<Sandbox> {
  const db = openCentralDatabase(seededDatabasePath());
  const logLines: string[] = [];
  const log = (event: string, fields: object) => logLines.push(JSON.stringify({ event, ...fields }));
  const domain = createCentralDomain({ db, serverSecret: SERVER_SECRET, hasher: cheapHasher, log });
  const dataDir = options.dataDir ?? temporaryDataDir();
  let openId: OpenIdProvider | undefined;
  const logger = { log: (level: string, event: string, fields: object = {}) => log(event, { level, ...fields }) };
  const server = await startCentralServer({
    dataDir,
    store: createSqliteKioskPkiStore(db),
    logger,
    routes: centralApiRoutes({ domain, devMailbox: true }),
    fallthrough: ({ url }) =>
      (openId = createOpenIdProvider({
        issuer: url,
        ctx: domain.context,
        clients: oidcClientsFromEnvironment(options.env ?? {}),
        signingKeys: loadOrCreateSigningKeys(dataDir),
        logger,
        ...(options.signInPolicy && { signInPolicy: options.signInPolicy }),
      })),
  });
  const agent = new Agent({ connect: { ca: server.pki.ca.pem } });
  const fetch = ((url: string, init: object) => undiciFetch(url, { ...init, dispatcher: agent })) as unknown as client.CustomFetch;
  return {
    server,
    db,
    domain,
    openId: openId!,
    dataDir,
    logLines,
    fetch,
    async close() {
      await server.close();
      await agent.close();
      db.close();
    },
  };
}

let nextAccount = 0;

/** An activated account, as activation leaves it: the person's row marked, the password's Argon2id hash stored. */
export async function activatedAccount(sandbox: Sandbox, password = PASSWORD): Promise<Account> {
  const person = sandbox.db
    .prepare<[number], { id: number; run: string; given_names: string; surnames: string }>(
      'SELECT id, run, given_names, surnames FROM persons WHERE has_account = 0 ORDER BY id LIMIT 1 OFFSET ?',
    )
    .get(nextAccount++)!;
  const email = `persona${person.id}@example.cl`;
  const phone = '+56987654321';
  const passwordHash = await cheapHasher.hash(password);
  sandbox.db.transaction(() => {
    sandbox.domain.context.registry.createAccount({ personId: person.id, email, phone, passwordHash, channel: 'one-step', kioskId: 'kiosk-01' }, Date.now());
    sandbox.db.prepare('UPDATE persons SET has_account = 1 WHERE id = ?').run(person.id);
  })();
  return { personId: person.id, run: person.run, email, phone, givenNames: JSON.parse(person.given_names), surnames: JSON.parse(person.surnames) };
}

/** The sample relying party as openid-client sees the provider. */
export async function sampleRelyingParty(sandbox: Sandbox): Promise<client.Configuration> {
  const config = await client.discovery(new URL(sandbox.server.url), SAMPLE_CLIENT_ID, SAMPLE_CLIENT_SECRET, client.ClientSecretPost(SAMPLE_CLIENT_SECRET), {
    [client.customFetch]: sandbox.fetch,
  });
  config[client.customFetch] = sandbox.fetch;
  return config;
}

export interface Page {
  readonly status: number;
  readonly location: string | null;
  readonly text: string;
  readonly headers: Headers;
}

/** A browser without JavaScript: keeps cookies by name, follows redirects only when asked. */
export class Browser {
  readonly #cookies = new Map<string, string>();
  readonly #sandbox: Sandbox;
  readonly acceptLanguage: string;
  constructor(sandbox: Sandbox, acceptLanguage = 'es-CL,es;q=0.9') {
    this.#sandbox = sandbox;
    this.acceptLanguage = acceptLanguage;
  }

  async request(url: string, form?: Record<string, string>): Promise<Page> {
    const absolute = new URL(url, this.#sandbox.server.url).toString();
    const headers: Record<string, string> = { 'accept-language': this.acceptLanguage };
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = (await this.#sandbox.fetch(absolute, {
      method: form ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      ...(form && { body: new URLSearchParams(form).toString() }),
    } as never)) as unknown as Response;
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || pair.slice(eq + 1) === '') this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(eq + 1));
    }
    const location = response.headers.get('location');
    return { status: response.status, location: location && new URL(location, absolute).toString(), text: await response.text(), headers: response.headers };
  }

  /** Follows redirects on this origin; stops at the first page, or at a redirect that leaves the sandbox (the relying party's callback). */
  async follow(url: string, form?: Record<string, string>): Promise<Page & { url: string }> {
    let page = await this.request(url, form);
    let current = new URL(url, this.#sandbox.server.url).toString();
    for (let hops = 0; page.location && hops < 10; hops += 1) {
      if (!page.location.startsWith(this.#sandbox.server.url)) return { ...page, url: current };
      current = page.location;
      page = await this.request(current);
    }
    return { ...page, url: current };
  }
}

/** The form action on a page (first match of the path's suffix). */
export function formAction(html: string, suffix: string): string {
  const match = new RegExp(`action="([^"]*${suffix})"`).exec(html);
  if (!match) throw new Error(`no form posting to …${suffix}`);
  return match[1]!;
}

export function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}
