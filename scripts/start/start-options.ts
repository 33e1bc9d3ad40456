/**
 * `npm start -- [options]`: the ones scripts/start.ts takes for itself; the
 * rest (`--port`, `--no-open`) go on to the browser host.
 */
import type { HostChoice } from './electron-binary.ts';

export interface StartOptions {
  /** `--no-build`: run what is already in out/. */
  readonly build: boolean;
  /** `--host electron|browser|auto`; auto (the default) takes Electron where a binary can be had. */
  readonly host: HostChoice;
  /** `--retry-electron-download`: try the download now, even after a recent failure. */
  readonly retryElectronDownload: boolean;
  /** `--embedded-central`: the central sandbox even for a kiosk provisioned to another central. */
  readonly embeddedCentral: boolean;
  readonly hostArgs: string[];
}

export class StartUsageError extends Error {
  readonly code = 'start.usage';
  constructor(message: string) {
    super(message);
    this.name = 'StartUsageError';
  }
}

const HOSTS: readonly HostChoice[] = ['auto', 'electron', 'browser'];

export function parseStartOptions(argv: readonly string[]): StartOptions {
  let build = true;
  let host: HostChoice = 'auto';
  let retryElectronDownload = false;
  let embeddedCentral = false;
  const hostArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-build') build = false;
    else if (arg === '--retry-electron-download') retryElectronDownload = true;
    else if (arg === '--embedded-central') embeddedCentral = true;
    else if (arg === '--host' || arg.startsWith('--host=')) {
      const value = arg === '--host' ? argv[++i] : arg.slice('--host='.length);
      if (!HOSTS.includes(value as HostChoice))
        throw new StartUsageError(`--host takes ${HOSTS.join(', ')}; got ${value === undefined ? 'nothing' : `"${value}"`}`);
      host = value as HostChoice;
    } else hostArgs.push(arg);
  }
  return { build, host, retryElectronDownload, embeddedCentral, hostArgs };
}
