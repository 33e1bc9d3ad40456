import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { displaySwitches, missingEarlySwitches, parseKioskDisplay, renderSwitch } from '../../../electron/main/display-switches.ts';
import { createFakeElectron, type FakeElectron } from '../support/fake-electron.ts';

describe('KIOSK_DISPLAY', () => {
  it('defaults to auto when unset or empty (a developer’s own session picks)', () => {
    expect(parseKioskDisplay(undefined)).toEqual({ ok: true, display: 'auto' });
    expect(parseKioskDisplay('')).toEqual({ ok: true, display: 'auto' });
  });

  it('accepts wayland, x11 and auto, and nothing else (no case folding, no spaces)', () => {
    for (const display of ['wayland', 'x11', 'auto'] as const) expect(parseKioskDisplay(display)).toEqual({ ok: true, display });
    for (const value of ['Wayland', 'x11 ', 'X11', 'xorg', 'drm']) {
      expect(parseKioskDisplay(value)).toEqual({ ok: false, variable: 'KIOSK_DISPLAY', reason: 'must be wayland, x11 or auto' });
    }
  });
});

describe('display switches for Electron 45', () => {
  it('forces the Ozone platform for wayland and x11, as a switch that must be on the command line', () => {
    expect(displaySwitches('wayland')).toContainEqual({ name: 'ozone-platform', value: 'wayland', early: true });
    expect(displaySwitches('x11')).toContainEqual({ name: 'ozone-platform', value: 'x11', early: true });
  });

  it('leaves the platform to Electron’s own automatic choice for auto', () => {
    expect(displaySwitches('auto').map((s) => s.name)).not.toContain('ozone-platform');
  });

  it('enables touch events on every display, after start-up (appendSwitch is early enough for renderers)', () => {
    for (const display of ['wayland', 'x11', 'auto'] as const) {
      expect(displaySwitches(display)).toContainEqual({ name: 'touch-events', value: 'enabled', early: false });
    }
  });

  it('never uses the switches Electron 45 no longer has (ozone-platform-hint, UseOzonePlatform)', () => {
    for (const display of ['wayland', 'x11', 'auto'] as const) {
      const rendered = displaySwitches(display).map(renderSwitch).join(' ');
      expect(rendered).not.toMatch(/ozone-platform-hint|UseOzonePlatform|WaylandWindowDecorations/);
    }
  });

  it('reports an early switch missing from the command line, or overridden by a later one', () => {
    const wayland = displaySwitches('wayland');
    expect(missingEarlySwitches(['/opt/kiosk/enrollment-kiosk', '--ozone-platform=wayland'], wayland)).toEqual([]);
    expect(missingEarlySwitches(['/opt/kiosk/enrollment-kiosk'], wayland)).toEqual(['--ozone-platform=wayland']);
    expect(missingEarlySwitches(['x', '--ozone-platform=x11'], wayland)).toEqual(['--ozone-platform=wayland']);
    expect(missingEarlySwitches(['x', '--ozone-platform=wayland', '--ozone-platform=x11'], wayland)).toEqual(['--ozone-platform=wayland']);
    expect(missingEarlySwitches(['x', '--ozone-platform=x11', '--ozone-platform=wayland'], wayland)).toEqual([]);
    expect(missingEarlySwitches(['x'], displaySwitches('auto'))).toEqual([]);
  });
});

describe('display switches in the main process (against a fake Electron)', () => {
  let stderr: string[] = [];
  let argvBefore: string[] = [];
  let sigtermBefore: Array<(...args: unknown[]) => void> = [];
  beforeEach(() => {
    stderr = [];
    argvBefore = process.argv;
    sigtermBefore = process.listeners('SIGTERM') as Array<(...args: unknown[]) => void>;
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    vi.stubEnv('KIOSK_DEV', '');
    vi.stubEnv('KIOSK_DATA_DIR', '/tmp/kiosk-data-test');
    vi.stubEnv('NOTIFY_SOCKET', '');
  });
  afterEach(() => {
    process.argv = argvBefore;
    for (const listener of process.listeners('SIGTERM')) {
      if (!sigtermBefore.includes(listener as (...args: unknown[]) => void)) process.removeListener('SIGTERM', listener);
    }
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.doUnmock('electron');
  });

  async function boot(display: string, argv: string[]): Promise<FakeElectron> {
    vi.resetModules();
    vi.stubEnv('KIOSK_DISPLAY', display);
    process.argv = ['/opt/kiosk/enrollment-kiosk', ...argv];
    const fake = createFakeElectron();
    vi.doMock('electron', () => fake.module);
    await import('../../../electron/main/index.ts');
    return fake;
  }

  it('refuses to start on a KIOSK_DISPLAY it does not know, with the configuration exit code', async () => {
    const fake = await boot('xorg', []);
    expect(fake.app.exitCode).toBe(78);
    expect(stderr.join('')).toContain('"variable":"KIOSK_DISPLAY"');
    expect(fake.calls.some((call) => call.startsWith('app.commandLine'))).toBe(false);
  });

  it('appends the late switches and warns when the unit left out the platform switch', async () => {
    const fake = await boot('wayland', []);
    expect(fake.calls).toContain('app.commandLine.appendSwitch(touch-events=enabled)');
    expect(fake.calls.some((call) => call.includes('ozone-platform'))).toBe(false);
    expect(stderr.join('')).toMatch(/"event":"display.switch_missing","switch":"--ozone-platform=wayland"/);
  });

  it('stays quiet when the command line carries the platform switch, as kiosk.service’s does', async () => {
    await boot('wayland', ['--ozone-platform=wayland']);
    expect(stderr.join('')).not.toContain('display.switch_missing');
  });
});
