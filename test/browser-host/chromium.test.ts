import { describe, expect, it } from 'vitest';
import { chromiumKioskArgs, kioskWindowCommand, parseWindowSize, withParentDeathSignal } from '../../electron/browser-host/server/chromium.ts';

describe('the browser host kiosk window', () => {
  it('opens the app in kiosk mode, off the network, and drops the sandbox only as root', () => {
    const args = chromiumKioskArgs('/tmp/kiosk-launch-x/launch.html', '/tmp/profile', false);
    expect(args).toEqual(
      expect.arrayContaining([
        '--kiosk',
        '--app=file:///tmp/kiosk-launch-x/launch.html',
        '--user-data-dir=/tmp/profile',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ]),
    );
    expect(args).not.toContain('--no-sandbox');
    expect(chromiumKioskArgs('/l.html', 'd', true)).toContain('--no-sandbox');
  });

  it('puts only the launch page’s path on the command line every local user can read, never an address with a token', () => {
    const { command, args } = kioskWindowCommand('/usr/bin/chromium', '/tmp/kiosk-launch-x/launch.html', '/tmp/profile', {
      runningAsRoot: false,
      setpriv: '/usr/bin/setpriv',
      windowSize: null,
    });
    const commandLine = [command, ...args].join(' ');
    expect(commandLine).not.toMatch(/token|https?:/);
    expect(args.filter((a) => a.startsWith('--app='))).toEqual(['--app=file:///tmp/kiosk-launch-x/launch.html']);
  });

  it('refuses anything but an absolute file path as the launch page', () => {
    for (const bad of ['http://127.0.0.1:1/?token=t', 'launch.html', '']) expect(() => chromiumKioskArgs(bad, '/tmp/profile', false)).toThrow(TypeError);
  });

  it('sizes the window when told to (displays without a window manager)', () => {
    expect(chromiumKioskArgs('/l.html', 'd', false, { width: 1080, height: 1920 })).toContain('--window-size=1080,1920');
    expect(parseWindowSize('1080x1920')).toEqual({ width: 1080, height: 1920 });
    for (const bad of [undefined, '', '1080', '1080x', 'x1920', '10x10', '1080x1920;--evil', '-1080x1920']) expect(parseWindowSize(bad)).toBeNull();
  });

  it('asks the kernel to SIGTERM the window when its host dies, where setpriv exists, and starts it plainly where not', () => {
    expect(withParentDeathSignal('/usr/bin/chromium', ['--kiosk'], '/usr/bin/setpriv')).toEqual({
      command: '/usr/bin/setpriv',
      args: ['--pdeathsig', 'SIGTERM', '--', '/usr/bin/chromium', '--kiosk'],
    });
    expect(withParentDeathSignal('/usr/bin/chromium', ['--kiosk'], null)).toEqual({ command: '/usr/bin/chromium', args: ['--kiosk'] });
  });
});
