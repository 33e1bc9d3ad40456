/**
 * The operator's fleet view over HTTPS: `GET /admin/kiosks.json` (the same
 * document as `central kiosks`) and the page `GET /admin/kiosks` that shows
 * it. Both need an operator certificate (kiosk id `admin-…`); another kiosk's
 * certificate gets 403 (a page for the page), no certificate the transport's 401.
 */
import type { Clock } from '../domain/clock.ts';
import { problem } from '../server/problem.ts';
import { html, json, route, type RouteDefinition } from '../server/router.ts';
import { FLEET_PAGE_HEADERS, fleetForbiddenPage, fleetPage } from './fleet-page.ts';
import type { KioskFleet } from './kiosk-fleet.ts';

export function fleetRoutes(options: { fleet: KioskFleet; isAdmin: (kioskId: string) => boolean; clock: Clock }): RouteDefinition[] {
  const { fleet, isAdmin, clock } = options;
  return [
    route('GET', '/admin/kiosks.json', (request) => {
      if (!isAdmin(request.kiosk.kioskId)) throw problem(403, 'admin_required', 'This operation needs an operator certificate');
      return json(200, fleet.view(clock()), { 'cache-control': 'no-store' });
    }),
    route('GET', '/admin/kiosks', (request) => {
      if (!isAdmin(request.kiosk.kioskId)) return html(403, fleetForbiddenPage(), { ...FLEET_PAGE_HEADERS });
      return html(200, fleetPage(fleet.view(clock())), { ...FLEET_PAGE_HEADERS });
    }),
  ];
}
