/**
 * The kiosk's connection to central as kioskctl checks it: the configured
 * URL and pinned CA, the client certificate registration left in
 * `<dataDir>/central-client/`, and one GET /v1/health over mTLS with the
 * facts a technician needs (TLS version, both certificates' expiry, round
 * trip, clock skew). Shared by `central test`, `selftest` and `register`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CENTRAL_CLIENT_DIR, CentralError, ensureKioskRegistered } from '../central/central-registration.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import { type CertificateFacts, certificateFacts, clockSkewSeconds, exchangeError, httpsExchange } from './central-probe.ts';
import { CliError, EXIT_CODES } from './cli-command.ts';

export interface CentralSetup {
  readonly url: URL;
  readonly caFile: string;
  readonly caPem: string;
  readonly kioskId: string;
}

function notConfigured(field: string, reason: string): CliError {
  return new CliError('config.invalid', `invalid kiosk configuration: ${field}: ${reason}`, EXIT_CODES.invalidConfiguration, field);
}

/** Where central is and which CA to trust, from the configuration; exit 3 naming the field when either is missing or unusable. */
export function centralSetup(config: Pick<ServiceConfig, 'centralUrl' | 'centralCaFile' | 'kioskId'>): CentralSetup {
  if (config.centralUrl === undefined) throw notConfigured('centralUrl', 'not configured: kioskctl config set centralUrl https://… centralCaFile /path/ca.pem');
  if (config.centralCaFile === undefined) throw notConfigured('centralCaFile', 'not configured: kioskctl config set centralCaFile /path/ca.pem');
  let caPem: string;
  try {
    caPem = readFileSync(config.centralCaFile, 'utf8');
  } catch (error) {
    throw notConfigured('centralCaFile', `cannot read ${config.centralCaFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { url: new URL(config.centralUrl), caFile: config.centralCaFile, caPem, kioskId: config.kioskId };
}

export const CLIENT_FILES = { key: 'kiosk.key', cert: 'kiosk.crt', ca: 'ca.crt' } as const;

/** The stored client certificate's facts, or null when the kiosk has none (not registered). */
export function storedClientCertificate(dataDir: string, now = Date.now()): CertificateFacts | null {
  const path = join(dataDir, CENTRAL_CLIENT_DIR, CLIENT_FILES.cert);
  if (!existsSync(path)) return null;
  try {
    return certificateFacts(readFileSync(path, 'utf8'), now);
  } catch {
    return null;
  }
}

/** True when registration left a complete set (CA, certificate, key). */
export function isRegistered(dataDir: string): boolean {
  return Object.values(CLIENT_FILES).every((file) => existsSync(join(dataDir, CENTRAL_CLIENT_DIR, file)));
}

/** The kiosk id a client certificate names (its subject CN). */
export function certificateKioskId(facts: Pick<CertificateFacts, 'subject'>): string | null {
  return /(?:^|, )CN=([^,]+)/.exec(facts.subject)?.[1] ?? null;
}

export interface CentralHealthProbe {
  readonly central: string;
  readonly tls: { readonly version: string | null; readonly serverCertificate: CertificateFacts | null };
  readonly clientCertificate: CertificateFacts;
  readonly health: { readonly status: string; readonly kioskId: string; readonly roundTripMs: number };
  readonly clock: { readonly centralDate: string | null; readonly skewSeconds: number | null };
}

/** GET /v1/health with the kiosk's own certificate. Throws CliError: not registered (3), unreachable/timeout/untrusted (4), refused (5). */
export async function probeCentralHealth(dataDir: string, setup: CentralSetup, timeoutMs: number): Promise<CentralHealthProbe> {
  if (!isRegistered(dataDir)) {
    throw new CliError('central.not_registered', 'this kiosk has no client certificate for central yet: kioskctl register --token TOKEN', EXIT_CODES.invalidConfiguration);
  }
  let tls;
  try {
    ({ tls } = await ensureKioskRegistered({ dataDir, centralUrl: setup.url.href, caCertificatePem: setup.caPem, kioskId: setup.kioskId }));
  } catch (error) {
    if (error instanceof CentralError && error.code === 'central.credentials_invalid') {
      throw new CliError(
        'central.credentials_invalid',
        `${error.message}: the stored client certificate does not go with centralCaFile; register again: kioskctl register --token TOKEN --force`,
        EXIT_CODES.invalidConfiguration,
      );
    }
    if (error instanceof CentralError) throw new CliError(error.code, error.message);
    throw error;
  }
  const url = new URL('/v1/health', setup.url);
  let exchange;
  try {
    exchange = await httpsExchange(url, { method: 'GET', headers: { accept: 'application/json' }, tls, timeoutMs });
  } catch (error) {
    throw exchangeError(error, url, timeoutMs);
  }
  if (exchange.status === 401 || exchange.status === 403) {
    throw new CliError(
      'central.refused',
      `central refused the kiosk's client certificate (HTTP ${exchange.status}${problemCode(exchange.body)}): expired, revoked or issued by another central; register again: kioskctl register --token TOKEN --force`,
    );
  }
  if (exchange.status !== 200) throw new CliError('central.error', `central's health check answered HTTP ${exchange.status}${problemCode(exchange.body)}`);
  let body: { status?: unknown; kioskId?: unknown } | undefined;
  try {
    body = JSON.parse(exchange.body) as typeof body;
  } catch {
    body = undefined;
  }
  if (typeof body?.status !== 'string' || typeof body.kioskId !== 'string') throw new CliError('central.bad_response', 'the health answer is not what central sends: is centralUrl the central enrollment API?');
  const date = typeof exchange.headers.date === 'string' && !Number.isNaN(Date.parse(exchange.headers.date)) ? new Date(Date.parse(exchange.headers.date)).toISOString() : null;
  return {
    central: setup.url.origin,
    tls: { version: exchange.tlsVersion, serverCertificate: exchange.serverCertificate },
    clientCertificate: certificateFacts(tls.cert as string),
    health: { status: body.status, kioskId: body.kioskId, roundTripMs: exchange.roundTripMs },
    clock: { centralDate: date, skewSeconds: clockSkewSeconds(exchange) },
  };
}

function problemCode(body: string): string {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'string' && /^[a-z0-9_.]{1,64}$/.test(code) ? `, ${code}` : '';
  } catch {
    return '';
  }
}
