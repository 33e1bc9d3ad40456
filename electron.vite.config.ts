import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config.ts';

/**
 * The Electron build (reference §2.1: electron-vite 6 + Vite 8):
 *   out/main/index.js     main process (ESM; package.json says "type": "module")
 *   out/main/service.js   kiosk service, forked by main with utilityProcess
 *   out/preload/index.cjs sandboxed preload: ONE CommonJS file
 *   out/renderer/         the React app, served from app://kiosk/
 * Builds without the Electron binary: electron-vite only reads
 * node_modules/electron/package.json for the version.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * Native addons stay outside the bundle: a `.node` file cannot be inlined,
 * and electron-builder unpacks them from the asar (electron-builder.yml).
 * Listed here because they are not (yet) all in package.json `dependencies`,
 * which electron-vite externalises by default.
 */
const NATIVE_MODULES = ['better-sqlite3', 'node-hid', 'serialport', '@serialport/bindings-cpp'];

export default defineConfig({
  main: {
    root,
    build: {
      outDir: fromRoot('out/main'),
      externalizeDeps: { include: NATIVE_MODULES },
      rolldownOptions: {
        input: {
          index: fromRoot('electron/main/index.ts'),
          service: fromRoot('electron/service/process-entry.ts'),
        },
      },
    },
  },
  preload: {
    root,
    build: {
      outDir: fromRoot('out/preload'),
      // A sandboxed preload can require only `electron` (and a few built-ins):
      // zod and the contract are inlined, nothing is split into chunks, and the
      // output is CommonJS because sandboxed preloads cannot be ES modules.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: fromRoot('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    // The same config `vite build --config vite.renderer.config.ts` uses for
    // the browser host, so both hosts serve identical files.
    ...rendererConfig,
    root: fromRoot('renderer'),
    build: {
      ...rendererConfig.build,
      // electron-vite resolves outDir against the project root, not the Vite
      // root, so the renderer config's '../out/renderer' is restated here.
      outDir: fromRoot('out/renderer'),
      rolldownOptions: { input: fromRoot('renderer/index.html') },
    },
  },
});
