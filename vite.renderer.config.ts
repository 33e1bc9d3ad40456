import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The renderer build, shared by `vite build --config vite.renderer.config.ts`
 * (the browser host serves it on loopback) and electron.vite.config.ts (served
 * from app://kiosk/). Both hosts put it under a strict CSP
 * (script-src 'self'; style-src 'self'), so the output must contain no inline
 * script or style, no eval, no data: URI and nothing fetched from the network.
 */
export const rendererConfig: UserConfig = {
  root: 'renderer',
  // Relative asset URLs: the same files work under app://kiosk/ and http://127.0.0.1:PORT/.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // A kiosk ships no source maps: they would expose the source to anyone at the screen's devtools.
    sourcemap: false,
    // Stated, not left to the default: electron-vite turns minification off unless told, and both hosts must ship the same files.
    minify: true,
    // Electron 45 and Debian's Chromium are both far newer than this.
    target: 'chrome130',
    // data: URIs (inlined fonts or images) would be refused by font-src/img-src 'self'.
    assetsInlineLimit: 0,
    // Every Chromium we run supports <link rel=modulepreload>; the polyfill is dead code.
    modulePreload: { polyfill: false },
  },
};

export default defineConfig(rendererConfig);
