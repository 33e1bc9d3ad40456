import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../support/kiosk-process.ts';

const eslint = new ESLint({ cwd: REPO_ROOT });

/*
 * Each case is real linting: the TypeScript parser, import resolution and
 * import-x/no-cycle walking the import graph of the file it is given (the
 * whole service, for a file importing the composition root). That is CPU work
 * whose length depends on the machine and its load, not a wait on anything:
 * the parsed-module caches are filled once before the cases, and the cases get
 * a bound that only catches a hang.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });
beforeAll(async () => {
  await eslint.lintText("import { createKioskService } from './kiosk-service.ts';\nexport const x = createKioskService;\n", {
    filePath: `${REPO_ROOT}/electron/service/process-entry.ts`,
  });
});

/** Lints `code` as if it were the file at `path`, and returns the rule ids that fired. */
async function rulesFired(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${path}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'fatal');
}

describe('the architecture import rules fail the lint', () => {
  it.each([
    [
      'renderer imports electron',
      'renderer/screens/Bad.tsx',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      'no-restricted-imports',
    ],
    [
      'renderer imports a Node built-in',
      'renderer/store/bad.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'no-restricted-imports',
    ],
    [
      'renderer imports a native package',
      'renderer/store/bad.ts',
      "import Database from 'better-sqlite3';\nexport const x = Database;\n",
      'no-restricted-imports',
    ],
    [
      'renderer imports service code',
      'renderer/store/bad.ts',
      "import { createKioskService } from '../../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    ['the service imports electron', 'electron/service/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
    [
      'the contract imports service code',
      'electron/contract/bad.ts',
      "import { createKioskService } from '../service/kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'a driver imports the service',
      'drivers/fingerprint/bad.ts',
      "import { createKioskService } from '../../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    ['a driver imports electron', 'drivers/transport/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
    [
      'a driver imports the renderer',
      'drivers/printer/bad.ts',
      "import { mirrorSnapshot } from '../../renderer/store/mirror-snapshot.ts';\nexport const x = mirrorSnapshot;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'electron/main imports service code',
      'electron/main/bad.ts',
      "import { createKioskService } from '../service/kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the preload imports the browser host',
      'electron/preload/bad.ts',
      "import { startBrowserHost } from '../browser-host/server/host.ts';\nexport const x = startBrowserHost;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'biometrics imports synthetic',
      'biometrics/fingerprint/bad.ts',
      "import { decodeFingerMinutiaeRecord } from '../../synthetic/fingers/iso-19794-2.ts';\nexport const x = decodeFingerMinutiaeRecord;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'biometrics imports a driver',
      'biometrics/fingerprint/extraction/bad.ts',
      "import { READY_BYTE } from '../../../drivers/fingerprint/r30x-simulator.ts';\nexport const x = READY_BYTE;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'biometrics imports the service',
      'biometrics/bad.ts',
      "import { createKioskService } from '../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'biometrics imports central',
      'biometrics/fingerprint/bad.ts',
      "import * as central from '../../central/main.ts';\nexport const x = central;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'biometrics imports the renderer',
      'biometrics/fingerprint/bad.ts',
      "import { mirrorSnapshot } from '../../renderer/store/mirror-snapshot.ts';\nexport const x = mirrorSnapshot;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'biometrics imports a Node built-in',
      'biometrics/fingerprint/bad.ts',
      "import { inflateSync } from 'node:zlib';\nexport const x = inflateSync;\n",
      'no-restricted-imports',
    ],
    ['biometrics core imports pngjs', 'biometrics/fingerprint/bad.ts', "import { PNG } from 'pngjs';\nexport const x = PNG;\n", 'no-restricted-imports'],
    ['biometrics uses Buffer', 'biometrics/fingerprint/bad.ts', 'export const x = Buffer.from([1]);\n', 'no-restricted-globals'],
    [
      'the renderer imports biometrics',
      'renderer/store/bad.ts',
      "import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';\nexport const x = extractMinutiae;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the shared host code imports electron',
      'electron/host/bad.ts',
      "import { utilityProcess } from 'electron';\nexport const x = utilityProcess;\n",
      'no-restricted-imports',
    ],
    [
      'the shared host code imports electron/main',
      'electron/host/bad.ts',
      "import { kioskWindowOptions } from '../main/window-options.ts';\nexport const x = kioskWindowOptions;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the shared host code imports the browser host',
      'electron/host/bad.ts',
      "import { startBrowserHost } from '../browser-host/server/host.ts';\nexport const x = startBrowserHost;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the shared host code imports service code',
      'electron/host/bad.ts',
      "import { createKioskService } from '../service/kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the service imports the shared host code',
      'electron/service/bad.ts',
      "import { createChildServiceLink } from '../host/service-link.ts';\nexport const x = createChildServiceLink;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the browser host imports electron/main',
      'electron/browser-host/server/bad.ts',
      "import { kioskWindowOptions } from '../../main/window-options.ts';\nexport const x = kioskWindowOptions;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'common imports the kiosk service',
      'common/bad.ts',
      "import { createKioskService } from '../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'common imports central',
      'common/bad.ts',
      "import { openCentralDatabase } from '../central/storage/database.ts';\nexport const x = openCentralDatabase;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'common imports biometrics',
      'common/bad.ts',
      "import { extractMinutiae } from '../biometrics/fingerprint/extraction/index.ts';\nexport const x = extractMinutiae;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'a pure common file imports common/node',
      'common/bad.ts',
      "import { applyMigrations } from './node/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'a pure common file imports a Node built-in',
      'common/bad.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'no-restricted-imports',
    ],
    [
      'a pure common file imports a native package',
      'common/bad.ts',
      "import Database from 'better-sqlite3';\nexport const x = Database;\n",
      'no-restricted-imports',
    ],
    ['a pure common file uses Buffer', 'common/bad.ts', 'export const x = Buffer.from([1]);\n', 'no-restricted-globals'],
    ['a pure common file reads process', 'common/bad.ts', 'export const x = process.env;\n', 'no-restricted-globals'],
    [
      'the renderer imports common/node',
      'renderer/store/bad.ts',
      "import { applyMigrations } from '../../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the contract imports common/node',
      'electron/contract/bad.ts',
      "import { applyMigrations } from '../../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the preload imports common/node',
      'electron/preload/bad.ts',
      "import { applyMigrations } from '../../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the browser bridge imports common/node',
      'electron/browser-host/bridge/bad.ts',
      "import { applyMigrations } from '../../../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'synthetic imports common/node',
      'synthetic/fingers/bad.ts',
      "import { applyMigrations } from '../../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'biometrics imports common/node',
      'biometrics/fingerprint/bad.ts',
      "import { applyMigrations } from '../../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'central imports the kiosk service',
      'central/storage/bad.ts',
      "import { applyMigrations } from '../../electron/service/db/migrate.ts';\nexport const x = applyMigrations;\n",
      'import-x/no-restricted-paths',
    ],
    ['a test imports electron', 'test/bad.test.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
    [
      'kioskctl imports technician mode',
      'electron/service/cli/bad.ts',
      "import { createTechnicianMode } from '../technician/technician-mode.ts';\nexport const x = createTechnicianMode;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'technician mode imports kioskctl',
      'electron/service/technician/bad.ts',
      "import { CliError } from '../cli/cli-command.ts';\nexport const x = CliError;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'maintenance imports kioskctl',
      'electron/service/maintenance/bad.ts',
      "import { englishLine } from '../cli/maintenance-english.ts';\nexport const x = englishLine;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'maintenance imports technician mode',
      'electron/service/maintenance/bad.ts',
      "import { TechnicianSession } from '../technician/technician-session.ts';\nexport const x = TechnicianSession;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'a service module imports the composition root',
      'electron/service/central/bad.ts',
      "import { createKioskService } from '../kiosk-service.ts';\nexport const x = createKioskService;\n",
      'import-x/no-restricted-paths',
    ],
    [
      'the browser host imports the composition root',
      'electron/browser-host/server/bad.ts',
      "import type { KioskService } from '../../service/kiosk-service.ts';\nexport type X = KioskService;\n",
      'import-x/no-restricted-paths',
    ],
    // selftest.ts imports selftest-checks.ts: a checks module importing selftest back closes a cycle.
    [
      'two modules import each other',
      'electron/service/maintenance/selftest-checks.ts',
      "import { runSelftest } from './selftest.ts';\nexport const x = runSelftest;\n",
      'import-x/no-cycle',
    ],
  ])('when %s', async (_what, path, code, rule) => {
    expect(await rulesFired(path, code)).toContain(rule);
  });

  it.each([
    [
      'the renderer imports the contract',
      'renderer/store/ok.ts',
      "import { LANGUAGES } from '../../electron/contract/index.ts';\nexport const x = LANGUAGES;\n",
    ],
    ['electron/main imports electron', 'electron/main/ok.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    [
      'the preload imports electron and the contract',
      'electron/preload/ok.ts',
      "import { contextBridge } from 'electron';\nimport { createKioskApi } from '../contract/index.ts';\nexport const x = [contextBridge, createKioskApi];\n",
    ],
    ['the service imports the contract', 'electron/service/ok.ts', "import { LANGUAGES } from '../contract/index.ts';\nexport const x = LANGUAGES;\n"],
    [
      'the service imports biometrics',
      'electron/service/ok.ts',
      "import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';\nexport const x = extractMinutiae;\n",
    ],
    [
      'central imports biometrics',
      'central/ok.ts',
      "import { extractMinutiae } from '../biometrics/fingerprint/extraction/index.ts';\nexport const x = extractMinutiae;\n",
    ],
    [
      'a driver imports biometrics',
      'drivers/fingerprint/ok.ts',
      "import { assessFingerprintQuality } from '../../biometrics/fingerprint/quality.ts';\nexport const x = assessFingerprintQuality;\n",
    ],
    ['the pngjs adapter imports pngjs', 'biometrics/fingerprint/pngjs-codec.ts', "import { PNG } from 'pngjs';\nexport const x = PNG;\n"],
    ['central imports common', 'central/storage/ok.ts', "import { applyMigrations } from '../../common/node/migrate.ts';\nexport const x = applyMigrations;\n"],
    [
      'the kiosk service imports common',
      'electron/service/db/ok.ts',
      "import { applyMigrations } from '../../../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
    ],
    [
      'a common/node file imports a Node built-in and a native package',
      'common/node/ok.ts',
      "import { readFileSync } from 'node:fs';\nimport Database from 'better-sqlite3';\nexport const x = [readFileSync, Database];\n",
    ],
    ['the renderer imports a pure common file', 'renderer/store/ok.ts', "import { scrubText } from '../../common/log.ts';\nexport const x = scrubText;\n"],
    ['the contract imports a pure common file', 'electron/contract/ok.ts', "import { scrubText } from '../../common/log.ts';\nexport const x = scrubText;\n"],
    ['the preload imports a pure common file', 'electron/preload/ok.ts', "import { scrubText } from '../../common/log.ts';\nexport const x = scrubText;\n"],
    [
      'electron/main imports the logger and the CSP from common',
      'electron/main/ok.ts',
      "import { createLogger } from '../../common/log.ts';\nimport { buildContentSecurityPolicy } from '../../common/csp.ts';\nexport const x = [createLogger, buildContentSecurityPolicy];\n",
    ],
    [
      'the browser host imports the CSP and content types from common',
      'electron/browser-host/server/ok.ts',
      "import { buildContentSecurityPolicy } from '../../../common/csp.ts';\nimport { CONTENT_TYPES } from '../../../common/content-types.ts';\nexport const x = [buildContentSecurityPolicy, CONTENT_TYPES];\n",
    ],
    [
      'the renderer and central import the one copy of the password rules and the common-password list',
      'renderer/screens/password/ok.ts',
      "import { checkPassword } from '../../../common/password-rules.ts';\nexport const x = [checkPassword, import('../../../common/common-passwords.ts')];\n",
    ],
    [
      'central imports the shared password rules',
      'central/domain/ok.ts',
      "import { checkPassword } from '../../common/password-rules.ts';\nimport { commonPasswordBlocklist } from '../../common/common-passwords.ts';\nexport const x = [checkPassword, commonPasswordBlocklist];\n",
    ],
    ['a script imports the logger', 'scripts/ok.ts', "import { createLogger } from '../common/log.ts';\nexport const x = createLogger;\n"],
    ['a driver imports common', 'drivers/card-reader/ok.ts', "import { scrubText } from '../../common/log.ts';\nexport const x = scrubText;\n"],
    ['synthetic imports a pure common file', 'synthetic/fingers/ok.ts', "import { scrubText } from '../../common/log.ts';\nexport const x = scrubText;\n"],
    [
      'synthetic imports the production ISO codec',
      'synthetic/fingers/ok.ts',
      "import { decodeFingerMinutiaeRecord } from '../../biometrics/fingerprint/iso-19794-2.ts';\nexport const x = decodeFingerMinutiaeRecord;\n",
    ],
    [
      'biometrics imports a pure common file',
      'biometrics/fingerprint/ok.ts',
      "import { scrubText } from '../../common/log.ts';\nexport const x = scrubText;\n",
    ],
    [
      'electron/main imports the shared host code',
      'electron/main/ok.ts',
      "import { createChildServiceLink } from '../host/service-link.ts';\nexport const x = createChildServiceLink;\n",
    ],
    [
      'the browser host imports the shared host code',
      'electron/browser-host/server/ok.ts',
      "import { createChildServiceLink } from '../../host/service-link.ts';\nexport const x = createChildServiceLink;\n",
    ],
    [
      'the shared host code imports the contract and the logger',
      'electron/host/ok.ts',
      "import { LANGUAGES } from '../contract/index.ts';\nimport { createLogger } from '../../common/log.ts';\nexport const x = [LANGUAGES, createLogger];\n",
    ],
    [
      'kioskctl imports maintenance',
      'electron/service/cli/ok.ts',
      "import { runSelftest } from '../maintenance/selftest.ts';\nexport const x = runSelftest;\n",
    ],
    [
      'technician mode imports maintenance',
      'electron/service/technician/ok.ts',
      "import { runSelftest } from '../maintenance/selftest.ts';\nexport const x = runSelftest;\n",
    ],
    [
      'the process entry imports the composition root',
      'electron/service/process-entry.ts',
      "import { createKioskService } from './kiosk-service.ts';\nexport const x = createKioskService;\n",
    ],
    [
      'a test imports the composition root',
      'test/service/ok.test.ts',
      "import { createKioskService } from '../../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n",
    ],
    [
      'the browser host imports the service API',
      'electron/browser-host/server/ok.ts',
      "import type { KioskService } from '../../service/kiosk-service-api.ts';\nexport type X = KioskService;\n",
    ],
  ])('but not when %s', async (_what, path, code) => {
    expect(await rulesFired(path, code)).toEqual([]);
  });
});
