/**
 * The system packages `npm test` and `npm start` need, checked before they
 * run (npm's pretest / prestart). On Debian or Ubuntu, as root, what is
 * missing is installed with apt-get (through `sudo -n` for a user who may);
 * anywhere else the script stops with the one command to run. Everything
 * else the project needs comes from npm, so `npm ci` plus these two commands
 * set up a fresh machine.
 *
 *   node scripts/system-packages.ts test|start [--check]
 *
 * `--check` only reports (exit 1 when something is missing). Set
 * KIOSK_SKIP_SYSTEM_PACKAGES=1 on a machine that provides them another way.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Purpose = 'test' | 'start';

export interface SystemPackage {
  /** The Debian package. */
  readonly name: string;
  readonly why: string;
  /** What shows it is there where dpkg cannot tell (another distribution): a command on PATH. */
  readonly command?: string;
}

const CHROMIUM: SystemPackage = { name: 'chromium', why: 'end-to-end tests and the browser host’s kiosk window', command: 'chromium' };
const LIBUSB: SystemPackage = { name: 'libusb-1.0-0', why: 'node-hid loads it' };
const ESPEAK: SystemPackage = { name: 'espeak-ng', why: 'spoken guidance', command: 'espeak-ng' };
const FONTS: SystemPackage = { name: 'fonts-dejavu-core', why: 'a fallback font for Chromium' };

export const SYSTEM_PACKAGES: Readonly<Record<Purpose, readonly SystemPackage[]>> = {
  test: [
    CHROMIUM,
    { name: 'socat', why: 'pseudo-terminal pairs for the serial device tests', command: 'socat' },
    LIBUSB,
    { name: 'xvfb', why: 'a display for screenshots and the Electron shell tests', command: 'Xvfb' },
    { name: 'xauth', why: 'xvfb-run needs it', command: 'xauth' },
    ESPEAK,
    FONTS,
    // The kiosk session as a kiosk image runs it: Chromium as cage's one Wayland client, on
    // wlroots' headless backend (no GPU, no input devices); grim takes the screenshot. Neither
    // needs a D-Bus session: Chromium only logs that there is none. Their fonts are FONTS above.
    { name: 'cage', why: 'the Wayland kiosk compositor for the cage session test', command: 'cage' },
    { name: 'grim', why: 'screenshots of the cage session', command: 'grim' },
    // Debian 12's cage starts Xwayland and exits without it; its package does not depend on it.
    { name: 'xwayland', why: 'cage exits at start-up without Xwayland', command: 'Xwayland' },
    // A minimal Debian 12 (a container) has no systemd: its systemd-analyze checks the kiosk's units, and its
    // systemd-notify is what the watchdog runs.
    { name: 'systemd', why: 'systemd-analyze verify on the kiosk units, systemd-notify for the watchdog test', command: 'systemd-analyze' },
    { name: 'python3-minimal', why: 'a stand-in systemd notify socket for the watchdog test (Node has no unix datagram sockets)', command: 'python3' },
  ],
  start: [LIBUSB, ESPEAK, FONTS],
};

/** What `npm start` needs on this run: Chromium too when there is a display to open the kiosk window on. */
export function packagesFor(purpose: Purpose, env: NodeJS.ProcessEnv): readonly SystemPackage[] {
  const list = SYSTEM_PACKAGES[purpose];
  return purpose === 'start' && (env.DISPLAY || env.WAYLAND_DISPLAY) ? [...list, CHROMIUM] : list;
}

export interface Machine {
  /** dpkg's verdict per package, or null where there is no dpkg. */
  installedByDpkg(names: readonly string[]): Set<string> | null;
  hasCommand(command: string): boolean;
  isRoot: boolean;
  hasAptGet: boolean;
  /** `sudo -n true` succeeds: sudo may run apt-get without asking for a password. */
  canSudo(): boolean;
}

export type Plan =
  | { readonly kind: 'ready' }
  | { readonly kind: 'install'; readonly missing: readonly string[]; readonly sudo: boolean }
  | { readonly kind: 'instruct'; readonly missing: readonly string[]; readonly command: string };

export function aptInstallCommand(missing: readonly string[], sudo: boolean): string {
  const prefix = sudo ? 'sudo ' : '';
  return `${prefix}apt-get update && ${prefix}apt-get install -y --no-install-recommends ${missing.join(' ')}`;
}

/** Decides, from what the machine says, whether to do nothing, install, or tell the person what to run. */
export function planSystemPackages(wanted: readonly SystemPackage[], machine: Machine, checkOnly = false): Plan {
  const names = wanted.map((p) => p.name);
  const installed = machine.installedByDpkg(names);
  const missing =
    installed === null
      ? // No dpkg: judge by the commands; a library without one cannot be checked and is assumed present.
        wanted.filter((p) => p.command !== undefined && !machine.hasCommand(p.command)).map((p) => p.name)
      : names.filter((name) => !installed.has(name));
  if (missing.length === 0) return { kind: 'ready' };
  if (installed === null) {
    return { kind: 'instruct', missing, command: `install these with your distribution's package manager: ${missing.join(' ')}` };
  }
  if (!checkOnly && machine.hasAptGet && machine.isRoot) return { kind: 'install', missing, sudo: false };
  if (!checkOnly && machine.hasAptGet && machine.canSudo()) return { kind: 'install', missing, sudo: true };
  return { kind: 'instruct', missing, command: aptInstallCommand(missing, !machine.isRoot) };
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

export function thisMachine(env: NodeJS.ProcessEnv = process.env): Machine {
  return {
    installedByDpkg(names) {
      if (!onPath('dpkg-query', env)) return null;
      // One line per package dpkg knows of; a package it never heard of only writes to stderr.
      const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8', env });
      const installed = new Set<string>();
      for (const line of (result.stdout ?? '').split('\n')) {
        const match = /^(\S+?)(?::\S+)? install ok installed$/.exec(line.trim());
        if (match?.[1]) installed.add(match[1]);
      }
      return installed;
    },
    hasCommand: (command) => onPath(command, env),
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath('apt-get', env),
    canSudo: () => onPath('sudo', env) && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env }).status === 0,
  };
}

function install(missing: readonly string[], sudo: boolean, env: NodeJS.ProcessEnv): boolean {
  const run = (args: string[]) => {
    const [command, ...rest] = sudo ? ['sudo', '-n', ...args] : args;
    return spawnSync(command!, rest, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  };
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const purpose = argv[0];
  if (purpose !== 'test' && purpose !== 'start') {
    process.stderr.write('usage: node scripts/system-packages.ts test|start [--check]\n');
    return 64;
  }
  if (env.KIOSK_SKIP_SYSTEM_PACKAGES === '1') return 0;
  const wanted = packagesFor(purpose, env);
  const plan = planSystemPackages(wanted, thisMachine(env), argv.includes('--check'));
  if (plan.kind === 'ready') return 0;
  const why = plan.missing.map((name) => `${name} (${wanted.find((p) => p.name === name)?.why ?? ''})`).join(', ');
  if (plan.kind === 'install') {
    process.stdout.write(`npm ${purpose} needs system packages that are missing: ${why}. Installing them with apt-get…\n`);
    if (install(plan.missing, plan.sudo, env)) return 0;
    process.stderr.write(`apt-get could not install them. Run: ${aptInstallCommand(plan.missing, plan.sudo)}\n`);
    return 1;
  }
  process.stderr.write(`npm ${purpose} needs system packages that are missing: ${why}.\nRun: ${plan.command}\n`);
  return 1;
}

if (import.meta.main) process.exit(main(process.argv.slice(2), process.env));
