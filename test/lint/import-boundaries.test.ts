import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/kiosk-process.ts';

const eslint = new ESLint({ cwd: REPO_ROOT });

/** Lints `code` as if it were the file at `path`, and returns the rule ids that fired. */
async function rulesFired(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${path}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'fatal');
}

describe('the architecture import rules fail the lint', () => {
  it.each([
    ['renderer imports electron', 'renderer/screens/Bad.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'no-restricted-imports'],
    ['renderer imports a Node built-in', 'renderer/store/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'no-restricted-imports'],
    ['renderer imports a native package', 'renderer/store/bad.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n", 'no-restricted-imports'],
    ['renderer imports service code', 'renderer/store/bad.ts', "import { createKioskService } from '../../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n", 'import-x/no-restricted-paths'],
    ['the service imports electron', 'electron/service/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
    ['the contract imports service code', 'electron/contract/bad.ts', "import { createLogger } from '../service/log.ts';\nexport const x = createLogger;\n", 'import-x/no-restricted-paths'],
    ['a driver imports the service', 'drivers/fingerprint/bad.ts', "import { createKioskService } from '../../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n", 'import-x/no-restricted-paths'],
    ['a driver imports electron', 'drivers/transport/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
    ['a driver imports the renderer', 'drivers/printer/bad.ts', "import { mirrorSnapshot } from '../../renderer/store/mirror-snapshot.ts';\nexport const x = mirrorSnapshot;\n", 'import-x/no-restricted-paths'],
    ['electron/main imports service code', 'electron/main/bad.ts', "import { createKioskService } from '../service/kiosk-service.ts';\nexport const x = createKioskService;\n", 'import-x/no-restricted-paths'],
    ['the preload imports the browser host', 'electron/preload/bad.ts', "import { startBrowserHost } from '../browser-host/server/host.ts';\nexport const x = startBrowserHost;\n", 'import-x/no-restricted-paths'],
    ['a test imports electron', 'test/bad.test.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
    ['kioskctl imports technician mode', 'electron/service/cli/bad.ts', "import { createTechnicianMode } from '../technician/technician-mode.ts';\nexport const x = createTechnicianMode;\n", 'import-x/no-restricted-paths'],
    ['technician mode imports kioskctl', 'electron/service/technician/bad.ts', "import { CliError } from '../cli/cli-command.ts';\nexport const x = CliError;\n", 'import-x/no-restricted-paths'],
    ['maintenance imports kioskctl', 'electron/service/maintenance/bad.ts', "import { englishLine } from '../cli/maintenance-english.ts';\nexport const x = englishLine;\n", 'import-x/no-restricted-paths'],
    ['maintenance imports technician mode', 'electron/service/maintenance/bad.ts', "import { PinGuard } from '../technician/pin-guard.ts';\nexport const x = PinGuard;\n", 'import-x/no-restricted-paths'],
    ['a service module imports the composition root', 'electron/service/central/bad.ts', "import { createKioskService } from '../kiosk-service.ts';\nexport const x = createKioskService;\n", 'import-x/no-restricted-paths'],
    ['the browser host imports the composition root', 'electron/browser-host/server/bad.ts', "import type { KioskService } from '../../service/kiosk-service.ts';\nexport type X = KioskService;\n", 'import-x/no-restricted-paths'],
    // selftest.ts imports selftest-checks.ts: a checks module importing selftest back closes a cycle.
    ['two modules import each other', 'electron/service/maintenance/selftest-checks.ts', "import { runSelftest } from './selftest.ts';\nexport const x = runSelftest;\n", 'import-x/no-cycle'],
  ])('when %s', async (_what, path, code, rule) => {
    expect(await rulesFired(path, code)).toContain(rule);
  });

  it.each([
    ['the renderer imports the contract', 'renderer/store/ok.ts', "import { LANGUAGES } from '../../electron/contract/index.ts';\nexport const x = LANGUAGES;\n"],
    ['electron/main imports electron', 'electron/main/ok.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['the preload imports electron and the contract', 'electron/preload/ok.ts', "import { contextBridge } from 'electron';\nimport { createKioskApi } from '../contract/index.ts';\nexport const x = [contextBridge, createKioskApi];\n"],
    ['the service imports the contract', 'electron/service/ok.ts', "import { LANGUAGES } from '../contract/index.ts';\nexport const x = LANGUAGES;\n"],
    ['kioskctl imports maintenance', 'electron/service/cli/ok.ts', "import { runSelftest } from '../maintenance/selftest.ts';\nexport const x = runSelftest;\n"],
    ['technician mode imports maintenance', 'electron/service/technician/ok.ts', "import { runSelftest } from '../maintenance/selftest.ts';\nexport const x = runSelftest;\n"],
    ['the process entry imports the composition root', 'electron/service/process-entry.ts', "import { createKioskService } from './kiosk-service.ts';\nexport const x = createKioskService;\n"],
    ['a test imports the composition root', 'test/service/ok.test.ts', "import { createKioskService } from '../../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n"],
    ['the browser host imports the service API', 'electron/browser-host/server/ok.ts', "import type { KioskService } from '../../service/kiosk-service-api.ts';\nexport type X = KioskService;\n"],
  ])('but not when %s', async (_what, path, code) => {
    expect(await rulesFired(path, code)).toEqual([]);
  });
});
