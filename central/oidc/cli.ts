/**
 * `npm run -s central -- oidc rotate-keys [--data-dir DIR]`: puts a new
 * signing key first and keeps the current one published for verification
 * until the next rotation (keys.ts). A running sandbox reads the keys at
 * start, so restart it to sign with the new key. And the start-up check of
 * the relying parties' configuration: invalid → a clear message, exit 78.
 */
import { resolve } from 'node:path';
import { EX_CONFIG, OidcConfigInvalid, oidcClientsFromEnvironment, type OidcClientConfig, type OidcEnvironment } from './config.ts';
import { rotateSigningKeys } from './keys.ts';

const USAGE = 'usage: npm run -s central -- oidc rotate-keys [--data-dir DIR]';
const EX_USAGE = 64;

export function oidcCommand(argv: readonly string[], defaultDataDir: string, out: (line: string) => void, err: (line: string) => void): number {
  const [command, ...rest] = argv;
  if (command !== 'rotate-keys') {
    err(USAGE);
    return EX_USAGE;
  }
  let dataDir = defaultDataDir;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === '--data-dir' && rest[i + 1] !== undefined) dataDir = rest[++i]!;
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else {
      err(USAGE);
      return EX_USAGE;
    }
  }
  const keys = rotateSigningKeys(resolve(dataDir));
  out(`Signing with key ${keys[0]!.kid}; key ${keys[1]!.kid} stays published for verification until the next rotation. Restart the sandbox to use it.`);
  return 0;
}

/** The configured relying parties, or the process ends with exit 78 and the reason on stderr. */
export function oidcClientsOrExit(env: OidcEnvironment): OidcClientConfig[] {
  try {
    return oidcClientsFromEnvironment(env);
  } catch (error) {
    if (!(error instanceof OidcConfigInvalid)) throw error;
    process.stderr.write(`Invalid OpenID Connect configuration: ${error.message}\n`);
    process.exit(EX_CONFIG);
  }
}
