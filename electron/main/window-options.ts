// Type-only import: erased at build time, so unit tests never load the
// `electron` package (which would try to download its binary, reference §0).
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Kit Digital tertiary (#0A132D, reference §4.5): a dark brand colour painted
 * before the first frame so a crash-reload never flashes white on the kiosk.
 */
export const KIOSK_BACKGROUND = '#0A132D';

/**
 * The preload learns whether simulated devices (and so `window.kiosk.dev`) are
 * present from this argument: a sandboxed preload cannot read env variables of
 * main, but it sees `process.argv`, where `additionalArguments` land. The
 * preload parses it in electron/preload/dev-flag.ts (a test keeps both in step;
 * lint forbids main and preload from importing each other).
 */
export const KIOSK_DEV_ARG = '--kiosk-dev';

export interface KioskWindowOptionsInput {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  readonly preloadPath: string;
  /** Packaged build: no devtools. */
  readonly production: boolean;
  /** Simulated devices present: the preload exposes `window.kiosk.dev`. */
  readonly dev: boolean;
  readonly brandColor?: string;
}

/** The locked-down kiosk window (reference §1.2 checklist and §1.4 window settings). */
export function kioskWindowOptions(input: KioskWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    // Shown on `ready-to-show`, so the citizen never sees a half-painted page.
    show: false,
    backgroundColor: input.brandColor ?? KIOSK_BACKGROUND,
    webPreferences: {
      preload: input.preloadPath,
      // Also forced for every renderer by app.enableSandbox(); kept here so the
      // window is safe even if that call is ever dropped.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !input.production,
      // Dropping a file on the window would otherwise navigate away from the app.
      navigateOnDragDrop: false,
      // Spoken guidance and sounds must start without a tap (EN 301 549 5.1.3).
      autoplayPolicy: 'no-user-gesture-required',
      additionalArguments: [`${KIOSK_DEV_ARG}=${input.dev ? '1' : '0'}`],
    },
  };
}
