import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displaySwitches, missingEarlySwitches, parseKioskDisplay } from '../../electron/main/display-switches.ts';

const requireCommonJs = createRequire(import.meta.url);
// js-yaml arrives with electron-builder, sanitizeFileName is what electron-builder names /opt/<product> with.
const yaml = requireCommonJs('js-yaml') as { load(text: string): unknown };
const { sanitizeFileName } = requireCommonJs('builder-util/out/filename.js') as { sanitizeFileName(name: string): string };

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const builder = yaml.load(read('electron-builder.yml')) as { productName: string; linux: { executableName: string } };
const INSTALLED_BINARY = `/opt/${sanitizeFileName(builder.productName)}/${builder.linux.executableName}`;
const UNITS = ['kiosk.service', 'kiosk-x11.service'] as const;

/** Section → key → every value given (systemd allows repeats), from the unit's text. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const [key, ...rest] = line.split('=');
    if (!current || key === undefined) throw new Error(`stray line: ${line}`);
    current.set(key, [...(current.get(key) ?? []), rest.join('=')]);
  }
  return sections;
}

/** Splits ExecStart= the way systemd does for these lines: spaces, with double-quoted words. */
const words = (command: string) => [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

const work = mkdtempSync(join(tmpdir(), 'kiosk-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * systemd-analyze verify on a copy whose cage is a stub: verify checks that ExecStart's program exists on this
 * machine, and a test machine need not have cage. What the unit starts is asserted separately below.
 */
function verify(name: string, text: string) {
  const stub = join(work, 'cage');
  writeFileSync(stub, '#!/bin/sh\nexit 0\n');
  chmodSync(stub, 0o755);
  const dir = mkdtempSync(join(work, 'unit-'));
  const path = join(dir, name);
  writeFileSync(path, text.replace('ExecStart=/usr/bin/cage ', `ExecStart=${stub} `));
  // --man=no: the Documentation= man pages are the kiosk's, not the test machine's.
  const result = spawnSync('systemd-analyze', ['verify', '--man=no', path], { encoding: 'utf8' });
  return { status: result.status, error: result.error, stderr: result.stderr };
}

describe.each(UNITS)('%s', (name) => {
  const text = read(`packaging/linux/systemd/${name}`);
  const unit = parseUnit(text);
  const service = unit.get('Service')!;
  const one = (key: string) => service.get(key)?.at(-1);

  it('passes systemd-analyze verify without a single warning', () => {
    const result = verify(name, text);
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs the installed app under cage as the kiosk user on tty1, replacing the getty there', () => {
    const command = words(one('ExecStart')!);
    expect(command.slice(0, 4)).toEqual(['/usr/bin/cage', '-s', '--', INSTALLED_BINARY]);
    expect([one('User'), one('PAMName'), one('TTYPath')]).toEqual(['kiosk', 'kiosk', '/dev/tty1']);
    expect(unit.get('Unit')!.get('Conflicts')!.join(' ')).toContain('getty@tty1.service');
    expect(unit.get('Unit')!.get('After')!.join(' ')).toContain('systemd-user-sessions.service');
  });

  it('puts on its command line the platform switch its KIOSK_DISPLAY needs (Ozone starts before main’s code)', () => {
    const env = Object.fromEntries(service.get('Environment')!.map((assignment) => assignment.split('=') as [string, string]));
    const display = parseKioskDisplay(env.KIOSK_DISPLAY);
    if (!display.ok) throw new Error('KIOSK_DISPLAY is invalid');
    expect(display.display).toBe(name === 'kiosk.service' ? 'wayland' : 'x11');
    expect(missingEarlySwitches(words(one('ExecStart')!).slice(3), displaySwitches(display.display))).toEqual([]);
  });

  it('is a notify service with a 60 s watchdog that any process of the unit may feed, restarted always within a start limit', () => {
    expect([one('Type'), one('NotifyAccess'), one('WatchdogSec'), one('Restart')]).toEqual(['notify', 'all', '60', 'always']);
    expect(Number(one('RestartSec'))).toBeGreaterThan(0);
    expect(unit.get('Unit')!.get('StartLimitBurst')).toBeDefined();
    expect(unit.get('Unit')!.get('StartLimitIntervalSec')).toBeDefined();
  });

  it('hardens without cutting off the readers, the printer or Chromium’s sandbox', () => {
    for (const key of ['PrivateDevices', 'DevicePolicy', 'DeviceAllow', 'ProtectClock', 'NoNewPrivileges', 'RestrictNamespaces', 'MemoryDenyWriteExecute']) {
      expect(service.has(key), key).toBe(false);
    }
    expect([one('ProtectSystem'), one('ProtectHome'), one('PrivateTmp')]).toEqual(['full', 'yes', 'yes']);
  });
});

describe('the two units together', () => {
  it('exclude each other, so only one kiosk owns tty1', () => {
    const x11 = parseUnit(read('packaging/linux/systemd/kiosk-x11.service'));
    expect(x11.get('Unit')!.get('Conflicts')!.join(' ')).toContain('kiosk.service');
  });

  it('documents the recovery ladder in its order, systemd last', () => {
    const text = read('packaging/linux/systemd/kiosk.service');
    const order = ['reloads a crashed', 'restarts its kiosk service', 'relaunches itself', 'watchdog', 'Restart=always'].map((step) => text.indexOf(step));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('systemd-analyze verify (it bites)', () => {
  const text = read('packaging/linux/systemd/kiosk.service');

  it.each([
    ['a misspelt key', text.replace(/^WatchdogSec=60$/m, 'WatchdogSecs=60')],
    ['a Restart= value systemd does not know', text.replace(/^Restart=always$/m, 'Restart=forever')],
    ['a relative ExecStart', text.replace('ExecStart=/usr/bin/cage ', 'ExecStart=cage-not-here ')],
  ])('complains about %s', (_what, broken) => {
    expect(broken).not.toBe(text);
    const result = verify('kiosk.service', broken);
    expect(result.stderr === '' && result.status === 0).toBe(false);
  });
});
