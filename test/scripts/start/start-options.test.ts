import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStartOptions, StartUsageError } from '../../../scripts/start/start-options.ts';

const OWN = ['--no-build', '--retry-electron-download', '--embedded-central', '--host'];

describe('parseStartOptions', () => {
  it('defaults to auto, building, no retry, no forced sandbox', () => {
    expect(parseStartOptions([])).toEqual({ build: true, host: 'auto', retryElectronDownload: false, embeddedCentral: false, hostArgs: [] });
  });

  it('takes its own options in either --host form and passes the rest on in order', () => {
    expect(parseStartOptions(['--port', '0', '--host', 'browser', '--no-build', '--no-open', '--embedded-central'])).toEqual({
      build: false,
      host: 'browser',
      retryElectronDownload: false,
      embeddedCentral: true,
      hostArgs: ['--port', '0', '--no-open'],
    });
    expect(parseStartOptions(['--host=electron', '--retry-electron-download'])).toMatchObject({ host: 'electron', retryElectronDownload: true });
  });

  it('refuses a --host without one of its values', () => {
    expect(() => parseStartOptions(['--host'])).toThrow(StartUsageError);
    expect(() => parseStartOptions(['--host', 'chromium'])).toThrow(/--host takes auto, electron, browser; got "chromium"/);
    expect(() => parseStartOptions(['--host='])).toThrow(StartUsageError);
  });

  it('passes any argument list without its own options through unchanged', () => {
    const arg = fc.string().filter((a) => !OWN.some((own) => a === own || a.startsWith('--host=')));
    fc.assert(
      fc.property(fc.array(arg), (argv) => {
        expect(parseStartOptions(argv)).toMatchObject({ host: 'auto', build: true, hostArgs: argv });
      }),
    );
  });
});
