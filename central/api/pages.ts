/**
 * The two HTML pages the sandbox serves: the citizen's activation form
 * (`/activar`, Civil Digital mode's second half) and the development
 * mailbox. Server-side rendered, no script, Spanish, WCAG-minded: every
 * field has a label and a hint, errors are listed at the top in a focusable
 * summary (role="alert") and tied to their fields with aria-describedby.
 */
import { createHash } from 'node:crypto';
import { serverPageHeaders } from '../../common/csp.ts';
import type { StoredMessage } from '../domain/index.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
label{display:block;font-weight:600;margin-top:1rem}input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box;border:2px solid #555}
input:focus{outline:3px solid #0a58ca}.hint{color:#444;font-size:.95rem;margin:.2rem 0}.errors{border:3px solid #b00020;padding:1rem;margin:1rem 0}
.field-error{color:#b00020;font-weight:600}button{margin-top:1.5rem;font-size:1.1rem;padding:.6rem 1.4rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;margin:0}`;

/**
 * The headers of every page: no script at all, the one inline stylesheet by
 * its hash, forms only back to this origin, never framed (clickjacking on a
 * password form), and never stored by a browser or a proxy cache (the pages
 * carry a form key, a citizen's e-mail, and in the mailbox generated passwords).
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = serverPageHeaders({
  style: [`'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`],
  formAction: ["'self'"],
});

function page(title: string, main: string): string {
  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${main}
</main></body></html>`;
}

export interface ActivationFormValues {
  run?: string;
  email?: string;
  phone?: string;
}

export interface FormError {
  /** The field the error is about, or '' for the whole form. */
  field: 'run' | 'code' | 'email' | 'phone' | 'password' | '';
  message: string;
}

const FIELDS = [
  { name: 'run', label: 'RUN', hint: 'Tu RUN con dígito verificador, por ejemplo 12.345.678-5.', type: 'text', autocomplete: 'username' },
  {
    name: 'code',
    label: 'Código de activación',
    hint: 'Los 12 caracteres impresos en tu comprobante, por ejemplo ABCD-EFGH-JKMN.',
    type: 'text',
    autocomplete: 'one-time-code',
  },
  { name: 'email', label: 'Correo electrónico', hint: 'Le enviaremos la confirmación a este correo.', type: 'email', autocomplete: 'email' },
  { name: 'phone', label: 'Teléfono móvil', hint: 'Un móvil chileno: +56 9 y 8 dígitos.', type: 'tel', autocomplete: 'tel' },
  { name: 'password', label: 'Clave nueva', hint: '', type: 'password', autocomplete: 'new-password' },
] as const;

export function activationFormPage(options: { formKey: string; values?: ActivationFormValues; errors?: readonly FormError[]; passwordHint: string }): string {
  const errors = options.errors ?? [];
  const values = options.values ?? {};
  const summary =
    errors.length === 0
      ? ''
      : `<div class="errors" role="alert" tabindex="-1" id="errores"><h2>No pudimos activar tu ClaveÚnica</h2><ul>${errors
          .map((e) => `<li>${e.field ? `<a href="#${e.field}">${escapeHtml(e.message)}</a>` : escapeHtml(e.message)}</li>`)
          .join('')}</ul></div>`;
  const fields = FIELDS.map((f) => {
    const error = errors.find((e) => e.field === f.name);
    const hint = f.name === 'password' ? options.passwordHint : f.hint;
    const value = f.name === 'run' || f.name === 'email' || f.name === 'phone' ? (values[f.name] ?? '') : '';
    const describedBy = [`${f.name}-ayuda`, ...(error ? [`${f.name}-error`] : [])].join(' ');
    return `<label for="${f.name}">${f.label}</label>
<p class="hint" id="${f.name}-ayuda">${escapeHtml(hint)}</p>
${error ? `<p class="field-error" id="${f.name}-error">${escapeHtml(error.message)}</p>` : ''}
<input id="${f.name}" name="${f.name}" type="${f.type}" autocomplete="${f.autocomplete}" required aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ''} value="${escapeHtml(value)}">`;
  }).join('\n');
  return page(
    'Activar ClaveÚnica',
    `<p>Ingresa tu RUN y el código de activación que recibiste en el tótem, y elige cómo te contactaremos y tu clave.</p>
${summary}
<form method="post" action="/activar" novalidate>
<input type="hidden" name="formKey" value="${escapeHtml(options.formKey)}">
${fields}
<button type="submit">Activar ClaveÚnica</button>
</form>`,
  );
}

export function activationDonePage(email: string): string {
  return page(
    'ClaveÚnica activada',
    `<p role="status">Tu ClaveÚnica quedó activa. Enviamos una confirmación a ${escapeHtml(email)}. Ya puedes ingresar a los servicios del Estado con tu RUN y tu clave.</p>`,
  );
}

export function mailboxPage(messages: readonly StoredMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${m.id}</td><td>${escapeHtml(m.createdAt)}</td><td>${m.channel}</td><td>${escapeHtml(m.recipient)}</td><td>${escapeHtml(m.kind)}</td><td>${escapeHtml(m.subject ?? '')}</td><td><pre>${escapeHtml(m.body)}</pre></td></tr>`,
    )
    .join('\n');
  return page(
    'Buzón de desarrollo',
    `<p>Mensajes que el sandbox "envió" por correo o SMS (solo en el sandbox; no se envía nada). Los más recientes primero.</p>
<table><caption>${messages.length} mensajes</caption>
<thead><tr><th scope="col">#</th><th scope="col">Fecha (UTC)</th><th scope="col">Canal</th><th scope="col">Destinatario</th><th scope="col">Tipo</th><th scope="col">Asunto</th><th scope="col">Texto</th></tr></thead>
<tbody>${rows}</tbody></table>`,
  );
}
