// @ts-check
// Lint is part of `npm test`. The import-boundary rules below are the
// architecture's import rules (../shared/ARCHITECTURE.md, "Folders"); a file
// that crosses a boundary fails the lint, it is not a warning.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
/** Packages that only make sense in Node (native code, servers, files). */
const NODE_ONLY_PACKAGES = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'ws', 'undici', '@node-rs/*'];

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron (ARCHITECTURE.md, import rules).',
};

/** `from` folders a `target` folder must never import (paths from the repository root). */
const zones = [
  {
    target: './renderer',
    from: ['./electron/main', './electron/preload', './electron/service', './electron/browser-host', './drivers', './central', './synthetic', './biometrics'],
    message: 'The renderer talks to the kiosk only through window.kiosk (electron/contract).',
  },
  {
    target: './electron/contract',
    from: ['./electron/main', './electron/preload', './electron/service', './electron/browser-host', './renderer', './drivers', './central', './synthetic', './biometrics'],
    message: 'electron/contract imports nothing of ours.',
  },
  {
    target: './drivers',
    from: ['./electron', './renderer', './central'],
    message: 'Drivers import only drivers (and simulators may import synthetic/).',
  },
  {
    target: './drivers',
    from: ['./synthetic'],
    message: 'Only simulators (files named *simulat*) may import synthetic/.',
  },
  {
    target: './electron/service',
    from: ['./electron/main', './electron/preload', './electron/browser-host', './renderer', './central', './synthetic'],
    message: 'The kiosk service imports drivers and electron/contract only.',
  },
  {
    target: './electron/main',
    from: ['./electron/service'],
    except: ['./log.ts'],
    message: 'electron/main starts the service as a separate process; it shares only the pure logger with it.',
  },
  {
    target: './electron/main',
    from: ['./electron/preload', './electron/browser-host', './renderer', './drivers', './central', './synthetic'],
    message: 'electron/main starts the service as a separate process; it imports only electron/contract.',
  },
  {
    target: './electron/preload',
    from: ['./electron/main', './electron/service', './electron/browser-host', './renderer', './drivers', './central', './synthetic'],
    message: 'The preload builds window.kiosk from electron/contract only.',
  },
  {
    target: './electron/browser-host/bridge',
    from: ['./electron/main', './electron/preload', './electron/service', './electron/browser-host/server', './renderer', './drivers', './central', './synthetic'],
    message: 'The browser bridge builds window.kiosk from electron/contract only.',
  },
  {
    target: './electron/browser-host/server',
    from: ['./electron/main'],
    except: ['./recovery-policy.ts', './csp.ts', './content-types.ts'],
    message: 'The browser host shares only the pure recovery policy, CSP and content types with electron/main.',
  },
  {
    target: './electron/browser-host/server',
    from: ['./electron/preload', './renderer', './drivers', './central', './synthetic'],
    message: 'The browser host runs the kiosk service; it does not reach into drivers or the renderer.',
  },
  {
    // Fingerprint image codecs, extraction and quality: production code shared by the kiosk service,
    // the drivers and central. It must not lean on any of them (or on synthetic/).
    target: './biometrics',
    from: ['./electron', './renderer', './drivers', './central', './synthetic'],
    message: 'biometrics/ is pure production code: it imports nothing of ours.',
  },
  {
    target: './synthetic',
    from: ['./electron', './renderer', './drivers', './central'],
    message: 'synthetic/ imports nothing of ours.',
  },
  {
    target: './central',
    from: ['./electron', './renderer', './drivers'],
    message: 'central/ shares nothing with the kiosk but the OpenAPI contract and synthetic/.',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.kiosk-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })] },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-restricted-imports': ['error', { paths: [noElectron] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-throw-literal': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Simulators may use synthetic citizens and fingers; nothing else in drivers/ may.
    files: ['drivers/**/*simulat*'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: zones.filter((z) => !(z.target === './drivers' && z.from.includes('./synthetic'))) }],
    },
  },
  {
    // Browser-side code: no Node, no Electron, no native packages.
    files: ['renderer/**', 'electron/contract/**', 'electron/browser-host/bridge/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...NODE_BUILTINS.map((name) => ({ name, message: 'Browser-side code must not import Node built-ins.' }))],
          patterns: [{ group: NODE_ONLY_PACKAGES, message: 'Node-only package: it belongs in electron/service or drivers.' }],
        },
      ],
    },
  },
  {
    files: ['electron/contract/**'],
    languageOptions: { globals: {} },
  },
  {
    // biometrics/ runs in the service, in central and (later) anywhere else: no Node, no DOM, no native
    // packages. The one edge is the pngjs adapter, which callers inject into the 19794-4 codec.
    files: ['biometrics/**'],
    ignores: ['biometrics/**/*pngjs*'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...NODE_BUILTINS.map((name) => ({ name, message: 'biometrics/ is pure: no Node built-ins.' }))],
          patterns: [{ group: [...NODE_ONLY_PACKAGES, 'pngjs'], message: 'biometrics/ is pure: inject I/O and codecs (see png-codec.ts).' }],
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', 'window', 'document', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    ...jsxA11y.flatConfigs.strict,
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['test/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
);
