/**
 * The operator's fleet page (`GET /admin/kiosks`): the fleet view as a table,
 * server-rendered so it reads without script, and refreshed in place every
 * 30 s by one small inline script (allowed by its hash, nothing else) that
 * fetches `/admin/kiosks.json`; a button pauses and resumes the refresh
 * (WCAG 2.2.2: content that updates by itself can be paused). Alerts are
 * words, never only a colour. Spanish (Chile), like the other central pages.
 *
 * The script renders rows with the same words as rowCells below; the e2e test
 * compares a refreshed table with a server-rendered one, so they cannot drift.
 */
import { createHash } from 'node:crypto';
import { serverPageHeaders } from '../../common/csp.ts';
import { escapeHtml } from './pages.ts';
import type { FleetKiosk, FleetView } from './kiosk-fleet.ts';

export const REFRESH_SECONDS = 30;

/** Words for the codes and states (the script gets the same object as JSON). */
const LABELS = {
  modes: { 'civil-digital': 'Civil Digital', chileatiende: 'ChileAtiende' } as Record<string, string>,
  states: { ready: 'Lista', busy: 'Ocupada', 'not-ready': 'No lista', 'not-connected': 'Desconectada' } as Record<string, string>,
  roles: { fingerprint: 'lector de huella', cardReader: 'lector de cédula', printer: 'impresora' } as Record<string, string>,
  alerts: {
    device_down: 'Dispositivo caído',
    queue_stale: 'Cola detenida (segundos)',
    dead_letters: 'Envíos fallidos',
    clock_skew: 'Reloj desfasado (segundos)',
    certificate_expiring: 'Certificado por vencer',
    no_heartbeat: 'Sin señal (segundos)',
  } as Record<string, string>,
  none: '—',
  noAlerts: 'Sin alertas',
  yes: 'Sí',
  no: 'No',
  since: 'desde',
  ordered: 'Ordenado por operador',
  liftedBy: 'Reactivado por operador',
};

/** One row's cells, as text (a cell with `items` is a list). Mirrored by the script's `cells`. */
export function rowCells(k: FleetKiosk): { text: string; items?: string[] }[] {
  const state = (s: string | null) => (s === null ? LABELS.none : (LABELS.states[s] ?? s));
  const queue = k.queue
    ? `${k.queue.pending} pendientes; más antiguo: ${k.queue.oldestAgeSeconds === null ? LABELS.none : `${k.queue.oldestAgeSeconds} s`}; ${k.queue.dead} fallidos`
    : LABELS.none;
  const directive = k.directive
    ? ` (${k.directive.outOfService ? LABELS.ordered : LABELS.liftedBy}${k.directive.outOfService && k.directive.office ? `: ${k.directive.office}` : ''})`
    : '';
  const alerts = k.alerts.map(
    (a) => `${LABELS.alerts[a.code] ?? a.code}: ${a.code === 'device_down' ? (LABELS.roles[a.detail] ?? a.detail) : a.detail}, ${LABELS.since} ${a.since}`,
  );
  return [
    { text: k.id },
    { text: k.lastSeen ?? LABELS.none },
    { text: k.version ?? LABELS.none },
    { text: k.mode === null ? LABELS.none : (LABELS.modes[k.mode] ?? k.mode) },
    { text: state(k.devices.fingerprint) },
    { text: state(k.devices.cardReader) },
    { text: state(k.devices.printer) },
    { text: queue },
    { text: `${k.outOfService ? LABELS.yes : LABELS.no}${directive}` },
    alerts.length === 0 ? { text: LABELS.noAlerts } : { text: '', items: alerts },
  ];
}

const HEADERS = ['Tótem', 'Última señal (UTC)', 'Versión', 'Modo', 'Huella', 'Lector de cédula', 'Impresora', 'Cola de envíos', 'Fuera de servicio', 'Alertas'];

const caption = (count: number) => `${count} ${count === 1 ? 'tótem' : 'tótems'}`;

/** The client half: plain JS (no build step), the same words as rowCells. */
const SCRIPT = `(() => {
  const L = ${JSON.stringify(LABELS)};
  const body = document.getElementById('flota');
  const summary = document.getElementById('resumen');
  const status = document.getElementById('estado');
  const button = document.getElementById('pausa');
  let paused = false;
  const state = (s) => (s === null ? L.none : (L.states[s] ?? s));
  function cells(k) {
    const queue = k.queue
      ? k.queue.pending + ' pendientes; más antiguo: ' + (k.queue.oldestAgeSeconds === null ? L.none : k.queue.oldestAgeSeconds + ' s') + '; ' + k.queue.dead + ' fallidos'
      : L.none;
    const directive = k.directive
      ? ' (' + (k.directive.outOfService ? L.ordered : L.liftedBy) + (k.directive.outOfService && k.directive.office ? ': ' + k.directive.office : '') + ')'
      : '';
    const alerts = k.alerts.map((a) => (L.alerts[a.code] ?? a.code) + ': ' + (a.code === 'device_down' ? (L.roles[a.detail] ?? a.detail) : a.detail) + ', ' + L.since + ' ' + a.since);
    return [
      { text: k.id },
      { text: k.lastSeen ?? L.none },
      { text: k.version ?? L.none },
      { text: k.mode === null ? L.none : (L.modes[k.mode] ?? k.mode) },
      { text: state(k.devices.fingerprint) },
      { text: state(k.devices.cardReader) },
      { text: state(k.devices.printer) },
      { text: queue },
      { text: (k.outOfService ? L.yes : L.no) + directive },
      alerts.length === 0 ? { text: L.noAlerts } : { text: '', items: alerts },
    ];
  }
  function row(k) {
    const tr = document.createElement('tr');
    cells(k).forEach((cell, index) => {
      const td = document.createElement(index === 0 ? 'th' : 'td');
      if (index === 0) td.scope = 'row';
      if (cell.items) {
        const list = document.createElement('ul');
        for (const item of cell.items) list.append(Object.assign(document.createElement('li'), { textContent: item }));
        td.append(list);
      } else td.textContent = cell.text;
      tr.append(td);
    });
    return tr;
  }
  async function refresh() {
    try {
      const response = await fetch('/admin/kiosks.json', { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const view = await response.json();
      body.replaceChildren(...view.kiosks.map(row));
      summary.textContent = view.kiosks.length + ' ' + (view.kiosks.length === 1 ? 'tótem' : 'tótems');
      status.textContent = 'Actualizado: ' + view.generatedAt + ' (UTC).';
    } catch (error) {
      status.textContent = 'No se pudo actualizar (' + error.message + '). Se intentará de nuevo en ${REFRESH_SECONDS} s.';
    }
  }
  setInterval(() => { if (!paused) void refresh(); }, ${REFRESH_SECONDS * 1000});
  button.hidden = false;
  button.addEventListener('click', () => {
    paused = !paused;
    button.setAttribute('aria-pressed', String(paused));
    button.textContent = paused ? 'Reanudar actualización' : 'Pausar actualización';
    if (paused) status.textContent = 'Actualización en pausa.';
    else void refresh();
  });
})();`;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5;color:#1a1a1a}table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:.3rem 0}td,th{border:1px solid #767676;padding:.3rem;text-align:left;vertical-align:top}
ul{margin:0;padding-left:1.2rem}button{font-size:1rem;padding:.4rem 1rem;margin:.5rem 0}button:focus{outline:3px solid #0a58ca}`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** This page's own policy: the one script and stylesheet by hash, fetches only to this origin, never framed, never stored. */
export const FLEET_PAGE_HEADERS: Readonly<Record<string, string>> = serverPageHeaders({
  style: [sha256(STYLE)],
  script: [sha256(SCRIPT)],
  connect: ["'self'"],
});

function document(title: string, main: string, script: boolean): string {
  return `<!doctype html>
<html lang="es-CL"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${main}
</main>${script ? `<script>${SCRIPT}</script>` : ''}</body></html>`;
}

export function fleetPage(view: FleetView): string {
  const rows = view.kiosks
    .map(
      (k) =>
        `<tr>${rowCells(k)
          .map((cell, index) => {
            const content = cell.items ? `<ul>${cell.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : escapeHtml(cell.text);
            return index === 0 ? `<th scope="row">${content}</th>` : `<td>${content}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return document(
    'Estado de los tótems',
    `<p>Lo último que informó cada tótem y las alertas que central deriva de eso. La tabla se actualiza sola cada ${REFRESH_SECONDS} segundos.</p>
<p id="estado" role="status">Actualizado: ${escapeHtml(view.generatedAt)} (UTC).</p>
<button type="button" id="pausa" aria-pressed="false" hidden>Pausar actualización</button>
<table><caption id="resumen">${caption(view.kiosks.length)}</caption>
<thead><tr>${HEADERS.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody id="flota">${rows}</tbody></table>`,
    true,
  );
}

export function fleetForbiddenPage(): string {
  return document(
    'Acceso solo para operadores',
    '<p>Esta página requiere un certificado de operador (identificador que empieza con <code>admin-</code>). El certificado con que te conectaste no lo es.</p>',
    false,
  );
}
