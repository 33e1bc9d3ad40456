import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Machine, packagesFor, planSystemPackages, SYSTEM_PACKAGES } from '../../scripts/system-packages.ts';
import { REPO_ROOT } from '../support/kiosk-process.ts';

const testPackages = SYSTEM_PACKAGES.test;
const names = testPackages.map((p) => p.name);

function machine(overrides: Partial<Machine> & { installed?: readonly string[] | null; commands?: readonly string[] }): Machine {
  const { installed = [], commands = [], ...rest } = overrides;
  return {
    installedByDpkg: () => (installed === null ? null : new Set(installed)),
    hasCommand: (command) => commands.includes(command),
    isRoot: true,
    hasAptGet: true,
    canSudo: () => false,
    ...rest,
  };
}

describe('planSystemPackages', () => {
  it('does nothing when dpkg says everything is installed', () => {
    expect(planSystemPackages(testPackages, machine({ installed: names }))).toEqual({ kind: 'ready' });
  });

  it('installs exactly what is missing as root with apt-get', () => {
    expect(planSystemPackages(testPackages, machine({ installed: names.filter((n) => n !== 'socat' && n !== 'chromium') }))).toEqual({
      kind: 'install',
      missing: ['chromium', 'socat'],
      sudo: false,
    });
  });

  it('goes through sudo for a user sudo lets in without a password', () => {
    expect(planSystemPackages(testPackages, machine({ installed: [], isRoot: false, canSudo: () => true }))).toMatchObject({ kind: 'install', sudo: true });
  });

  it('tells a user without sudo the one command to run', () => {
    const plan = planSystemPackages(testPackages, machine({ installed: names.filter((n) => n !== 'socat'), isRoot: false }));
    expect(plan).toEqual({ kind: 'instruct', missing: ['socat'], command: 'sudo apt-get update && sudo apt-get install -y --no-install-recommends socat' });
  });

  it('only reports with --check, even as root', () => {
    expect(planSystemPackages(testPackages, machine({ installed: [] }), true)).toMatchObject({ kind: 'instruct' });
  });

  it('judges by commands where there is no dpkg, and names the packages', () => {
    const plan = planSystemPackages(
      testPackages,
      machine({ installed: null, commands: ['chromium', 'Xvfb', 'xauth', 'espeak-ng', 'cage', 'grim', 'Xwayland', 'systemd-analyze', 'python3'] }),
    );
    expect(plan).toMatchObject({ kind: 'instruct', missing: ['socat'] });
  });

  it('asks npm start for Chromium only when there is a display to open the window on', () => {
    expect(packagesFor('start', {}).map((p) => p.name)).not.toContain('chromium');
    expect(packagesFor('start', { DISPLAY: ':99' }).map((p) => p.name)).toContain('chromium');
  });
});

/** A PATH holding stand-ins for dpkg-query and apt-get that log how they were called. */
function fakeDebian(installed: readonly string[], withAptGet = true): { path: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-debian-'));
  const log = join(dir, 'calls.log');
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> ${log}\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  const known = installed.map((n) => `${n}) echo "${n} install ok installed";;`).join(' ');
  script('dpkg-query', `shift 2; for p in "$@"; do case "$p" in ${known} *) echo "dpkg-query: no packages found matching $p" >&2;; esac; done`);
  if (withAptGet) script('apt-get', 'exit 0');
  return { path: dir, log };
}

function runScript(purpose: string, path: string) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/system-packages.ts'), purpose], {
    encoding: 'utf8',
    env: { PATH: `${path}:/nonexistent`, HOME: tmpdir() },
  });
}

describe.runIf(process.getuid?.() === 0)('scripts/system-packages.ts as root', () => {
  it('installs the missing packages with apt-get and succeeds', () => {
    const fake = fakeDebian(names.filter((n) => n !== 'socat' && n !== 'espeak-ng'));
    const result = runScript('test', fake.path);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('socat (pseudo-terminal pairs');
    const calls = readFileSync(fake.log, 'utf8');
    expect(calls).toContain('apt-get update');
    expect(calls).toMatch(/apt-get install -y -qq --no-install-recommends socat espeak-ng\n/);
  });

  it('runs no apt-get when nothing is missing', () => {
    const fake = fakeDebian(names);
    expect(runScript('test', fake.path).status).toBe(0);
    expect(readFileSync(fake.log, 'utf8')).not.toContain('apt-get');
  });

  it('stops with the exact command where apt-get is not there', () => {
    const fake = fakeDebian([], false);
    const result = runScript('start', fake.path);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Run: apt-get update && apt-get install -y --no-install-recommends libusb-1.0-0 espeak-ng fonts-dejavu-core$/m);
    expect(existsSync(fake.log) && readFileSync(fake.log, 'utf8')).not.toContain('apt-get');
  });
});
