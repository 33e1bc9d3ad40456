import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from '../../../electron/main/window-options.ts';
import { readDevFlag } from '../../../electron/preload/dev-flag.ts';

const argvFor = (dev: boolean) => kioskWindowOptions({ preloadPath: '/p.cjs', production: true, dev }).webPreferences?.additionalArguments ?? [];

describe('the dev flag between main and the preload', () => {
  it('reads back what main writes (the two files cannot import each other)', () => {
    expect(readDevFlag(['/opt/kiosk/enrollment-kiosk', '--type=renderer', ...argvFor(true)])).toBe(true);
    expect(readDevFlag(['/opt/kiosk/enrollment-kiosk', '--type=renderer', ...argvFor(false)])).toBe(false);
  });

  it('means production unless main clearly asked for dev', () => {
    expect(readDevFlag([])).toBe(false);
    expect(readDevFlag(['--kiosk-dev'])).toBe(false);
    expect(readDevFlag(['--kiosk-dev=true'])).toBe(false);
    expect(readDevFlag(['--kiosk-dev=1', '--kiosk-dev=0'])).toBe(false);
    expect(readDevFlag(['--kiosk-dev=1', '--kiosk-dev=1'])).toBe(false);
  });
});
