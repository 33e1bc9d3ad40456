/**
 * The kiosk's connection to central as kioskctl checks it: the configured
 * URL and pinned CA, the client certificate registration left in
 * `<dataDir>/central-client/`, and one GET /v1/health over mTLS with the
 * facts a technician needs (TLS version, both certificates' expiry, round
 * trip, clock skew). Shared by `central test`, `selftest` and `register`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CentralError, ensureKioskRegistered } from '../central/central-registration.ts';
import { centralClientFile, hasClientCredentials } from '../central/client-files.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import { type CertificateFacts, certificateFacts, clockSkewSeconds, exchangeError, httpsExchange } from './central-probe.ts';
import { configInvalid, MaintenanceError, message } from './maintenance-error.ts';

export interface CentralSetup {
  readonly url: URL;
  readonly caFile: string;
  readonly caPem: string;
  readonly kioskId: string;
}

/** Where central is and which CA to trust, from the configuration; config.invalid naming the field when either is missing or unusable. */
export function centralSetup(config: Pick<ServiceConfig, 'centralUrl' | 'centralCaFile' | 'kioskId'>): CentralSetup {
  if (config.centralUrl === undefined) throw configInvalid('centralUrl', message('configNotConfigured'));
  if (config.centralCaFile === undefined) throw configInvalid('centralCaFile', message('configNotConfigured'));
  let caPem: string;
  try {
    caPem = readFileSync(config.centralCaFile, 'utf8');
  } catch (error) {
    throw configInvalid('centralCaFile', message('configFileUnreadable', { path: config.centralCaFile, os: (error as NodeJS.ErrnoException).code ?? 'error' }));
  }
  return { url: new URL(config.centralUrl), caFile: config.centralCaFile, caPem, kioskId: config.kioskId };
}

/** The stored client certificate's facts, or null when the kiosk has none (not registered). */
export function storedClientCertificate(dataDir: string, now = Date.now()): CertificateFacts | null {
  const path = centralClientFile(dataDir, 'cert');
  if (!existsSync(path)) return null;
  try {
    return certificateFacts(readFileSync(path, 'utf8'), now);
  } catch {
    return null;
  }
}

/** True when registration left a complete set (CA, certificate, key). */
export function isRegistered(dataDir: string): boolean {
  return hasClientCredentials(dataDir);
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

/** GET /v1/health with the kiosk's own certificate. Throws MaintenanceError: central.not_registered, central.credentials_invalid, central.unreachable/timeout/untrusted, central.refused, central.error, central.bad_response. */
export async function probeCentralHealth(dataDir: string, setup: CentralSetup, timeoutMs: number): Promise<CentralHealthProbe> {
  if (!isRegistered(dataDir)) {
    throw new MaintenanceError('central.not_registered', message('centralNotRegistered'));
  }
  let tls;
  try {
    ({ tls } = await ensureKioskRegistered({ dataDir, centralUrl: setup.url.href, caCertificatePem: setup.caPem, kioskId: setup.kioskId }));
  } catch (error) {
    if (error instanceof CentralError && error.code === 'central.credentials_invalid') {
      throw new MaintenanceError('central.credentials_invalid', message('centralCredentialsInvalid', { detail: error.message }), { cause: error });
    }
    if (error instanceof CentralError) throw new MaintenanceError(error.code, message('centralFailed', { detail: error.message }), { cause: error });
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
    throw new MaintenanceError('central.refused', message('centralRefusedHttp', { status: exchange.status, problem: problemCode(exchange.body) }));
  }
  if (exchange.status !== 200)
    throw new MaintenanceError('central.error', message('centralHttpError', { status: exchange.status, problem: problemCode(exchange.body) }));
  let body: { status?: unknown; kioskId?: unknown } | undefined;
  try {
    body = JSON.parse(exchange.body) as typeof body;
  } catch {
    body = undefined;
  }
  if (typeof body?.status !== 'string' || typeof body.kioskId !== 'string') throw new MaintenanceError('central.bad_response', message('centralBadResponse'));
  const date =
    typeof exchange.headers.date === 'string' && !Number.isNaN(Date.parse(exchange.headers.date))
      ? new Date(Date.parse(exchange.headers.date)).toISOString()
      : null;
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
