/**
 * The soak harness kept alive: `npm run soak` as a user runs it, short (40
 * sessions) with every fault kind forced at least once, a 10 s central
 * outage and the configuration's shortest idle timeout. The assertions are on
 * outcomes (nothing lost, nothing duplicated, no harness error, every fault
 * kind injected), never on speed: p95 and RSS are printed, not judged.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../soak/fault-plan.ts';
import { REPO_ROOT } from '../support/kiosk-process.ts';

const workDir = mkdtempSync(join(tmpdir(), 'kiosk-soak-e2e-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function runSoak(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'test/soak/main.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run soak', () => {
  it('runs 40 sessions of both modes with every fault kind, and reconciles to nothing lost or duplicated', async () => {
    const { code, output } = await runSoak([
      '--sessions',
      '40',
      '--seed',
      '7',
      // Each service's own warm-up: 10 of its 20 sessions, so its RSS is measured over the other 10.
      '--warmup',
      '10',
      '--outage-pause-s',
      '10',
      '--force-every-fault',
      '--dir',
      workDir,
    ]);
    const lines = output.trimEnd().split('\n');
    const last = lines.at(-1) ?? '';
    // p95_ms is n/a here: in 40 sessions every citizen's placement is their first on that kiosk's simulated reader.
    expect(last, output).toMatch(/^soak sessions=40 completed=\d+ lost=0 duplicates=0 p95_ms=n\/a rss_growth_mib=-?\d+\.\d errors=0$/);
    expect(output).toMatch(/left out: \d+ sessions without a fault that were a citizen's first placement .*: median \d+\.\d ms, p95 \d+\.\d ms/);
    expect(code, output).toBe(0);
    expect(Number(/completed=(\d+)/.exec(last)?.[1])).toBe(40);
    const injected = lines.find((l) => l.startsWith('faults injected: ')) ?? '';
    for (const kind of FAULT_KINDS) expect(injected, kind).toMatch(new RegExp(`\\b${kind} [1-9]`));
    // Nothing personal in what the harness prints: no RUN, no e-mail address.
    expect(output).not.toMatch(/\b\d{1,2}\.\d{3}\.\d{3}-[\dK]\b|\b\d{7,8}-[\dK]\b|@example\.cl/);
  }, 300_000);
});
