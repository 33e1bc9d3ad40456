/**
 * The kiosk's registration with the central enrollment API: one ECDSA P-256
 * key, a CSR naming the kiosk, a one-time registration token, and from then on
 * a client certificate for every request (mTLS). The key and certificates are
 * kept under `<dataDir>/central-client/`, so a kiosk registers once.
 *
 * central/ shares nothing with the kiosk but the OpenAPI contract
 * (POST /v1/kiosk-registrations, GET /v1/health): this restates the small part
 * of central/pki/kiosk-enrollment.ts the kiosk needs. TLS trusts only the
 * given central CA (no system roots), TLS 1.2 minimum.
 *
 * Nothing here logs or puts into an error message the key, the token or the
 * certificates.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { CentralBadResponse, CentralUnavailable } from './central-errors.ts';
import { exchangeOnce, networkErrorCode } from './central-transport.ts';
import { centralClientDir, centralClientFile } from './client-files.ts';

x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const KIOSK_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Registration and health answers are small; anything bigger is not central. */
const MAX_RESPONSE_BYTES = 256 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

export type CentralErrorCode =
  /** Central refused the registration (bad/used/expired token, CSR refused): the problem code says which. */
  | 'central.registration_failed'
  /** No TCP/TLS connection, or it dropped (includes a central whose certificate the pinned CA did not sign). */
  | 'central.unreachable'
  /** TLS handshake refused because central's certificate is not signed by the pinned CA. */
  | 'central.untrusted'
  /** Central answered something that is not the contract's shape. */
  | 'central.bad_response'
  /** Central answered with an unexpected error status (health check, 5xx). */
  | 'central.error'
  /** The stored credentials are incomplete or unreadable. */
  | 'central.credentials_invalid'
  /** The arguments (kiosk id, URL, CA) are not usable. */
  | 'central.config_invalid';

export class CentralError extends Error {
  readonly code: CentralErrorCode;
  /** HTTP status when central answered; the problem+json code when it sent one. */
  readonly status: number | undefined;
  readonly problemCode: string | undefined;
  constructor(code: CentralErrorCode, message: string, details: { status?: number; problemCode?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CentralError';
    this.code = code;
    this.status = details.status;
    this.problemCode = details.problemCode;
  }
}

export type CentralTlsOptions = Required<Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'minVersion'>> & { rejectUnauthorized: true };

export interface CentralHttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request; the default goes through the central client's transport (central-transport.ts). Injectable for tests. */
export type CentralFetch = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; tls: Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'minVersion'> },
) => Promise<CentralHttpResponse>;

export interface EnsureKioskRegisteredOptions {
  dataDir: string;
  centralUrl: string;
  caCertificatePem: string;
  kioskId: string;
  /** Needed only when the kiosk has no stored credentials yet. */
  registrationToken?: string | undefined;
  fetchImpl?: CentralFetch;
}

export interface KioskRegistration {
  tls: CentralTlsOptions;
  /** true when this call registered; false when stored credentials were loaded. */
  registered: boolean;
  kioskId: string;
  /** The HPKE key central published at registration (undefined when loaded from disk). */
  hpkePublicKey?: unknown;
}

/** Loads the kiosk's central credentials, registering first if there are none. */
export async function ensureKioskRegistered(options: EnsureKioskRegisteredOptions): Promise<KioskRegistration> {
  const { dataDir, kioskId } = options;
  if (!KIOSK_ID.test(kioskId)) throw new CentralError('central.config_invalid', 'kiosk id must be 1-64 letters, digits, dots, dashes or underscores');
  const base = parseCentralUrl(options.centralUrl);
  if (!options.caCertificatePem.includes('-----BEGIN CERTIFICATE-----'))
    throw new CentralError('central.config_invalid', 'central CA certificate is not a PEM certificate');
  const dir = centralClientDir(dataDir);
  const paths = { key: centralClientFile(dataDir, 'key'), cert: centralClientFile(dataDir, 'cert'), ca: centralClientFile(dataDir, 'ca') };

  const present = Object.values(paths).filter((p) => existsSync(p)).length;
  if (present === 3) {
    let stored: CentralTlsOptions;
    try {
      stored = tlsOptions(readFileSync(paths.ca, 'utf8'), readFileSync(paths.cert, 'utf8'), readFileSync(paths.key, 'utf8'));
    } catch (error) {
      throw new CentralError('central.credentials_invalid', 'stored central credentials could not be read', { cause: error });
    }
    // Same central (same CA): reuse. A new CA (the sandbox's data was reset) means a new registration, if there is a token.
    if (sameCertificate(stored.ca as string, options.caCertificatePem)) return { tls: stored, registered: false, kioskId };
    if (!options.registrationToken)
      throw new CentralError('central.credentials_invalid', 'stored central credentials are for another central CA and there is no registration token');
  }
  // A partial set (a crash between writes) or another CA's set is replaced by registering again.
  if (!options.registrationToken) throw new CentralError('central.config_invalid', 'the kiosk is not registered with central and has no registration token');

  const { privateKeyPem, csrPem } = await createKeyAndCsr(kioskId);
  const fetchImpl = options.fetchImpl ?? centralHttpsFetch;
  const response = await send(fetchImpl, new URL('/v1/kiosk-registrations', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
    body: JSON.stringify({ registrationToken: options.registrationToken, csr: csrPem }),
    tls: { ca: options.caCertificatePem, minVersion: 'TLSv1.2' },
  });
  if (response.status !== 201 && response.status !== 200) {
    const problemCode = problemCodeOf(response.body);
    const code: CentralErrorCode = response.status >= 500 ? 'central.error' : 'central.registration_failed';
    throw new CentralError(code, `central refused the kiosk registration (HTTP ${response.status}${problemCode ? `, ${problemCode}` : ''})`, {
      status: response.status,
      ...(problemCode !== undefined && { problemCode }),
    });
  }
  const body = parseJson(response.body) as { certificate?: unknown; caCertificate?: unknown; kioskId?: unknown; hpkePublicKey?: unknown } | undefined;
  if (typeof body?.certificate !== 'string' || typeof body.caCertificate !== 'string' || !body.certificate.includes('-----BEGIN CERTIFICATE-----')) {
    throw new CentralError('central.bad_response', 'central answered the registration without a certificate', { status: response.status });
  }
  if (body.kioskId !== undefined && body.kioskId !== kioskId)
    throw new CentralError('central.bad_response', 'central issued a certificate for another kiosk', { status: response.status });

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Certificates first, the key last: three present files mean a complete set.
  writeAtomically(paths.ca, body.caCertificate, 0o644);
  writeAtomically(paths.cert, body.certificate, 0o644);
  writeAtomically(paths.key, privateKeyPem, 0o600);
  return { tls: tlsOptions(body.caCertificate, body.certificate, privateKeyPem), registered: true, kioskId, hpkePublicKey: body.hpkePublicKey };
}

/** GET /v1/health with the kiosk's client certificate; resolves with the kiosk id central saw. */
export async function centralHealth(
  tls: CentralTlsOptions,
  centralUrl: string,
  fetchImpl: CentralFetch = centralHttpsFetch,
): Promise<{ status: string; kioskId: string }> {
  const response = await send(fetchImpl, new URL('/v1/health', parseCentralUrl(centralUrl)), { method: 'GET', headers: { accept: 'application/json' }, tls });
  if (response.status !== 200) {
    const problemCode = problemCodeOf(response.body);
    throw new CentralError('central.error', `central health check failed (HTTP ${response.status})`, {
      status: response.status,
      ...(problemCode !== undefined && { problemCode }),
    });
  }
  const body = parseJson(response.body) as { status?: unknown; kioskId?: unknown } | undefined;
  if (typeof body?.status !== 'string' || typeof body.kioskId !== 'string')
    throw new CentralError('central.bad_response', 'central health answer has an unexpected shape', { status: 200 });
  return { status: body.status, kioskId: body.kioskId };
}

function sameCertificate(a: string, b: string): boolean {
  const normalise = (pem: string) => pem.replace(/\s+/g, '');
  return normalise(a) === normalise(b);
}

function tlsOptions(ca: string, cert: string, key: string): CentralTlsOptions {
  if (!ca.includes('-----BEGIN CERTIFICATE-----') || !cert.includes('-----BEGIN CERTIFICATE-----') || !key.includes('PRIVATE KEY-----')) {
    throw new CentralError('central.credentials_invalid', 'stored central credentials are not PEM');
  }
  return { ca, cert, key, minVersion: 'TLSv1.2', rejectUnauthorized: true };
}

async function createKeyAndCsr(kioskId: string): Promise<{ privateKeyPem: string; csrPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [kioskId] }],
    keys: keys as unknown as x509.Pkcs10CertificateRequestCreateParams['keys'],
    signingAlgorithm: ECDSA_P256,
  });
  const privateKeyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { privateKeyPem, csrPem: csr.toString('pem') };
}

function parseCentralUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CentralError('central.config_invalid', 'central URL is not a URL');
  }
  if (url.protocol !== 'https:') throw new CentralError('central.config_invalid', 'central URL must be https');
  return url;
}

async function send(fetchImpl: CentralFetch, url: URL, init: Parameters<CentralFetch>[1]): Promise<CentralHttpResponse> {
  try {
    return await fetchImpl(url, init);
  } catch (error) {
    if (error instanceof CentralError) throw error;
    if (error instanceof CentralBadResponse && error.reason === 'too_large')
      throw new CentralError('central.bad_response', 'central answer is too large', { cause: error });
    const code = networkErrorCode(error);
    const untrusted =
      (error instanceof CentralUnavailable && error.kind === 'tls_untrusted') ||
      (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/.test(code));
    throw new CentralError(untrusted ? 'central.untrusted' : 'central.unreachable', `central is not reachable${code !== undefined ? ` (${code})` : ''}`, {
      cause: error,
    });
  }
}

function problemCodeOf(body: string): string | undefined {
  const parsed = parseJson(body) as { code?: unknown } | undefined;
  return typeof parsed?.code === 'string' && /^[a-z0-9_.]{1,64}$/.test(parsed.code) ? parsed.code : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so a crash leaves the old file or the new one, never half of one. */
export function writeAtomically(path: string, content: string, mode: number): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, content, { mode });
  chmodSync(temp, mode);
  renameSync(temp, path);
}

/** The PEM text of a TLS option, which node:tls also allows as a Buffer. */
function pemText(value: ConnectionOptions['ca']): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/**
 * The default CentralFetch: one exchange on a connection of its own (no pool
 * sharing credentials across kiosks or tests), through the same undici
 * transport as the central client, so the same TLS rules hold.
 */
export const centralHttpsFetch: CentralFetch = async (url, init) => {
  const ca = pemText(init.tls.ca);
  const cert = pemText(init.tls.cert);
  const key = pemText(init.tls.key as ConnectionOptions['ca']);
  if (ca === undefined) throw new CentralError('central.config_invalid', 'central CA certificate is not a PEM certificate');
  const minVersion = init.tls.minVersion === 'TLSv1.3' ? 'TLSv1.3' : 'TLSv1.2';
  const response = await exchangeOnce(
    { baseUrl: url.origin, tls: cert !== undefined && key !== undefined ? { ca, cert, key } : { ca }, minVersion, connectTimeoutMs: DEFAULT_TIMEOUT_MS },
    {
      method: init.method === 'POST' ? 'POST' : 'GET',
      path: `${url.pathname}${url.search}`,
      headers: init.headers,
      ...(init.body !== undefined && { body: init.body }),
      headersTimeoutMs: DEFAULT_TIMEOUT_MS,
      bodyTimeoutMs: DEFAULT_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      deadline: AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
    },
  );
  return { status: response.status, headers: { ...response.headers }, body: Buffer.from(response.body).toString('utf8') };
};
