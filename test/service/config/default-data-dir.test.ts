/**
 * One default data directory: with KIOSK_DATA_DIR unset, kioskctl (run as a
 * technician runs it) looks where `npm start` keeps its kiosk, the checkout's
 * .kiosk-data. Nothing is written there: `config get` only reads.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, dataDirFromEnv } from '../../../electron/service/config/service-config.ts';
import { REPO_ROOT } from '../../support/kioskctl.ts';
import { BOUND_MS, cliError, json, kioskctl } from '../cli/cli-support.ts';

/** The directory `kioskctl config get dataDir` resolved: its answer, or the path its db.not_found error names. */
async function kioskctlDataDir(): Promise<string> {
  const result = await kioskctl(['config', 'get', 'dataDir']);
  if (result.code === 0) return json(result.stdout).value as string;
  const error = cliError(result);
  expect(error.code, result.stderr).toBe('db.not_found');
  const named = /^no kiosk database at (.+)\/kiosk\.sqlite3:/.exec(error.message)?.[1];
  expect(named, error.message).toBeDefined();
  return named!;
}

describe('the default data directory', { timeout: 2 * BOUND_MS }, () => {
  it("is the checkout's .kiosk-data for kioskctl and for the browser host alike when KIOSK_DATA_DIR is unset", async () => {
    const checkoutDir = join(resolve(REPO_ROOT), '.kiosk-data');
    // The browser host (electron/browser-host/server/main.ts) resolves its directory with dataDirFromEnv.
    expect(resolve(dataDirFromEnv({}))).toBe(checkoutDir);
    expect(DEFAULT_DATA_DIR).toBe(checkoutDir);
    expect(await kioskctlDataDir()).toBe(checkoutDir);
  });

  it('still takes KIOSK_DATA_DIR when it is set', () => {
    expect(dataDirFromEnv({ KIOSK_DATA_DIR: '/var/lib/kiosk/kiosk-data' })).toBe('/var/lib/kiosk/kiosk-data');
  });
});
