/**
 * kioskctl devices test on a kiosk configured with simulated devices: the
 * test receipt reaches the simulated printer; a reader with nothing presented
 * fails with what to do; bad roles and unassigned roles are usage and
 * configuration errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOUND_MS, cliError, json, kioskctl, removeTempDirs, tempDir } from './cli-support.ts';

afterAll(removeTempDirs);

async function simulatedKiosk(): Promise<string> {
  const dataDir = tempDir('kioskctl-devtest-');
  expect((await kioskctl(['config', 'set', 'kioskId', 'cli-devtest-kiosk', '--data-dir', dataDir])).code).toBe(0);
  return dataDir;
}

describe('kioskctl devices test', () => {
  it(
    'prints the test receipt on the assigned printer and exits 0',
    async () => {
      const dataDir = await simulatedKiosk();
      const run = await kioskctl(['devices', 'test', 'printer', '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
      expect(json(run.stdout)).toMatchObject({ role: 'printer', test: { outcome: 'pass', bytesSent: expect.any(Number) } });
      const out = join(dataDir, 'simulated-printer');
      const transcripts = readdirSync(out).filter((name) => name.endsWith('.txt'));
      expect(transcripts).toHaveLength(1);
      expect(readFileSync(join(out, transcripts[0]!), 'utf8')).toContain('cli-devtest-kiosk');
    },
    BOUND_MS,
  );

  it(
    'fails with exit 1 and what to do when nothing is presented to a reader in time',
    async () => {
      const dataDir = await simulatedKiosk();
      for (const role of ['fingerprint', 'cardReader']) {
        const run = await kioskctl(['devices', 'test', role, '--timeout', '1', '--data-dir', dataDir]);
        expect(run.code, run.stderr).toBe(1);
        expect(json(run.stdout)).toMatchObject({ role, test: { outcome: 'fail', action: expect.any(String) } });
      }
    },
    BOUND_MS,
  );

  it(
    'refuses an unknown role (2) and a role with no device assigned (3, naming the field)',
    async () => {
      const dataDir = await simulatedKiosk();
      const unknown = await kioskctl(['devices', 'test', 'scanner', '--data-dir', dataDir]);
      expect(unknown.code).toBe(2);
      expect((await kioskctl(['config', 'set', 'devices.printer', 'none', '--data-dir', dataDir])).code).toBe(0);
      const unassigned = await kioskctl(['devices', 'test', 'printer', '--data-dir', dataDir]);
      expect(unassigned.code).toBe(3);
      expect(cliError(unassigned)).toMatchObject({ field: 'devices.printer' });
    },
    BOUND_MS,
  );
});
