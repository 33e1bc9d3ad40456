import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand';
import { LANGUAGES } from '../../../electron/contract/app.ts';
import { HeartbeatViewSchema, type HeartbeatView } from '../../../electron/contract/technician.ts';
import { CATALOGUES } from '../../../renderer/i18n/catalogues.ts';
import { sessionStore } from '../../../renderer/store/session-store.ts';
import { uiStore } from '../../../renderer/store/ui-store.ts';
import { HeartbeatSummary } from '../../../renderer/technician/HealthPanel.tsx';
import { strictI18n } from '../support/strict-i18n.ts';

/** The Health panel's heartbeat section, rendered from the contract's view in every language, through the technician catalogues. */
const strict = strictI18n();
const { i18n, missing } = strict;
beforeAll(async () => {
  await strict.init();
  for (const store of [uiStore, sessionStore] as StoreApi<unknown>[]) store.getInitialState = store.getState;
});
afterAll(() => uiStore.setState({ language: 'es-CL' }));

const render = (view: HeartbeatView) =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(HeartbeatSummary, { view: HeartbeatViewSchema.parse(view) })));

const OFFICE = 'Oficina del Registro Civil, Av. Ejemplo 123';
const outOfService: HeartbeatView = {
  enabled: true,
  lastSentAt: '2026-12-07T10:05:00.000Z',
  lastAcknowledgedAt: '2026-12-07T10:00:00.000Z',
  lastFailure: 'central.unavailable',
  clockSkewSeconds: 1.5,
  alerts: [{ code: 'dead_letters', detail: '3', since: '2026-12-07T09:00:00.000Z' }],
  outOfService: { reasons: ['device:fingerprint', 'directive'], office: OFFICE },
  directive: { outOfService: true, office: OFFICE, reason: 'Mantención', issuedAt: '2026-12-07T09:30:00.000Z' },
};

describe.each(LANGUAGES)('the Health panel’s heartbeat section in %s', (language) => {
  const words = CATALOGUES[language].technician.health;

  it('shows the last heartbeat sent and acknowledged, the failure, central’s alerts, the reasons, the office and the directive', () => {
    uiStore.setState({ language });
    const html = render(outOfService);
    expect(missing).toEqual([]);
    expect(html).toContain(words.lastSent.replace('{{at}}', '2026-12-07T10:05:00.000Z'));
    expect(html).toContain(words.lastAcknowledged.replace('{{at}}', '2026-12-07T10:00:00.000Z'));
    expect(html).toContain(words.lastFailure.replace('{{code}}', 'central.unavailable'));
    expect(html).toContain(words.alerts.dead_letters.replace('{{detail}}', '3').replace('{{since}}', '2026-12-07T09:00:00.000Z'));
    expect(html).toContain(words.outOfService);
    expect(html).toContain(words.reasons.fingerprint);
    expect(html).toContain(words.reasons.directive);
    expect(html).toContain(words.office.replace('{{office}}', OFFICE));
    expect(html).toContain(words.directiveOn.replace('{{issuedAt}}', '2026-12-07T09:30:00.000Z').replace('{{reason}}', 'Mantención'));
  });

  it('says when the kiosk is in service, has no alerts, or sends no heartbeats at all', () => {
    uiStore.setState({ language });
    const healthy = render({ ...outOfService, lastFailure: null, alerts: [], outOfService: { reasons: [], office: null }, directive: null });
    expect(healthy).toContain(words.inService);
    expect(healthy).toContain(words.noAlerts);
    expect(healthy).not.toContain(words.outOfService);
    const never = render({ ...outOfService, enabled: false, lastSentAt: null, lastAcknowledgedAt: null, alerts: [], directive: null });
    expect(never).toContain(words.heartbeatDisabled);
    expect(missing).toEqual([]);
  });
});
