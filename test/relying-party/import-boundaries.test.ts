/**
 * The sample relying party is another organisation's site in real life: it
 * knows the provider by OpenID Connect alone, and the kiosk starts it by path.
 * Real linting, as test/lint/import-boundaries.test.ts does it.
 */
import { ESLint } from 'eslint';
import { describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../support/kiosk-process.ts';

const eslint = new ESLint({ cwd: REPO_ROOT });
// CPU-bound linting on a loaded machine: a bound that only catches a hang.
vi.setConfig({ testTimeout: 60_000 });

async function rulesFired(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${path}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'fatal');
}

describe('relying-party/ import boundaries', () => {
  it.each([
    [
      'the relying party imports central',
      'relying-party/bad.ts',
      "import { SAMPLE_CLIENT_ID } from '../central/oidc/config.ts';\nexport const x = SAMPLE_CLIENT_ID;\n",
    ],
    [
      'the relying party imports the kiosk service',
      'relying-party/bad.ts',
      "import { configFromEnv } from '../electron/service/config/service-config.ts';\nexport const x = configFromEnv;\n",
    ],
    [
      'the relying party imports synthetic citizens',
      'relying-party/bad.ts',
      "import * as synthetic from '../synthetic/index.ts';\nexport const x = synthetic;\n",
    ],
    [
      'the relying party imports common/node',
      'relying-party/bad.ts',
      "import { applyMigrations } from '../common/node/migrate.ts';\nexport const x = applyMigrations;\n",
    ],
    ['central imports the relying party', 'central/bad.ts', "import { showClaims } from '../relying-party/claims.ts';\nexport const x = showClaims;\n"],
    [
      'the browser host imports the relying party',
      'electron/browser-host/server/bad.ts',
      "import { startRelyingParty } from '../../../relying-party/server.ts';\nexport const x = startRelyingParty;\n",
    ],
  ])('%s', async (_name, path, code) => {
    expect(await rulesFired(path, code)).toContain('import-x/no-restricted-paths');
  });

  it('lets the relying party use the pure common/ files (the RUN and its masking)', async () => {
    expect(
      await rulesFired(
        'relying-party/ok.ts',
        "import { maskRun } from '../common/run-mask.ts';\nimport { makeRun } from '../common/run.ts';\nexport const x = [maskRun, makeRun];\n",
      ),
    ).toEqual([]);
  });
});
