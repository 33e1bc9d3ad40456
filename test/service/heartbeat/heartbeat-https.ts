/**
 * A small real central for the heartbeat tests: an HTTPS server with mutual
 * TLS under a throwaway CA that answers POST /v1/heartbeats per the wire
 * contract, and can put a signed directive in its answer. Every request it
 * receives is kept (body and Idempotency-Key) for the test to read.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { issueKioskCertificate, issueServerCertificate } from '../../../central/pki/certificates.ts';
import { generateEcdsaP256KeyPair, privateKeyToPem } from '../../../central/pki/x509.ts';
import type { HeartbeatAlert, HeartbeatAnswer, SignedDirective } from '../../../electron/service/central/heartbeat-contract.ts';
import { directiveSigner, type DirectiveSigner, type TestCa, testCa } from './directive-fixtures.ts';

export interface ReceivedHeartbeat {
  readonly key: string;
  readonly body: unknown;
  readonly clientCertificateCn: string | undefined;
}

export interface HeartbeatAnswerPlan {
  readonly status?: number;
  readonly receivedAt?: string;
  readonly alerts?: HeartbeatAlert[];
  /** Made per request, so it can bind the request's key. */
  readonly directive?: (key: string) => SignedDirective | null;
}

export interface TestCentral {
  readonly url: string;
  readonly ca: TestCa;
  readonly signer: DirectiveSigner;
  readonly client: { readonly ca: string; readonly cert: string; readonly key: string };
  readonly received: ReceivedHeartbeat[];
  /** The plan for the following answers (until changed). */
  answerWith(plan: HeartbeatAnswerPlan): void;
  close(): Promise<void>;
}

export async function startTestCentral(kioskId: string): Promise<TestCentral> {
  const now = new Date();
  const ca = await testCa(now);
  const serverKeys = await generateEcdsaP256KeyPair();
  const server = await issueServerCertificate(ca.certificate, ca.key, serverKeys.publicKey, now);
  const kioskKeys = await generateEcdsaP256KeyPair();
  const kiosk = await issueKioskCertificate(ca.certificate, ca.key, kioskKeys.publicKey, kioskId, now);
  const signer = await directiveSigner(ca);
  const received: ReceivedHeartbeat[] = [];
  let plan: HeartbeatAnswerPlan = {};

  const https: Server = createServer(
    { key: await privateKeyToPem(serverKeys.privateKey), cert: server.pem, ca: ca.pem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const key = String(request.headers['idempotency-key'] ?? '').replace(/^"|"$/g, '');
        if (request.method !== 'POST' || request.url !== '/v1/heartbeats') {
          response
            .writeHead(404, { 'content-type': 'application/problem+json' })
            .end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' }));
          return;
        }
        const peer = (request.socket as TLSSocket).getPeerCertificate();
        received.push({
          key,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
          clientCertificateCn: peer.subject?.CN as string | undefined,
        });
        const status = plan.status ?? 200;
        if (status !== 200) {
          response
            .writeHead(status, { 'content-type': 'application/problem+json' })
            .end(JSON.stringify({ type: 'about:blank', title: 'Unavailable', status, code: 'unavailable' }));
          return;
        }
        const answer: HeartbeatAnswer = {
          receivedAt: plan.receivedAt ?? new Date().toISOString(),
          alerts: plan.alerts ?? [],
          directive: plan.directive?.(key) ?? null,
        };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    },
  );
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const { port } = https.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca,
    signer,
    client: { ca: ca.pem, cert: kiosk.pem, key: await privateKeyToPem(kioskKeys.privateKey) },
    received,
    answerWith(next) {
      plan = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        https.closeAllConnections();
        https.close(() => resolve());
      }),
  };
}
