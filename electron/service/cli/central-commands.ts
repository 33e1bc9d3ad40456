/**
 * kioskctl's central commands (issue 8, items 3 and 5):
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
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { CENTRAL_CLIENT_DIR, CentralError, ensureKioskRegistered } from '../central/central-registration.ts';
import { SEALING_KEY_FILE } from '../central/central-link.ts';
import { type ConfigPatch, KioskConfigStore, validateConfigPatch } from '../config/kiosk-config.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import type { KioskDatabase } from '../db/database.ts';
import { parseCentralSealingKey } from '../outbox/sealing.ts';
import { DATA_DIR_OPTION, intOption, parseOptions } from './args.ts';
import { centralSetup, CLIENT_FILES, isRegistered, probeCentralHealth, storedClientCertificate } from './central-check.ts';
import { certificateFacts, exchangeError, recordingFetch } from './central-probe.ts';
import { CliError, type CliCommand, CliOutcome, EXIT_CODES } from './cli-command.ts';
import { checkConfigFiles } from './config-commands.ts';
import { loadConfiguration, resolveDataDir, withDatabase } from './kiosk-files.ts';
import { DEFAULT_CHECK_TIMEOUT_S } from './selftest.ts';
import { certificateCheck, clockCheck } from './selftest-checks.ts';
import { recordWith, type TechnicianChannel, technicianRecord } from './technician-audit.ts';

const REGISTER_USAGE = 'register --token TOKEN|- [--central-url URL] [--ca FILE] [--kiosk-id ID] [--force] [--timeout SECONDS] [--data-dir DIR]';
const TEST_USAGE = 'central test [--timeout SECONDS] [--data-dir DIR]';
const REGISTRATION_TIMEOUT_S = 15;

/** What to do about each refusal central can answer a registration with (central/openapi.yaml, kiosk registrations). */
const REGISTRATION_ADVICE: Readonly<Record<string, string>> = {
  registration_token_invalid: 'the token is wrong (mistyped, or for another central): ask central operations for a new one',
  registration_token_used: 'the token was used already (each token registers once): ask for a new one',
  registration_token_expired: 'the token has expired: ask for a new one',
  csr_kiosk_mismatch: 'the token was issued for another kiosk id: pass the kiosk id it was issued for with --kiosk-id',
  kiosk_id_invalid: 'the kiosk id is not valid: letters, digits, dot, dash or underscore, at most 64',
};

async function readToken(option: string | undefined, stdin: NodeJS.ReadableStream): Promise<string> {
  if (option === undefined || option === '') throw new CliError('usage', `--token is required (or --token - to read it from stdin); usage: kioskctl ${REGISTER_USAGE}`);
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

function registrationError(error: unknown, url: URL, timeoutMs: number): CliError {
  if (!(error instanceof CentralError)) return error instanceof CliError ? error : exchangeError(error, url, timeoutMs);
  if (error.code === 'central.unreachable' || error.code === 'central.untrusted') return exchangeError(error.cause ?? error, url, timeoutMs);
  if (error.code === 'central.registration_failed') {
    const advice = error.problemCode !== undefined ? REGISTRATION_ADVICE[error.problemCode] : undefined;
    return new CliError('central.registration_failed', `${error.message}${advice ? `: ${advice}` : ''}`);
  }
  return new CliError(error.code, error.message);
}

/** Moves the staged credentials into place; the previous set (if any) is removed only after the new one is there. */
function installCredentials(dataDir: string, staged: string): boolean {
  const target = join(dataDir, CENTRAL_CLIENT_DIR);
  const replaced = existsSync(target);
  const previous = join(dataDir, `.${CENTRAL_CLIENT_DIR}.replaced-${process.pid}`);
  if (replaced) renameSync(target, previous);
  try {
    renameSync(staged, target);
  } catch (error) {
    if (replaced) renameSync(previous, target);
    throw error;
  }
  if (replaced) rmSync(previous, { recursive: true, force: true });
  return replaced;
}

export interface KioskRegistration {
  readonly dataDir: string;
  /** The kiosk database, open for writing. */
  readonly db: KioskDatabase;
  readonly token: string;
  /** centralUrl, centralCaFile and kioskId to store once central has answered (validated before central is asked). */
  readonly patch: Readonly<Record<string, string>>;
  readonly force: boolean;
  readonly timeoutMs: number;
  readonly via?: TechnicianChannel;
  /** The configuration to register with instead of the stored one as it is (the service's: fields the environment overrides). */
  readonly effectiveConfig?: (stored: ServiceConfig) => ServiceConfig;
}

/**
 * Registers the kiosk (shared by `kioskctl register` and technician mode):
 * validates, registers in a staging folder, moves the credentials into
 * place, stores the patch with its audit record in one transaction. Throws
 * CliError: config.invalid (3, with the field), central.already_registered,
 * central.registration_failed (5), central.unreachable/untrusted/timeout (4).
 */
export async function registerKiosk(request: KioskRegistration) {
  const { dataDir, db, token, patch, timeoutMs } = request;
  const before = loadConfiguration(db, dataDir);
  const checked = validateConfigPatch(patch, before.config);
  if (!checked.ok) throw new CliError('config.invalid', `invalid kiosk configuration: ${checked.field}: ${checked.reason}`, EXIT_CODES.invalidConfiguration, checked.field);
  checkConfigFiles(checked.config, ['centralCaFile']);
  const setup = centralSetup(request.effectiveConfig === undefined ? checked.config : request.effectiveConfig(checked.config));
  if (isRegistered(dataDir) && !request.force) {
    const current = storedClientCertificate(dataDir);
    throw new CliError(
      'central.already_registered',
      `this kiosk is registered already${current ? ` (certificate ${current.serial}, ${current.subject}, valid until ${current.notAfter})` : ''}; to register again with a new token, add --force`,
    );
  }

  const staging = mkdtempSync(join(dataDir, '.register-'));
  const recorder = recordingFetch(timeoutMs);
  try {
    let registration;
    try {
      registration = await ensureKioskRegistered({ dataDir: staging, centralUrl: setup.url.href, caCertificatePem: setup.caPem, kioskId: setup.kioskId, registrationToken: token, fetchImpl: recorder.fetch });
    } catch (error) {
      throw registrationError(error, setup.url, timeoutMs);
    }
    const stagedDir = join(staging, CENTRAL_CLIENT_DIR);
    let sealingKeyId: string | null = null;
    try {
      // The key central seals to, kept where the service looks for it (central-link.ts), so deferred enrollments work before its first connection.
      sealingKeyId = parseCentralSealingKey(registration.hpkePublicKey).keyId;
      writeFileSync(join(stagedDir, SEALING_KEY_FILE), JSON.stringify(registration.hpkePublicKey), { mode: 0o644 });
    } catch {
      sealingKeyId = null; // the service fetches it at its first connection
    }
    const replaced = installCredentials(dataDir, stagedDir);
    const certificate = certificateFacts(readFileSync(join(dataDir, CENTRAL_CLIENT_DIR, CLIENT_FILES.cert), 'utf8'));

    const fields = Object.keys(patch).filter((field) => (before.config as Record<string, unknown>)[field] !== (checked.config as Record<string, unknown>)[field]);
    const now = new Date();
    const record = await technicianRecord('technician.kiosk_registered', { fields: fields.join(',') || 'none', replacedCertificate: replaced }, setup.kioskId, now, request.via);
    const store = new KioskConfigStore(db, { dataDir });
    recordWith(db, record, () => (fields.length > 0 || !before.stored ? store.update(patch as ConfigPatch, now) : undefined));
    const exchange = recorder.last();
    return {
      registered: true as const,
      kioskId: setup.kioskId,
      central: setup.url.origin,
      tls: { version: exchange?.tlsVersion ?? null, serverCertificate: exchange?.serverCertificate ?? null },
      certificate: { serial: certificate.serial, subject: certificate.subject, notBefore: certificate.notBefore, notAfter: certificate.notAfter, daysLeft: certificate.daysLeft },
      sealingKeyId,
      replacedCertificate: replaced,
      configSaved: fields,
      next: 'restart the kiosk service so it uses the new certificate, then run kioskctl selftest',
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
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
    return withDatabase(dataDir, 'write', (db) => registerKiosk({ dataDir, db, token, patch, force: values.force === true, timeoutMs }));
  },
};

/** The connection test's facts and verdicts (shared by `kioskctl central test` and technician mode). Throws CliError as probeCentralHealth does. */
export async function centralConnectionTest(dataDir: string, config: ServiceConfig, timeoutMs: number) {
  const probe = await probeCentralHealth(dataDir, centralSetup(config), timeoutMs);
  const clock = clockCheck(probe.clock.skewSeconds, probe.clock.centralDate);
  const certificate = certificateCheck(probe.clientCertificate, config.kioskId);
  return { probe, clock, certificate };
}

export const centralTestCommand: CliCommand = {
  path: ['central', 'test'],
  usage: TEST_USAGE,
  summary: 'Connection test with central over mTLS: TLS version, certificate expiry (central and kiosk), health round trip, clock skew; exit 1 if the clock or the certificate fails',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, timeout: { type: 'string' } }, TEST_USAGE);
    const timeoutMs = intOption(values.timeout, 'timeout', DEFAULT_CHECK_TIMEOUT_S, 1, 120) * 1000;
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const { config } = await withDatabase(dataDir, 'read', (db) => loadConfiguration(db, dataDir));
    const { probe, clock, certificate } = await centralConnectionTest(dataDir, config, timeoutMs);
    const result = {
      ...probe,
      clock: { ...probe.clock, status: clock.status, ...(clock.action !== undefined && { action: clock.action }) },
      clientCertificate: { ...probe.clientCertificate, status: certificate.status, ...(certificate.action !== undefined && { action: certificate.action }) },
    };
    return new CliOutcome(result, clock.status === 'fail' || certificate.status === 'fail' ? EXIT_CODES.failed : EXIT_CODES.ok);
  },
};

export const CENTRAL_COMMANDS: readonly CliCommand[] = [registerCommand, centralTestCommand];
