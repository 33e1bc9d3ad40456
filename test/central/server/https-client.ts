/**
 * A bare HTTPS client for the central sandbox tests: one request per fresh
 * TLS connection (agent: false), so every test's certificate choice is what
 * the handshake really sees (unless a test passes a keep-alive agent).
 */
import { request as httpsRequest, type Agent } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecureContextOptions, ConnectionOptions } from 'node:tls';
import { createKioskKeyAndCsr, kioskTlsOptions, type KioskCredentials } from '../../../central/pki/kiosk-enrollment.ts';
import type { CentralServer } from '../../../central/server/central-server.ts';

export interface HttpsResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface HttpsRequestOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  tls?: SecureContextOptions & Pick<ConnectionOptions, 'rejectUnauthorized' | 'minVersion' | 'maxVersion'>;
  /** Defaults to none: a fresh connection (and `Connection: close`) per call. */
  agent?: Agent;
}

export function httpsCall(server: Pick<CentralServer, 'host' | 'port'>, options: HttpsRequestOptions): Promise<HttpsResult> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: server.host,
        port: server.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...(options.body !== undefined && !options.headers?.['transfer-encoding'] && { 'content-length': String(Buffer.byteLength(options.body)) }),
          ...options.headers,
        },
        agent: options.agent ?? false,
        ...options.tls,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function postJson(server: Pick<CentralServer, 'host' | 'port'>, path: string, value: unknown, tls?: HttpsRequestOptions['tls']): Promise<HttpsResult> {
  return httpsCall(server, { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value), ...(tls && { tls }) });
}

const dataDirs: string[] = [];
// Registered while the importing test file is collected, so it runs after that file's tests.
afterAll(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh data directory, removed after the test file. */
export function temporaryDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'central-test-'));
  dataDirs.push(dir);
  return dir;
}

/** Registers `kioskId` through the real endpoint and returns credentials for later calls. */
export async function registerKiosk(server: CentralServer, kioskId: string): Promise<KioskCredentials & { serial: string }> {
  const { token } = server.authority.issueRegistrationToken(kioskId);
  const { privateKeyPem, csrPem } = await createKioskKeyAndCsr(kioskId);
  const result = await postJson(
    server,
    '/v1/kiosk-registrations',
    { registrationToken: token, csr: csrPem },
    kioskTlsOptions({ caCertificatePem: server.pki.ca.pem }),
  );
  if (result.status !== 201) throw new Error(`registration failed: ${result.status} ${result.text}`);
  const body = result.json as { certificate: string; caCertificate: string; certificateSerial: string };
  return { certificatePem: body.certificate, caCertificatePem: body.caCertificate, privateKeyPem, serial: body.certificateSerial };
}

export interface LogRecord {
  level: string;
  event: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is given, for assertions about what is (and is not) logged. */
export function recordingLogger(): { records: LogRecord[]; log: (level: string, event: string, fields?: Record<string, unknown>) => void } {
  const records: LogRecord[] = [];
  return { records, log: (level, event, fields = {}) => records.push({ level, event, fields }) };
}
