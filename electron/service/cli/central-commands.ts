/**
 * kioskctl's central commands:
 *
 *   register --token TOKEN|- [--central-url URL] [--ca FILE] [--kiosk-id ID] [--force] [--timeout S] [--data-dir DIR]
 *     creates the kiosk's ECDSA P-256 key and obtains its client certificate
 *     with a one-time token (ensureKioskRegistered); `-` reads the token from
 *     stdin, which keeps it out of the shell history and the process list.
 *     URL, CA and kiosk id given here are validated before central is asked
 *     and stored once it has answered. Prints the kiosk id, the certificate's
 *     serial and validity, and the TLS version; never the token or the key.
 *   central test [--timeout S] [--data-dir DIR]
 *     GET /v1/health over mTLS: TLS version, central's and the kiosk's
 *     certificate expiry, round trip, clock skew from the Date header.
 *
 * Registration is made in a staging folder inside the data directory and
 * moved into `central-client/` only once central has issued the certificate,
 * so a refused token leaves the kiosk's current credentials as they were. A
 * kiosk that is registered already needs --force to register again (a new
 * key; the old one is deleted).
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfiguration, withDatabase } from '../maintenance/kiosk-files.ts';
import { centralConnectionTest, registerKiosk } from '../maintenance/kiosk-registration.ts';
import { DEFAULT_CHECK_TIMEOUT_S } from '../maintenance/selftest.ts';
import { DATA_DIR_OPTION, intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand, CliOutcome, EXIT_CODES } from './cli-command.ts';
import { resolveDataDir } from './data-dir.ts';
import { englishAdvice } from './maintenance-english.ts';

const REGISTER_USAGE = 'register --token TOKEN|- [--central-url URL] [--ca FILE] [--kiosk-id ID] [--force] [--timeout SECONDS] [--data-dir DIR]';
const TEST_USAGE = 'central test [--timeout SECONDS] [--data-dir DIR]';
const REGISTRATION_TIMEOUT_S = 15;

async function readToken(option: string | undefined, stdin: NodeJS.ReadableStream): Promise<string> {
  if (option === undefined || option === '')
    throw new CliError('usage', `--token is required (or --token - to read it from stdin); usage: kioskctl ${REGISTER_USAGE}`);
  let token = option;
  if (option === '-') {
    const lines = createInterface({ input: stdin });
    token = '';
    for await (const line of lines) {
      token = line.trim();
      break;
    }
    lines.close();
  }
  // Never echoed: a wrong token is described, not quoted.
  if (!/^[\x21-\x7e]{1,128}$/.test(token)) throw new CliError('usage', 'the registration token must be 1–128 printable characters without spaces');
  return token;
}

export const registerCommand: CliCommand = {
  path: ['register'],
  usage: REGISTER_USAGE,
  summary: 'Register the kiosk with central using a one-time token: creates its key pair, obtains its client certificate, stores URL/CA/kiosk id given here',
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        ...DATA_DIR_OPTION,
        token: { type: 'string' },
        'central-url': { type: 'string' },
        ca: { type: 'string' },
        'kiosk-id': { type: 'string' },
        force: { type: 'boolean', default: false },
        timeout: { type: 'string' },
      },
      REGISTER_USAGE,
    );
    const timeoutMs = intOption(values.timeout, 'timeout', REGISTRATION_TIMEOUT_S, 1, 120) * 1000;
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const token = await readToken(values.token, io.stdin);
    const patch: Record<string, string> = {
      ...(values['central-url'] !== undefined && { centralUrl: values['central-url'] }),
      ...(values.ca !== undefined && { centralCaFile: resolve(values.ca) }),
      ...(values['kiosk-id'] !== undefined && { kioskId: values['kiosk-id'] }),
    };
    const registration = await withDatabase(dataDir, 'write', (db) => registerKiosk({ dataDir, db, token, patch, force: values.force === true, timeoutMs }));
    return { ...registration, next: 'restart the kiosk service so it uses the new certificate, then run kioskctl selftest' };
  },
};

export const centralTestCommand: CliCommand = {
  path: ['central', 'test'],
  usage: TEST_USAGE,
  summary:
    'Connection test with central over mTLS: TLS version, certificate expiry (central and kiosk), health round trip, clock skew; exit 1 if the clock or the certificate fails',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, timeout: { type: 'string' } }, TEST_USAGE);
    const timeoutMs = intOption(values.timeout, 'timeout', DEFAULT_CHECK_TIMEOUT_S, 1, 120) * 1000;
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const { config } = await withDatabase(dataDir, 'read', (db) => loadConfiguration(db, dataDir));
    const { probe, clock, certificate } = await centralConnectionTest(dataDir, config, timeoutMs);
    const result = {
      ...probe,
      clock: { ...probe.clock, status: clock.status, ...(clock.advice !== undefined && { action: englishAdvice(clock.advice) }) },
      clientCertificate: {
        ...probe.clientCertificate,
        status: certificate.status,
        ...(certificate.advice !== undefined && { action: englishAdvice(certificate.advice) }),
      },
    };
    return new CliOutcome(result, clock.status === 'fail' || certificate.status === 'fail' ? EXIT_CODES.failed : EXIT_CODES.ok);
  },
};

export const CENTRAL_COMMANDS: readonly CliCommand[] = [registerCommand, centralTestCommand];
