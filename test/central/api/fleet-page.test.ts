/** The fleet page's markup: every word an operator or a kiosk supplied is escaped, and the CSP names the one inline script by its hash. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FLEET_PAGE_HEADERS, fleetPage, rowCells } from '../../../central/api/fleet-page.ts';
import type { FleetKiosk } from '../../../central/api/kiosk-fleet.ts';

const kiosk: FleetKiosk = {
  id: 'kiosk-01',
  lastSeen: '2026-12-07T10:00:00.000Z',
  version: '<b>0.9</b>',
  mode: 'chileatiende',
  devices: { fingerprint: 'ready', cardReader: 'not-ready', printer: null },
  queue: { pending: 2, oldestAgeSeconds: null, dead: 0 },
  outOfService: true,
  directive: { outOfService: true, office: '<script>alert(1)</script> Huérfanos 1570', reason: null, setAt: '2026-12-07T09:00:00.000Z', setBy: 'cli' },
  alerts: [{ code: 'device_down', detail: 'cardReader', since: '2026-12-07T09:50:00.000Z' }],
};

describe('fleetPage', () => {
  it('puts every value in words, escaped', () => {
    const markup = fleetPage({ generatedAt: '2026-12-07T10:00:01.000Z', kiosks: [kiosk] });
    expect(markup).not.toContain('<script>alert(1)');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Huérfanos 1570');
    expect(markup).toContain('&lt;b&gt;0.9&lt;/b&gt;');
    expect(rowCells(kiosk).map((c) => c.items ?? c.text)).toEqual([
      'kiosk-01',
      '2026-12-07T10:00:00.000Z',
      '<b>0.9</b>',
      'ChileAtiende',
      'Lista',
      'No lista',
      '—',
      '2 pendientes; más antiguo: —; 0 fallidos',
      'Sí (Ordenado por operador: <script>alert(1)</script> Huérfanos 1570)',
      ['Dispositivo caído: lector de cédula, desde 2026-12-07T09:50:00.000Z'],
    ]);
  });

  it('allows exactly its inline script by hash', () => {
    const markup = fleetPage({ generatedAt: '2026-12-07T10:00:01.000Z', kiosks: [] });
    const scripts = [...markup.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(FLEET_PAGE_HEADERS['content-security-policy']).toContain(`script-src 'sha256-${hash}'`);
    expect(FLEET_PAGE_HEADERS['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
