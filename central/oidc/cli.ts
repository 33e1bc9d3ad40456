/**
 * `npm run -s central -- oidc rotate-keys [--data-dir DIR]`: puts a new
 * signing key first and keeps the current one published for verification
 * until the next rotation (keys.ts). A running sandbox reads the keys at
 * start, so restart it to sign with the new key.
 * `npm run -s central -- oidc second-factor on|off RUN [--data-dir DIR]`:
 * the account's e-mailed sign-in code (Decreto 9 art. 15), which the sandbox
 * has no account page to opt in from.
 * And the start-up check of the relying parties' configuration: invalid → a
 * clear message, exit 78.
 */
import { join, resolve } from 'node:path';
import { createCentralDomain } from '../domain/index.ts';
import { SignIn } from '../domain/sign-in.ts';
import { loadOrCreateServerSecret, openCentralStorage } from '../storage/index.ts';
import { EX_CONFIG, OidcConfigInvalid, oidcClientsFromEnvironment, type OidcClientConfig, type OidcEnvironment } from './config.ts';
import { rotateSigningKeys } from './keys.ts';

const USAGE = 'usage: npm run -s central -- oidc rotate-keys [--data-dir DIR]\n       npm run -s central -- oidc second-factor on|off RUN [--data-dir DIR]';
const EX_USAGE = 64;

export function oidcCommand(argv: readonly string[], defaultDataDir: string, out: (line: string) => void, err: (line: string) => void): number {
  const [command, ...rest] = argv;
  let dataDir = defaultDataDir;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === '--data-dir' && rest[i + 1] !== undefined) dataDir = rest[++i]!;
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else if (!arg.startsWith('-')) positional.push(arg);
    else {
      err(USAGE);
      return EX_USAGE;
    }
  }
  if (command === 'second-factor' && positional.length === 2 && (positional[0] === 'on' || positional[0] === 'off')) {
    const dir = resolve(dataDir);
    const { db } = openCentralStorage(join(dir, 'central.db'));
    try {
      const domain = createCentralDomain({ db, serverSecret: loadOrCreateServerSecret(dir) });
      if (!new SignIn(domain.context).setSecondFactor(positional[1]!, positional[0] === 'on')) {
        err('No account has that RUN.');
        return 1;
      }
    } finally {
      db.close();
    }
    out(`Second factor ${positional[0]} for that account.`);
    return 0;
  }
  if (command !== 'rotate-keys' || positional.length > 0) {
    err(USAGE);
    return EX_USAGE;
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
