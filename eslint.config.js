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
    from: [
      './electron/main',
      './electron/preload',
      './electron/service',
      './electron/browser-host',
      './electron/host',
      './drivers',
      './central',
      './synthetic',
      './biometrics',
      './common/node',
    ],
    message: 'The renderer talks to the kiosk only through window.kiosk (electron/contract), and may use the pure common/ files.',
  },
  {
    target: './electron/contract',
    from: [
      './electron/main',
      './electron/preload',
      './electron/service',
      './electron/browser-host',
      './electron/host',
      './renderer',
      './drivers',
      './central',
      './synthetic',
      './biometrics',
      './common/node',
    ],
    message: 'electron/contract imports nothing of ours but the pure common/ files.',
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
    from: ['./electron/main', './electron/preload', './electron/browser-host', './electron/host', './renderer', './central', './synthetic'],
    message: 'The kiosk service imports drivers and electron/contract only.',
  },
  {
    target: './electron/main',
    from: ['./electron/service', './electron/preload', './electron/browser-host', './renderer', './drivers', './central', './synthetic'],
    message: 'electron/main starts the service as a separate process; it imports only electron/contract, electron/host and common/.',
  },
  {
    target: './electron/preload',
    from: [
      './electron/main',
      './electron/service',
      './electron/browser-host',
      './electron/host',
      './renderer',
      './drivers',
      './central',
      './synthetic',
      './common/node',
    ],
    message: 'The preload builds window.kiosk from electron/contract only.',
  },
  {
    target: './electron/browser-host/bridge',
    from: [
      './electron/main',
      './electron/preload',
      './electron/service',
      './electron/browser-host/server',
      './electron/host',
      './renderer',
      './drivers',
      './central',
      './synthetic',
      './common/node',
    ],
    message: 'The browser bridge builds window.kiosk from electron/contract only.',
  },
  {
    target: './electron/host',
    from: ['./electron/service', './electron/main', './electron/preload', './electron/browser-host', './renderer', './drivers', './central', './synthetic'],
    message:
      'electron/host is what both hosts share: it imports electron/contract and common/ only, reaches the service only by messages; each host passes in how it starts the service.',
  },
  {
    target: './electron/browser-host/server',
    from: ['./electron/main', './electron/preload', './renderer', './drivers', './central', './synthetic'],
    message:
      'The browser host runs the kiosk service; it does not reach into electron/main, drivers or the renderer (what both hosts run lives in electron/host, pure shared code in common/).',
  },
  {
    // Fingerprint image codecs, extraction and quality: production code shared by the kiosk service,
    // the drivers and central. It must not lean on any of them (or on synthetic/).
    target: './biometrics',
    from: ['./electron', './renderer', './drivers', './central', './synthetic', './common/node'],
    message: 'biometrics/ is pure production code: it imports nothing of ours but the pure common/ files.',
  },
  {
    // The one shared layer: code several processes use lives here once, never behind per-file exceptions.
    // Every layer may import it; common/node/ holds what needs Node (built-ins, native packages) and only
    // Node-side layers may import that; the other files are pure TS, for the renderer and the contract too.
    target: './common',
    from: ['./electron', './renderer', './drivers', './central', './synthetic', './biometrics', './scripts'],
    message: 'common/ is the shared layer every process may use: it imports nothing of ours.',
  },
  {
    target: ['./common/*.ts', './common/!(node)/**'],
    from: ['./common/node'],
    message: 'The pure common/ files are imported by the renderer and the contract: they may not import common/node/.',
  },
  {
    target: './synthetic',
    from: ['./electron', './renderer', './drivers', './central', './common/node'],
    message: 'synthetic/ imports nothing of ours but biometrics/ and the pure common/ files.',
  },
  // Inside the service: the two technician front-ends share the maintenance layer, never each other.
  {
    target: './electron/service/cli',
    from: ['./electron/service/technician'],
    message: 'kioskctl (cli/) and technician mode (technician/) never import each other: both call electron/service/maintenance.',
  },
  {
    target: './electron/service/technician',
    from: ['./electron/service/cli'],
    message: 'Technician mode (technician/) and kioskctl (cli/) never import each other: both call electron/service/maintenance.',
  },
  {
    target: './electron/service/maintenance',
    from: ['./electron/service/cli', './electron/service/technician'],
    message: 'maintenance/ returns data and typed errors; it imports neither of its front-ends (cli/, technician/).',
  },
  {
    target: ['./electron', './renderer', './drivers', './central', './synthetic', './scripts'],
    from: ['./electron/service/kiosk-service.ts'],
    message: 'Only the process entry (electron/service/process-entry.ts) imports the composition root; hosts use kiosk-service-api.ts.',
  },
  // The sample relying party is another organisation's site in real life: it knows the provider only by the
  // OpenID Connect wire protocol, and the kiosk only starts it as a separate process, by path.
  {
    target: './relying-party',
    from: ['./electron', './renderer', './drivers', './central', './synthetic', './biometrics', './scripts', './common/node'],
    message: 'relying-party/ speaks to the provider over OpenID Connect only: it imports nothing of ours but the pure common/ files.',
  },
  {
    target: ['./electron', './renderer', './drivers', './central', './synthetic', './biometrics', './common', './scripts'],
    from: ['./relying-party'],
    message: 'Nothing imports the sample relying party: npm start runs it as a child process (relying-party/main.ts).',
  },
  {
    target: './central',
    from: ['./electron', './renderer', './drivers'],
    message: 'central/ shares nothing with the kiosk but the OpenAPI contract, synthetic/ and the pure common/.',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.kiosk-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      // no-cycle reads the imported modules itself: without a parser for .ts it sees no imports in them, and finds no cycle.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      // Unbounded depth: measured here it adds 1–2 s of CPU to a 13 s lint (`npm run lint`), so no cycle is too long to see.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
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
    // The process entry is the one module that builds the service from its parts.
    files: ['electron/service/process-entry.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: zones.filter((z) => !z.from.includes('./electron/service/kiosk-service.ts')) }],
    },
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
    // The pure common/ files load in the renderer, the contract and every Node process alike.
    files: ['common/**'],
    ignores: ['common/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...NODE_BUILTINS.map((name) => ({ name, message: 'Pure common/ code must not import Node built-ins: put it in common/node/.' }))],
          patterns: [{ group: NODE_ONLY_PACKAGES, message: 'Node-only package: put the file in common/node/.' }],
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', 'window', 'document'],
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
