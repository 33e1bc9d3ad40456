/**
 * One HTTPS exchange with central, watched the way a technician needs it:
 * the TLS version negotiated, central's certificate and its expiry, the round
 * trip, and central's clock (the Date header, RFC 9110 §6.6.1). Everything
 * has a deadline, so a central that is down or black-holed answers "not
 * reachable" within `timeoutMs`, never a hang.
 *
 * It doubles as the CentralFetch of ensureKioskRegistered (`recordingFetch`),
 * so `kioskctl register` can say which TLS version the registration used.
 * Same TLS rules as the service: only the pinned CA, TLS 1.2 minimum, a
 * fresh connection per call. Nothing here prints a key, a token or a body.
 */
import { X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type { CentralFetch } from '../central/central-registration.ts';
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
  const code = (error as { code?: unknown } | null)?.code;
  const os = typeof code === 'string' ? code : 'error';
  const central = url.origin;
  if (os === 'ETIMEDOUT') return new MaintenanceError('central.timeout', message('centralTimeout', { central, timeoutMs }), { cause: error });
  if (CLIENT_CERTIFICATE_REFUSED.test(os)) return new MaintenanceError('central.refused', message('centralRefusedTls', { central, os }), { cause: error });
  if (!os.startsWith('ERR_SSL_') && UNTRUSTED.test(os)) return new MaintenanceError('central.untrusted', message('centralUntrusted', { central, os }), { cause: error });
  return new MaintenanceError('central.unreachable', message('centralUnreachable', { central, os }), { cause: error });
}

export function httpsExchange(url: URL, init: ExchangeInit): Promise<HttpsExchange> {
  return new Promise((resolvePromise, reject) => {
    const sentAt = Date.now();
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome();
    };
    const request = httpsRequest(
      url,
      {
        method: init.method,
        headers: { ...init.headers, ...(init.body !== undefined && { 'content-length': String(Buffer.byteLength(init.body)) }) },
        ...init.tls,
        minVersion: init.tls.minVersion ?? 'TLSv1.2',
        rejectUnauthorized: true,
        agent: false,
      },
      (response) => {
        const socket = response.socket as TLSSocket;
        const tlsVersion = socket.getProtocol?.() ?? null;
        const peer = socket.getPeerCertificate?.();
        let serverCertificate: CertificateFacts | null = null;
        try {
          if (peer?.raw) serverCertificate = certificateFacts(peer.raw);
        } catch {
          serverCertificate = null;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) request.destroy(new MaintenanceError('central.bad_response', message('centralTooLarge')));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          settle(() =>
            resolvePromise({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              tlsVersion,
              serverCertificate,
              sentAt,
              roundTripMs: Date.now() - sentAt,
            }),
          ),
        );
        response.on('error', (error) => settle(() => reject(error)));
      },
    );
    // One deadline for connect, handshake and answer: a black-holed address must not hold the technician.
    const deadline = setTimeout(() => request.destroy(Object.assign(new Error('central request timed out'), { code: 'ETIMEDOUT' })), init.timeoutMs);
    request.on('error', (error) => settle(() => reject(error)));
    if (init.body !== undefined) request.write(init.body);
    request.end();
  });
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
