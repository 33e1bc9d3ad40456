/**
 * The interaction pages oidc-provider sends the browser to
 * (`/interaction/:uid`): sign-in with RUN and password, the lock and unlock
 * pages, and consent. Every POST is a form; bodies are bounded like the API's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { webClientId } from '../api/web-client.ts';
import type { Clock } from '../domain/clock.ts';
import type { SignIn } from '../domain/sign-in.ts';
import type { CentralLogger } from '../server/log.ts';
import { Problem } from '../server/problem.ts';
import { readRequestBody } from '../server/request-body.ts';
import type { OidcClientConfig } from './config.ts';
import { formLanguage, readSecondFactorForm, readSignInForm, readUnlockForm } from './forms.ts';
import { choosePageLanguage, type PageLanguage, pageTexts, type PageTexts } from './messages.ts';
import { consentPage, errorPage, type FieldError, lockedPage, secondFactorPage, signInPage, unlockPage } from './pages.ts';

export interface InteractionDeps {
  readonly provider: Provider;
  readonly signIn: SignIn;
  readonly clients: readonly OidcClientConfig[];
  readonly headers: Readonly<Record<string, string>>;
  readonly logger: CentralLogger;
  readonly clock: Clock;
}

const FORM_LIMIT_BYTES = 8 * 1024;
const CLAIM_SCOPES = ['run', 'name', 'email', 'phone'] as const;
type ClaimScope = (typeof CLAIM_SCOPES)[number];
const PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|confirm|abort|unlock|second-factor))?$/;

/** The client's name as the citizen should read it: the sandbox's clients have only ids, which are written to be read. */
const clientName = (clientId: unknown) => (typeof clientId === 'string' ? clientId : '');

function until(epochMs: number, language: PageLanguage): string {
  return new Intl.DateTimeFormat(language, { timeZone: 'America/Santiago', dateStyle: 'short', timeStyle: 'short' }).format(epochMs);
}

function send(response: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: string): void {
  response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

export async function handleInteraction(request: IncomingMessage, response: ServerResponse, deps: InteractionDeps): Promise<void> {
  const raw = request.url ?? '';
  const queryStart = raw.indexOf('?');
  const path = queryStart === -1 ? raw : raw.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : raw.slice(queryStart + 1));
  const match = PATH.exec(path);
  const method = request.method ?? 'GET';
  let language = choosePageLanguage(query.get('lang'), undefined, request.headers['accept-language']);
  const page = (status: number, body: string) => send(response, status, deps.headers, body);
  if (!match) return page(404, errorPage(pageTexts(language)));
  const [, uid, action] = match;
  const isPost = method === 'POST';
  if (
    (action === undefined && method !== 'GET') ||
    ((action === 'login' || action === 'confirm' || action === 'abort' || action === 'second-factor') && !isPost) ||
    (action === 'unlock' && !isPost && method !== 'GET')
  ) {
    response.setHeader('allow', action === undefined ? 'GET' : action === 'unlock' ? 'GET, POST' : 'POST');
    return page(405, errorPage(pageTexts(language)));
  }

  let details: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    details = await deps.provider.interactionDetails(request, response);
  } catch (error) {
    // No interaction cookie, or it expired: the browser must start again from the relying party.
    deps.logger.log('info', 'oidc_interaction_missing', { error: error instanceof Error ? error.name : typeof error });
    return page(400, errorPage(pageTexts(language), pageTexts(language).sessionExpired));
  }
  if (details.uid !== uid) return page(400, errorPage(pageTexts(language), pageTexts(language).sessionExpired));

  let form = new URLSearchParams();
  if (isPost) {
    try {
      form = (await readRequestBody(request, 'form', FORM_LIMIT_BYTES)) as URLSearchParams;
    } catch (error) {
      if (error instanceof Problem) return page(error.status, errorPage(pageTexts(language)));
      throw error;
    }
    language = formLanguage(form);
  } else if (!query.has('lang')) {
    language = choosePageLanguage(null, details.params.ui_locales as string | undefined, request.headers['accept-language']);
  }
  const texts = pageTexts(language);
  const clientId = String(details.params.client_id ?? '');
  const address = webClientId(request.socket.remoteAddress);
  const otherLanguage = `${path}?lang=${encodeURIComponent(texts.otherLanguage.lang)}`;
  const challengeMinutes = Math.ceil(deps.signIn.policy.addressWindowMs / 60_000);
  const freshChallenge = () => (deps.signIn.challengeOwed(address) ? deps.signIn.newChallenge() : null);

  if (action === 'abort') {
    return deps.provider.interactionFinished(
      request,
      response,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false },
    );
  }

  if (action === 'unlock') return unlock(deps, { uid, language, texts, form, isPost, clientId, address, otherLanguage, challengeMinutes, page });

  if (action === undefined) {
    if (details.prompt.name === 'login') {
      return page(
        200,
        signInPage({ texts, language, uid, clientName: clientName(clientId), challenge: freshChallenge(), challengeMinutes, languageLink: otherLanguage }),
      );
    }
    return page(200, consentPage({ texts, language, uid, clientName: clientName(clientId), scopes: requestedClaimScopes(details.params.scope) }));
  }

  if (action === 'login') {
    if (details.prompt.name !== 'login') return page(400, errorPage(texts, texts.sessionExpired));
    const read = readSignInForm(form, texts);
    const again = (status: number, extra: { errors?: readonly FieldError[]; challenge?: string | null }) =>
      page(
        status,
        signInPage({
          texts,
          language,
          uid,
          clientName: clientName(clientId),
          run: read.ok ? read.value.run : read.run,
          challengeMinutes,
          challenge: freshChallenge(),
          ...extra,
        }),
      );
    if (!read.ok) return again(400, { errors: read.errors });
    const result = await deps.signIn.attempt({ ...read.value, address, clientId, language, interactionUid: uid });
    switch (result.kind) {
      case 'success':
        return deps.provider.interactionFinished(request, response, { login: { accountId: result.accountId } }, { mergeWithLastSubmission: false });
      case 'second_factor':
        return page(200, secondFactorPage({ texts, language, uid, emailHint: result.emailHint }));
      case 'failed':
        return again(401, {
          errors: [{ field: '', message: texts.wrongCredentials }],
          challenge: result.challengeRequired ? deps.signIn.newChallenge() : null,
        });
      case 'challenge_required':
        return again(403, { errors: [{ field: '', message: texts.challengeFailed }], challenge: deps.signIn.newChallenge() });
      case 'locked':
        return page(423, lockedPage({ texts, language, uid, until: until(result.liftsAt, language) }));
      case 'rate_limited':
        response.setHeader('retry-after', String(Math.max(1, Math.ceil((result.retryAt - deps.clock()) / 1000))));
        return again(429, { errors: [{ field: '', message: texts.rateLimited(until(result.retryAt, language)) }], challenge: null });
    }
  }

  if (action === 'second-factor') {
    if (details.prompt.name !== 'login') return page(400, errorPage(texts, texts.sessionExpired));
    const read = readSecondFactorForm(form, texts);
    if (!read.ok) return page(400, secondFactorPage({ texts, language, uid, emailHint: read.hint, errors: read.errors }));
    const result = deps.signIn.verifySecondFactor(uid, read.code, clientId, address, language);
    switch (result.kind) {
      case 'success':
        return deps.provider.interactionFinished(request, response, { login: { accountId: result.accountId } }, { mergeWithLastSubmission: false });
      case 'wrong':
        return page(401, secondFactorPage({ texts, language, uid, emailHint: read.hint, errors: [{ field: 'code', message: texts.secondFactorWrong }] }));
      case 'expired':
        return page(410, errorPage(texts, texts.secondFactorExpired));
      case 'locked':
        return page(423, lockedPage({ texts, language, uid, until: until(result.liftsAt, language) }));
    }
  }

  // confirm: the citizen agreed to share what the relying party asked for.
  if (details.prompt.name !== 'consent' || !details.session?.accountId) return page(400, errorPage(texts, texts.sessionExpired));
  const { Grant } = deps.provider;
  const grant = details.grantId ? await Grant.find(details.grantId) : new Grant({ accountId: details.session.accountId, clientId });
  if (!grant) return page(400, errorPage(texts, texts.sessionExpired));
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  return deps.provider.interactionFinished(request, response, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

function requestedClaimScopes(scope: unknown): ClaimScope[] {
  const requested = new Set(typeof scope === 'string' ? scope.split(' ') : []);
  return CLAIM_SCOPES.filter((s) => requested.has(s));
}

interface UnlockContext {
  readonly uid: string;
  readonly language: PageLanguage;
  readonly texts: PageTexts;
  readonly form: URLSearchParams;
  readonly isPost: boolean;
  readonly clientId: string;
  readonly address: string;
  readonly otherLanguage: string;
  readonly challengeMinutes: number;
  readonly page: (status: number, body: string) => void;
}

function unlock(deps: InteractionDeps, u: UnlockContext): void {
  const { texts, language, uid } = u;
  if (!u.isPost) return u.page(200, unlockPage({ texts, language, uid, languageLink: u.otherLanguage }));
  const read = readUnlockForm(u.form, texts);
  if (!read.ok) return u.page(400, unlockPage({ texts, language, uid, run: read.run, errors: read.errors }));
  if (read.value.action === 'resend') {
    deps.signIn.requestUnlockCode(read.value.run, u.clientId, u.address, language);
    return u.page(200, unlockPage({ texts, language, uid, run: read.value.run, notice: texts.resent }));
  }
  const result = deps.signIn.unlockWithCode(read.value.run, read.value.code, u.clientId, u.address);
  if (result.kind === 'unlocked') {
    return u.page(
      200,
      signInPage({
        texts,
        language,
        uid,
        clientName: clientName(u.clientId),
        run: read.value.run,
        notice: texts.unlocked,
        challengeMinutes: u.challengeMinutes,
        challenge: deps.signIn.challengeOwed(u.address) ? deps.signIn.newChallenge() : null,
      }),
    );
  }
  const message = result.kind === 'expired' ? texts.codeExpired : texts.codeWrong;
  return u.page(result.kind === 'expired' ? 410 : 403, unlockPage({ texts, language, uid, run: read.value.run, errors: [{ field: 'code', message }] }));
}
