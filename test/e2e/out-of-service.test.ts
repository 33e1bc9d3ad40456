/**
 * Out of service, end to end: `npm start`'s browser host in Civil Digital
 * mode with simulated devices, the embedded central and a configured office
 * (KIOSK_OUT_OF_SERVICE_OFFICE), in Chromium. Unplugging the fingerprint
 * reader from the developer panel replaces Comenzar with the out-of-service
 * screen, which says why in plain words and where to go; plugging it back
 * brings Comenzar back by itself (the service pushes the change, the screen
 * does not poll).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_NAMES } from '../../renderer/i18n/languages.ts';
import { expectText } from '../support/citizen-flow.ts';
import { DevPanelDriver } from '../support/dev-panel-driver.ts';
import { type KioskScreen, openKioskScreen, WAIT_MS } from '../support/kiosk-screen.ts';
import { type RunningKiosk, startKiosk } from '../support/kiosk-process.ts';
import { ScreenAudit } from '../support/screen-audit.ts';

const FLOW_TIMEOUT_MS = 120_000;
const OFFICE = 'Oficina del Registro Civil, Av. Ejemplo 123';

let kiosk: RunningKiosk;
let browser: Browser;
let screen: KioskScreen;
let panel: DevPanelDriver;
const audit = new ScreenAudit('out-of-service');

beforeAll(async () => {
  kiosk = await startKiosk({ KIOSK_MODE: 'civil-digital', KIOSK_OUT_OF_SERVICE_OFFICE: OFFICE });
  ({ browser, screen } = await openKioskScreen(kiosk));
  panel = new DevPanelDriver(screen.page);
});

afterAll(async () => {
  audit.writeCoverage(kiosk?.output());
  await browser?.close();
  await kiosk?.stop();
});

const reasonHeading = (key: string) => screen.page.getByRole('main').getByRole('heading', { level: 2, name: screen.t(key), exact: true });

describe('out of service', () => {
  it(
    'fingerprint reader unplugged: the out-of-service screen replaces Comenzar, says why and names the office; replugged, Comenzar is back',
    async () => {
      await screen.button('attract.start').waitFor({ timeout: WAIT_MS });
      await panel.run('Unplug fingerprint reader', 'Unplugged the fingerprint reader.');
      try {
        await screen.expectScreen('kioskStatus.outOfService.title');
        await reasonHeading('kioskStatus.outOfService.reasons.fingerprint.title').waitFor({ timeout: WAIT_MS });
        await expectText(screen, screen.t('kioskStatus.outOfService.office', { office: OFFICE }));
        expect(await screen.page.getByRole('button', { name: screen.t('attract.start'), exact: true }).count()).toBe(0);
        expect(await screen.page.getByText(screen.t('kioskStatus.outOfService.where'), { exact: true }).count()).toBe(0);
        await audit.check(screen, 'out-of-service', 'fingerprint-unplugged');

        // The citizen's language, picked on this screen, applies to the reasons and the office line too.
        await screen.controls().getByRole('button', { name: LANGUAGE_NAMES.en, exact: true }).tap();
        screen.language = 'en';
        await screen.expectScreen('kioskStatus.outOfService.title');
        await reasonHeading('kioskStatus.outOfService.reasons.fingerprint.title').waitFor({ timeout: WAIT_MS });
        await expectText(screen, screen.t('kioskStatus.outOfService.office', { office: OFFICE }));
        await audit.check(screen, 'out-of-service', 'fingerprint-unplugged');

        // The service refuses a start as well: the screen is not the only guard.
        const refusal = await screen.page.evaluate(async () => {
          const result = await window.kiosk!.session.start({ language: 'es-CL' });
          return result.ok ? null : result.error.code;
        });
        expect(refusal).toBe('session.out_of_service');
      } finally {
        await panel.run('Replug fingerprint reader', 'Replugged the fingerprint reader.');
      }
      await screen.button('attract.start').waitFor({ timeout: WAIT_MS });
      expect(await screen.heading(screen.t('kioskStatus.outOfService.title')).count()).toBe(0);
      await screen.controls().getByRole('button', { name: LANGUAGE_NAMES['es-CL'], exact: true }).tap();
      screen.language = 'es-CL';
    },
    FLOW_TIMEOUT_MS,
  );
});
