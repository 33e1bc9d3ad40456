import type { KioskApi } from '../electron/contract/api.ts';

declare global {
  interface Window {
    /**
     * Installed by the Electron preload or by the browser host's bridge before
     * the renderer runs. Optional on purpose: if neither did, the renderer
     * shows the unavailable screen instead of crashing.
     */
    readonly kiosk?: KioskApi;
  }
}

export {};
