/**
 * One HTTPS exchange with central, watched the way a technician needs it:
 * the TLS version negotiated, central's certificate and its expiry, the round
 * trip, and central's clock (the Date header, RFC 9110 §6.6.1). Everything
 * has a deadline, so a central that is down or black-holed answers "not
 * reachable" within `timeoutMs`, never a hang.
 *
 * It doubles as the CentralFetch of ensureKioskRegistered (`recordingFetch`),
 * so `kioskctl register` can say which TLS version the registration used.
 * It goes through the central client's transport (central-transport.ts), so
 * the same TLS rules hold: only the pinned CA, TLS 1.2 minimum, here on a
 * fresh connection per call. Nothing here prints a key, a token or a body.
 */
import { X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { CentralBadResponse, CentralUnavailable } from '../central/central-errors.ts';
import type { CentralFetch } from '../central/central-registration.ts';
import { exchangeOnce, networkErrorCode } from '../central/central-transport.ts';
import { MaintenanceError, message } from './maintenance-error.ts';

const MAX_RESPONSE_BYTES = 256 * 1024;
const DAY_MS = 86_400_000;

export interface CertificateFacts {
  readonly subject: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Whole days from `now` to notAfter, rounded down; negative once expired. */
  readonly daysLeft: number;
}

export interface HttpsExchange {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly tlsVersion: string | null;
  readonly serverCertificate: CertificateFacts | null;
  /** Local clock when the request was sent, and how long until the answer was complete. */
  readonly sentAt: number;
  readonly roundTripMs: number;
}

export interface ExchangeInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly tls: Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'minVersion'>;
  readonly timeoutMs: number;
}

/** The facts of a certificate (PEM or DER) as a technician reads them. */
export function certificateFacts(certificate: string | Buffer, now: number = Date.now()): CertificateFacts {
  const parsed = new X509Certificate(certificate);
  const notAfter = Date.parse(parsed.validTo);
  return {
    subject: parsed.subject.replace(/\n/g, ', '),
    serial: parsed.serialNumber.toLowerCase(),
    notBefore: new Date(Date.parse(parsed.validFrom)).toISOString(),
    notAfter: new Date(notAfter).toISOString(),
    daysLeft: Math.floor((notAfter - now) / DAY_MS),
  };
}

/** OpenSSL's verdicts on central's certificate (node:tls error codes): not signed by the pinned CA, expired, another name. */
const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/;
/** TLS alerts central sends when it will not take the kiosk's certificate in the handshake. */
const CLIENT_CERTIFICATE_REFUSED = /^ERR_SSL_.*ALERT_(?:BAD_CERTIFICATE|CERTIFICATE_|UNKNOWN_CA)/;

/** A failed exchange as the maintenance error a technician can act on. */
export function exchangeError(error: unknown, url: URL, timeoutMs: number): MaintenanceError {
  if (error instanceof MaintenanceError) return error;
  if (error instanceof CentralBadResponse && error.reason === 'too_large')
    return new MaintenanceError('central.bad_response', message('centralTooLarge'), { cause: error });
  const os = networkErrorCode(error) ?? 'error';
  const central = url.origin;
  if ((error instanceof CentralUnavailable && error.kind === 'timeout') || os === 'ETIMEDOUT') {
    return new MaintenanceError('central.timeout', message('centralTimeout', { central, timeoutMs }), { cause: error });
  }
  if (CLIENT_CERTIFICATE_REFUSED.test(os)) return new MaintenanceError('central.refused', message('centralRefusedTls', { central, os }), { cause: error });
  if (!os.startsWith('ERR_SSL_') && UNTRUSTED.test(os))
    return new MaintenanceError('central.untrusted', message('centralUntrusted', { central, os }), { cause: error });
  return new MaintenanceError('central.unreachable', message('centralUnreachable', { central, os }), { cause: error });
}

/** The PEM text of a TLS option, which node:tls also allows as a Buffer. */
function pemText(value: ConnectionOptions['ca']): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

export async function httpsExchange(url: URL, init: ExchangeInit): Promise<HttpsExchange> {
  const ca = pemText(init.tls.ca);
  const cert = pemText(init.tls.cert);
  const key = pemText(init.tls.key as ConnectionOptions['ca']);
  if (ca === undefined) throw new MaintenanceError('central.untrusted', message('centralUntrusted', { central: url.origin, os: 'ERR_CA_NOT_PEM' }));
  let tlsVersion: string | null = null;
  let serverCertificate: CertificateFacts | null = null;
  const sentAt = Date.now();
  const response = await exchangeOnce(
    {
      baseUrl: url.origin,
      tls: cert !== undefined && key !== undefined ? { ca, cert, key } : { ca },
      minVersion: init.tls.minVersion === 'TLSv1.3' ? 'TLSv1.3' : 'TLSv1.2',
      connectTimeoutMs: init.timeoutMs,
      onSecureConnect: (socket: TLSSocket) => {
        tlsVersion = socket.getProtocol() ?? null;
        try {
          const peer = socket.getPeerCertificate();
          serverCertificate = peer?.raw ? certificateFacts(peer.raw) : null;
        } catch {
          serverCertificate = null;
        }
      },
    },
    {
      method: init.method === 'POST' ? 'POST' : 'GET',
      path: `${url.pathname}${url.search}`,
      headers: init.headers,
      ...(init.body !== undefined && { body: init.body }),
      headersTimeoutMs: init.timeoutMs,
      bodyTimeoutMs: init.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      // One deadline for connect, handshake and answer: a black-holed address must not hold the technician.
      deadline: AbortSignal.timeout(init.timeoutMs),
    },
  );
  return {
    status: response.status,
    headers: { ...response.headers } as IncomingHttpHeaders,
    body: Buffer.from(response.body).toString('utf8'),
    tlsVersion,
    serverCertificate,
    sentAt,
    roundTripMs: Date.now() - sentAt,
  };
}

/** ensureKioskRegistered's transport, remembering the TLS version of the last exchange. */
export function recordingFetch(timeoutMs: number): { fetch: CentralFetch; last: () => HttpsExchange | null } {
  let last: HttpsExchange | null = null;
  return {
    last: () => last,
    fetch: async (url, init) => {
      const exchange = await httpsExchange(url, { ...init, timeoutMs });
      last = exchange;
      return { status: exchange.status, headers: exchange.headers, body: exchange.body };
    },
  };
}

/**
 * Central's clock against ours, from the Date header: the header has
 * one-second resolution, so the kiosk's time is taken at the middle of the
 * round trip and the skew is rounded to whole seconds. Positive: central is
 * ahead of the kiosk. Null when central sent no usable Date.
 */
export function clockSkewSeconds(exchange: Pick<HttpsExchange, 'headers' | 'sentAt' | 'roundTripMs'>): number | null {
  const header = exchange.headers.date;
  if (typeof header !== 'string') return null;
  const central = Date.parse(header);
  if (Number.isNaN(central)) return null;
  // The header truncates to the second: on average central's clock read half a second later.
  return Math.round((central + 500 - (exchange.sentAt + exchange.roundTripMs / 2)) / 1000);
}
