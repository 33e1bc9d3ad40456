import { describe, expect, it } from 'vitest';
import { KIOSK_BACKGROUND, kioskWindowOptions } from '../../../electron/main/window-options.ts';

const base = { preloadPath: '/opt/kiosk/resources/app.asar/out/preload/index.cjs', production: true, dev: false };

describe('kiosk window options (electron-kiosk.md §1.2, §1.4)', () => {
  it('is a frameless, full-screen kiosk window shown only once painted, on a brand background', () => {
    const options = kioskWindowOptions(base);
    expect(options).toMatchObject({ kiosk: true, frame: false, autoHideMenuBar: true, show: false, backgroundColor: KIOSK_BACKGROUND });
    expect(kioskWindowOptions({ ...base, brandColor: '#006FB3' }).backgroundColor).toBe('#006FB3');
  });

  it('sandboxes and isolates the renderer, with no Node anywhere and no webview', () => {
    expect(kioskWindowOptions(base).webPreferences).toMatchObject({
      preload: base.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      autoplayPolicy: 'no-user-gesture-required',
    });
  });

  it('opens devtools only in an unpackaged build', () => {
    expect(kioskWindowOptions(base).webPreferences?.devTools).toBe(false);
    expect(kioskWindowOptions({ ...base, production: false }).webPreferences?.devTools).toBe(true);
  });

  it('tells the preload whether simulated devices are present', () => {
    expect(kioskWindowOptions(base).webPreferences?.additionalArguments).toEqual(['--kiosk-dev=0']);
    expect(kioskWindowOptions({ ...base, dev: true }).webPreferences?.additionalArguments).toEqual(['--kiosk-dev=1']);
  });

  it('never loosens web security', () => {
    const prefs = kioskWindowOptions({ ...base, production: false, dev: true }).webPreferences ?? {};
    for (const key of ['webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures'] as const) {
      expect(prefs[key], key).toBeUndefined();
    }
  });
});
