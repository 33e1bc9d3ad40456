/**
 * The relying party's pages: server-rendered HTML, no script, no external
 * asset, one inline stylesheet allowed by its hash. Landmarks, a skip-free
 * single <main>, headings in order, errors in a role="alert" region, a
 * language switch that names the language it switches to.
 */
import { createHash } from 'node:crypto';
import { serverPageHeaders } from '../common/csp.ts';
import type { ShownClaims } from './claims.ts';
import { CATALOGUES, type Language, type SignInError } from './messages.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:0 1rem 2rem;line-height:1.5;color:#1a1a1a;background:#fff}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:4px solid #0f69b4;padding:1rem 0;margin-bottom:1rem}
header p{margin:0;font-weight:700}a{color:#0b4f8a}a:focus,button:focus{outline:3px solid #e25b00;outline-offset:2px}
.cta{display:inline-block;background:#0f69b4;color:#fff;font-size:1.15rem;font-weight:700;padding:.7rem 1.4rem;border-radius:.3rem;text-decoration:none}
.notice{border-left:6px solid #0f69b4;padding:.5rem 1rem;background:#eef5fb}.error{border:3px solid #b00020;padding:1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1.2rem}dt{font-weight:700}dd{margin:0}
button{font-size:1.05rem;padding:.6rem 1.2rem;margin-top:1.5rem}`;

export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * No script, the stylesheet by hash, nothing framed, no referrer (the
 * callback URL carries a code). Forms go to this site and, for the logout's
 * redirect to end_session, the provider: Chromium applies form-action to the
 * redirects a form submission follows.
 */
export function pageHeaders(providerOrigin: string): Record<string, string> {
  return { 'content-type': 'text/html; charset=utf-8', ...serverPageHeaders({ style: [STYLE_HASH], formAction: ["'self'", providerOrigin] }) };
}

function page(language: Language, path: string, title: string, main: string): string {
  const t = CATALOGUES[language];
  const other: Language = language === 'en' ? 'es-CL' : 'en';
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><p>${escapeHtml(t.site)}</p><nav aria-label="${escapeHtml(t.mainNav)}"><a href="${path}?lang=${other}" lang="${other}" hreflang="${other}">${escapeHtml(t.otherLanguage)}</a></nav></header>
<main><h1>${escapeHtml(title)}</h1>
${main}
</main></body></html>`;
}

export function homePage(language: Language, options: { signedIn: boolean; signedOut: boolean }): string {
  const t = CATALOGUES[language];
  const notice = options.signedOut ? `<p class="notice" role="status">${escapeHtml(t.signedOut)}</p>` : '';
  const data = options.signedIn ? `<p><a href="/datos">${escapeHtml(t.dataTitle)}</a></p>` : '';
  return page(
    language,
    '/',
    t.homeTitle,
    `${notice}<p>${escapeHtml(t.homeIntro)}</p>
<p><a class="cta" href="/login">${escapeHtml(t.signIn)}</a></p>${data}`,
  );
}

export function errorPage(language: Language, error: SignInError): string {
  const t = CATALOGUES[language];
  return page(
    language,
    '/',
    t.errorTitle,
    `<div class="error" role="alert"><p>${escapeHtml(t.errors[error])}</p></div>
<p><a href="/login">${escapeHtml(t.tryAgain)}</a></p><p><a href="/">${escapeHtml(t.site)}</a></p>`,
  );
}

export function dataPage(language: Language, claims: ShownClaims, csrfToken: string): string {
  const t = CATALOGUES[language];
  const row = (label: string, value: string | null) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value ?? t.missing)}</dd>`;
  return page(
    language,
    '/datos',
    t.dataTitle,
    `<p>${escapeHtml(t.dataIntro)}</p>
<dl>${row(t.run, claims.run)}${row(t.name, claims.name)}${row(t.email, claims.email)}${row(t.phone, claims.phone)}</dl>
<form method="post" action="/logout"><input type="hidden" name="csrf" value="${escapeHtml(csrfToken)}"><button type="submit">${escapeHtml(t.signOut)}</button></form>`,
  );
}

export function notFoundPage(language: Language): string {
  const t = CATALOGUES[language];
  return page(language, '/', t.notFound, `<p><a href="/">${escapeHtml(t.site)}</a></p>`);
}
