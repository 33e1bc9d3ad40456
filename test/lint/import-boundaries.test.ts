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
    ['biometrics imports synthetic', 'biometrics/fingerprint/bad.ts', "import { decodeFingerMinutiaeRecord } from '../../synthetic/fingers/iso-19794-2.ts';\nexport const x = decodeFingerMinutiaeRecord;\n", 'import-x/no-restricted-paths'],
    ['biometrics imports a driver', 'biometrics/fingerprint/extraction/bad.ts', "import { READY_BYTE } from '../../../drivers/fingerprint/r30x-simulator.ts';\nexport const x = READY_BYTE;\n", 'import-x/no-restricted-paths'],
    ['biometrics imports the service', 'biometrics/bad.ts', "import { createKioskService } from '../electron/service/kiosk-service.ts';\nexport const x = createKioskService;\n", 'import-x/no-restricted-paths'],
    ['biometrics imports central', 'biometrics/fingerprint/bad.ts', "import * as central from '../../central/main.ts';\nexport const x = central;\n", 'import-x/no-restricted-paths'],
    ['biometrics imports the renderer', 'biometrics/fingerprint/bad.ts', "import { mirrorSnapshot } from '../../renderer/store/mirror-snapshot.ts';\nexport const x = mirrorSnapshot;\n", 'import-x/no-restricted-paths'],
    ['biometrics imports a Node built-in', 'biometrics/fingerprint/bad.ts', "import { inflateSync } from 'node:zlib';\nexport const x = inflateSync;\n", 'no-restricted-imports'],
    ['biometrics core imports pngjs', 'biometrics/fingerprint/bad.ts', "import { PNG } from 'pngjs';\nexport const x = PNG;\n", 'no-restricted-imports'],
    ['biometrics uses Buffer', 'biometrics/fingerprint/bad.ts', "export const x = Buffer.from([1]);\n", 'no-restricted-globals'],
    ['the renderer imports biometrics', 'renderer/store/bad.ts', "import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';\nexport const x = extractMinutiae;\n", 'import-x/no-restricted-paths'],
    ['a test imports electron', 'test/bad.test.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
  ])('when %s', async (_what, path, code, rule) => {
    expect(await rulesFired(path, code)).toContain(rule);
  });

  it.each([
    ['the renderer imports the contract', 'renderer/store/ok.ts', "import { LANGUAGES } from '../../electron/contract/index.ts';\nexport const x = LANGUAGES;\n"],
    ['electron/main imports electron', 'electron/main/ok.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['the preload imports electron and the contract', 'electron/preload/ok.ts', "import { contextBridge } from 'electron';\nimport { createKioskApi } from '../contract/index.ts';\nexport const x = [contextBridge, createKioskApi];\n"],
    ['the service imports the contract', 'electron/service/ok.ts', "import { LANGUAGES } from '../contract/index.ts';\nexport const x = LANGUAGES;\n"],
    ['the service imports biometrics', 'electron/service/ok.ts', "import { extractMinutiae } from '../../biometrics/fingerprint/extraction/index.ts';\nexport const x = extractMinutiae;\n"],
    ['central imports biometrics', 'central/ok.ts', "import { extractMinutiae } from '../biometrics/fingerprint/extraction/index.ts';\nexport const x = extractMinutiae;\n"],
    ['a driver imports biometrics', 'drivers/fingerprint/ok.ts', "import { assessFingerprintQuality } from '../../biometrics/fingerprint/quality.ts';\nexport const x = assessFingerprintQuality;\n"],
    ['the pngjs adapter imports pngjs', 'biometrics/fingerprint/pngjs-codec.ts', "import { PNG } from 'pngjs';\nexport const x = PNG;\n"],
  ])('but not when %s', async (_what, path, code) => {
    expect(await rulesFired(path, code)).toEqual([]);
  });
});
