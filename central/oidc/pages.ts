/**
 * The provider's own pages, rendered on the server: sign-in (with the
 * proof-of-work challenge when one is owed), lock, unlock, consent, logout
 * and errors. Like the activation page (api/pages.ts): a label and a hint for
 * every field, errors in a focusable summary and tied to their fields with
 * aria-describedby, the page's language in `lang`, nothing external.
 *
 * The CSP allows the one inline stylesheet and the one inline script by
 * their hashes (no 'unsafe-inline'). form-action names this origin and the
 * relying parties' origins: Chromium applies form-action to the redirects
 * that follow a form post, and a sign-in ends by redirecting to the relying
 * party's redirect URI.
 */
import { createHash } from 'node:crypto';
import { serverPageHeaders } from '../../common/csp.ts';
import { escapeHtml } from '../api/pages.ts';
import type { PageLanguage, PageTexts } from './messages.ts';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
label{display:block;font-weight:600;margin-top:1rem}input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box;border:2px solid #555}
input:focus,button:focus,a:focus{outline:3px solid #0a58ca}.hint{color:#444;font-size:.95rem;margin:.2rem 0}.errors{border:3px solid #b00020;padding:1rem;margin:1rem 0}
.field-error{color:#b00020;font-weight:600}button{margin:1.5rem .5rem 0 0;font-size:1.1rem;padding:.6rem 1.4rem}.notice{border:2px solid #0a58ca;padding:1rem}
.lang{text-align:right}`;

/** Solves the challenge (sign-in-challenge.ts) with WebCrypto, then lets the form be sent; the texts come from the form's data attributes. */
export const CHALLENGE_SCRIPT = `(async()=>{const f=document.getElementById('sign-in');const c=f&&f.dataset.challenge;if(!c)return;
const s=document.getElementById('challenge-status');const b=document.getElementById('sign-in-submit');const n=document.getElementById('pow_nonce');
b.disabled=true;s.textContent=f.dataset.working;const bits=Number(c.split('.')[3]);const e=new TextEncoder();
const zeros=(d)=>{let z=0;for(const x of d){if(x===0){z+=8;continue}return z+Math.clz32(x)-24}return z};
for(let i=0;;i++){const d=new Uint8Array(await crypto.subtle.digest('SHA-256',e.encode(c+':'+i)));if(zeros(d)>=bits){n.value=String(i);break}}
b.disabled=false;s.textContent=f.dataset.done;})();`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export function pageHeaders(formOrigins: readonly string[]): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    ...serverPageHeaders({ style: [sha256(STYLE)], script: [sha256(CHALLENGE_SCRIPT)], formAction: ["'self'", ...formOrigins] }),
  };
}

export interface FieldError {
  readonly field: 'run' | 'password' | 'code' | '';
  readonly message: string;
}

interface PageOptions {
  readonly texts: PageTexts;
  readonly title: string;
  /** Where the other language's version of this page is; none on pages answering a POST. */
  readonly languageLink?: string | undefined;
  readonly script?: boolean;
}

function page(options: PageOptions, main: string): string {
  const { texts } = options;
  const link = options.languageLink
    ? `<p class="lang"><a href="${escapeHtml(options.languageLink)}" lang="${texts.otherLanguage.lang}" hreflang="${texts.otherLanguage.lang}">${texts.otherLanguage.label}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${texts.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} — ClaveÚnica</title><style>${STYLE}</style></head>
<body>${link}<main><h1>${escapeHtml(options.title)}</h1>
${main}
</main>${options.script ? `<script>${CHALLENGE_SCRIPT}</script>` : ''}</body></html>`;
}

function summary(texts: PageTexts, errors: readonly FieldError[]): string {
  if (errors.length === 0) return '';
  const items = errors.map((e) => `<li>${e.field ? `<a href="#${e.field}">${escapeHtml(e.message)}</a>` : escapeHtml(e.message)}</li>`).join('');
  return `<div class="errors" role="alert" tabindex="-1" id="errors"><h2>${escapeHtml(texts.errorSummary)}</h2><ul>${items}</ul></div>`;
}

interface FieldSpec {
  readonly name: 'run' | 'password' | 'code';
  readonly label: string;
  readonly hint: string;
  readonly type: string;
  readonly autocomplete: string;
  readonly value?: string | undefined;
  readonly inputmode?: string;
}

function field(spec: FieldSpec, errors: readonly FieldError[]): string {
  const error = errors.find((e) => e.field === spec.name);
  const describedBy = [`${spec.name}-hint`, ...(error ? [`${spec.name}-error`] : [])].join(' ');
  return `<label for="${spec.name}">${escapeHtml(spec.label)}</label>
<p class="hint" id="${spec.name}-hint">${escapeHtml(spec.hint)}</p>
${error ? `<p class="field-error" id="${spec.name}-error">${escapeHtml(error.message)}</p>` : ''}
<input id="${spec.name}" name="${spec.name}" type="${spec.type}" autocomplete="${spec.autocomplete}"${spec.inputmode ? ` inputmode="${spec.inputmode}"` : ''} required aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ''} value="${escapeHtml(spec.value ?? '')}">`;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

export interface SignInPageOptions {
  readonly texts: PageTexts;
  readonly language: PageLanguage;
  readonly uid: string;
  readonly clientName: string;
  readonly run?: string | undefined;
  readonly errors?: readonly FieldError[];
  readonly notice?: string | undefined;
  /** A challenge to solve before the form may be sent; none when the address and account owe none. */
  readonly challenge?: string | null | undefined;
  readonly challengeMinutes: number;
  readonly languageLink?: string | undefined;
}

export function signInPage(o: SignInPageOptions): string {
  const { texts } = o;
  const errors = o.errors ?? [];
  const challenge = o.challenge
    ? `<div class="notice"><p>${escapeHtml(texts.challengeLead)}</p><p role="status" aria-live="polite" id="challenge-status"></p>
<noscript><p>${escapeHtml(texts.challengeNoScript(o.challengeMinutes))}</p></noscript></div>`
    : '';
  const data = o.challenge
    ? ` data-challenge="${escapeHtml(o.challenge)}" data-working="${escapeHtml(texts.challengeWorking)}" data-done="${escapeHtml(texts.challengeDone)}"`
    : '';
  return page(
    { texts, title: texts.signInTitle, languageLink: o.languageLink, script: Boolean(o.challenge) },
    `<p>${escapeHtml(texts.signInLead(o.clientName))}</p>
${o.notice ? `<p class="notice" role="status">${escapeHtml(o.notice)}</p>` : ''}
${summary(texts, errors)}
${challenge}
<form method="post" action="/interaction/${escapeHtml(o.uid)}/login" id="sign-in" novalidate${data}>
${hidden('lang', o.language)}
${o.challenge ? `${hidden('pow_challenge', o.challenge)}<input type="hidden" name="pow_nonce" id="pow_nonce" value="">` : ''}
${field({ name: 'run', label: texts.runLabel, hint: texts.runHint, type: 'text', autocomplete: 'username', value: o.run }, errors)}
${field({ name: 'password', label: texts.passwordLabel, hint: texts.passwordHint, type: 'password', autocomplete: 'current-password' }, errors)}
<button type="submit" id="sign-in-submit">${escapeHtml(texts.signInButton)}</button>
</form>
<form method="post" action="/interaction/${escapeHtml(o.uid)}/abort">${hidden('lang', o.language)}<button type="submit">${escapeHtml(texts.cancel)}</button></form>`,
  );
}

export function lockedPage(o: { texts: PageTexts; language: PageLanguage; uid: string; until: string }): string {
  return page(
    { texts: o.texts, title: o.texts.lockedTitle },
    `<p role="alert">${escapeHtml(o.texts.locked(o.until))}</p>
<p><a href="/interaction/${escapeHtml(o.uid)}/unlock?lang=${o.language}">${escapeHtml(o.texts.unlockTitle)}</a></p>`,
  );
}

export interface UnlockPageOptions {
  readonly texts: PageTexts;
  readonly language: PageLanguage;
  readonly uid: string;
  readonly run?: string | undefined;
  readonly errors?: readonly FieldError[];
  readonly notice?: string | undefined;
  readonly languageLink?: string | undefined;
}

export function unlockPage(o: UnlockPageOptions): string {
  const { texts } = o;
  const errors = o.errors ?? [];
  return page(
    { texts, title: texts.unlockTitle, languageLink: o.languageLink },
    `<p>${escapeHtml(texts.unlockLead)}</p>
${o.notice ? `<p class="notice" role="status">${escapeHtml(o.notice)}</p>` : ''}
${summary(texts, errors)}
<form method="post" action="/interaction/${escapeHtml(o.uid)}/unlock" novalidate>
${hidden('lang', o.language)}
${field({ name: 'run', label: texts.runLabel, hint: texts.runHint, type: 'text', autocomplete: 'username', value: o.run }, errors)}
${field({ name: 'code', label: texts.codeLabel, hint: texts.codeHint, type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric' }, errors)}
<button type="submit" name="action" value="unlock">${escapeHtml(texts.unlockButton)}</button>
<button type="submit" name="action" value="resend">${escapeHtml(texts.resendButton)}</button>
</form>`,
  );
}

export function secondFactorPage(o: { texts: PageTexts; language: PageLanguage; uid: string; emailHint: string; errors?: readonly FieldError[] }): string {
  const { texts } = o;
  const errors = o.errors ?? [];
  return page(
    { texts, title: texts.secondFactorTitle },
    `<p>${escapeHtml(texts.secondFactorLead(o.emailHint))}</p>
${summary(texts, errors)}
<form method="post" action="/interaction/${escapeHtml(o.uid)}/second-factor" novalidate>
${hidden('lang', o.language)}${hidden('hint', o.emailHint)}
${field({ name: 'code', label: texts.secondFactorLabel, hint: texts.secondFactorHint, type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric' }, errors)}
<button type="submit">${escapeHtml(texts.secondFactorButton)}</button>
</form>`,
  );
}

export function consentPage(o: {
  texts: PageTexts;
  language: PageLanguage;
  uid: string;
  clientName: string;
  scopes: readonly ('run' | 'name' | 'email' | 'phone')[];
}): string {
  const { texts } = o;
  const items = o.scopes.map((s) => `<li>${escapeHtml(texts.claims[s])}</li>`).join('');
  return page(
    { texts, title: texts.consentTitle },
    `<p>${escapeHtml(texts.consentLead(o.clientName))}</p>
<ul>${items}</ul>
<form method="post" action="/interaction/${escapeHtml(o.uid)}/confirm">${hidden('lang', o.language)}<button type="submit">${escapeHtml(texts.allow)}</button></form>
<form method="post" action="/interaction/${escapeHtml(o.uid)}/abort">${hidden('lang', o.language)}<button type="submit">${escapeHtml(texts.deny)}</button></form>`,
  );
}

/** `form` is oidc-provider's hidden logout form (id "op.logoutForm", with its xsrf token). */
export function logoutPage(texts: PageTexts, form: string): string {
  return page(
    { texts, title: texts.logoutTitle },
    `<p>${escapeHtml(texts.logoutQuestion)}</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">${escapeHtml(texts.logoutYes)}</button>
<button type="submit" form="op.logoutForm">${escapeHtml(texts.logoutNo)}</button>`,
  );
}

export function loggedOutPage(texts: PageTexts): string {
  return page({ texts, title: texts.loggedOutTitle }, `<p role="status">${escapeHtml(texts.loggedOut)}</p>`);
}

export function errorPage(texts: PageTexts, detail?: string): string {
  return page({ texts, title: texts.errorTitle }, `<p role="alert">${escapeHtml(detail ?? texts.errorLead)}</p>`);
}
