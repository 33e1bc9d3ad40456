import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRefusedSwitch, refusedSwitches, switchName } from '../../../electron/main/command-line-guard.ts';

describe('switches a packaged kiosk refuses', () => {
  it.each([
    ['--remote-debugging-port=9222', 'remote-debugging-port'],
    ['--remote-debugging-pipe', 'remote-debugging-pipe'],
    ['--remote-debugging-address=0.0.0.0', 'remote-debugging-address'],
    ['--remote-allow-origins=*', 'remote-allow-origins'],
    ['--inspect', 'inspect'],
    ['--inspect=0.0.0.0:9229', 'inspect'],
    ['--inspect-brk', 'inspect-brk'],
    ['--inspect-port=9229', 'inspect-port'],
    ['--inspect-publish-uid=http', 'inspect-publish-uid'],
    ['--debug', 'debug'],
    ['--js-flags=--allow-natives-syntax', 'js-flags'],
    ['--no-sandbox', 'no-sandbox'],
    ['--disable-web-security', 'disable-web-security'],
    ['--renderer-cmd-prefix=gdbserver :1234', 'renderer-cmd-prefix'],
    ['--gpu-launcher=/tmp/x.sh', 'gpu-launcher'],
    ['--proxy-server=http://192.0.2.1:3128', 'proxy-server'],
    ['--load-extension=/tmp/ext', 'load-extension'],
    // Chromium reads a single dash on POSIX, and the comparison ignores case.
    ['-remote-debugging-port=9222', 'remote-debugging-port'],
    ['--Remote-Debugging-Port=9222', 'remote-debugging-port'],
    ['--INSPECT-BRK', 'inspect-brk'],
  ])('refuses %s when packaged, naming it without its value', (argument, name) => {
    expect(refusedSwitches([argument], true)).toEqual([name]);
  });

  it('accepts them all when unpackaged: Playwright drives the development app through them', () => {
    expect(refusedSwitches(['--remote-debugging-port=0', '--inspect=0', '--no-sandbox'], false)).toEqual([]);
  });

  it('starts a packaged kiosk with no arguments, or with harmless ones', () => {
    expect(refusedSwitches([], true)).toEqual([]);
    expect(refusedSwitches(['--ozone-platform=wayland', '--enable-features=UseOzonePlatform', '--disable-gpu', '/opt/kiosk/resources/app.asar'], true)).toEqual(
      [],
    );
  });

  it('checks every argument, those after a bare -- too, and names each refused switch once', () => {
    expect(refusedSwitches(['--inspect', '--', '--remote-debugging-port=1', '--inspect'], true)).toEqual(['inspect', 'remote-debugging-port']);
  });

  it('reads a switch name the way Chromium does', () => {
    expect(switchName('--a=b=c')).toBe('a');
    expect(switchName('plain')).toBeNull();
    expect(switchName('--')).toBeNull();
  });

  it('refuses every spelling of a refused name, whatever value or prefix it carries', () => {
    const refused = fc.constantFrom('remote-debugging-port', 'inspect', 'inspect-brk', 'remote-debugging-pipe', 'js-flags');
    const caseMix = (name: string, upper: boolean[]) => [...name].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');
    fc.assert(
      fc.property(refused, fc.array(fc.boolean(), { minLength: 1 }), fc.constantFrom('-', '--'), fc.option(fc.string()), (name, upper, dashes, value) => {
        const argument = `${dashes}${caseMix(name, upper)}${value === null ? '' : `=${value}`}`;
        expect(refusedSwitches([argument], true)).toEqual([name]);
        expect(isRefusedSwitch(name)).toBe(true);
      }),
    );
  });
});
