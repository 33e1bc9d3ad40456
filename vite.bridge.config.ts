import { defineConfig } from 'vite';

/**
 * The browser host's window.kiosk bridge: one classic script (IIFE) that the
 * host injects ahead of the renderer, so the renderer runs unchanged under
 * either host.
 */
export default defineConfig({
  build: {
    outDir: 'out/bridge',
    emptyOutDir: true,
    target: 'chrome120',
    lib: { entry: 'electron/browser-host/bridge/bridge.ts', formats: ['iife'], name: 'kioskBridge', fileName: () => 'bridge.js' },
  },
});
