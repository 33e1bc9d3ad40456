import { Agent, get, request } from 'node:https';
import type { Socket } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSealed, sealForCentral } from '../../../central/pki/hpke.ts';
import { createKioskKeyAndCsr, kioskTlsOptions } from '../../../central/pki/kiosk-enrollment.ts';
import { createInMemoryKioskPkiStore } from '../../../central/pki/kiosk-pki-store.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { x509 } from '../../../central/pki/x509.ts';
import { httpsCall, postJson, recordingLogger, registerKiosk, temporaryDataDir } from './https-client.ts';

const DAY = 24 * 60 * 60 * 1000;
const clock = { now: new Date('2026-06-01T09:00:00Z') };
const logger = recordingLogger();
let server: CentralServer;
let pinnedCa: { ca: string };

beforeAll(async () => {
  server = await startCentralServer({ dataDir: temporaryDataDir(), logger, now: () => clock.now });
  pinnedCa = { ca: server.pki.ca.pem };
});
afterAll(() => server.close());

function registrationBody(registrationToken: string, csr: string) {
  return { registrationToken, csr };
}

/** The outcome of a bare TLS handshake: the negotiated protocol, or the client's error code. */
function handshake(options: ConnectionOptions): Promise<{ protocol: string | null } | { error: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: server.host, port: server.port, ...pinnedCa, ...options });
    socket.once('secureConnect', () => {
      resolve({ protocol: socket.getProtocol() });
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

describe('kiosk registration over HTTPS', () => {
  it('turns a token and a CSR into a client certificate that then works for /v1/health', async () => {
    const { token } = server.authority.issueRegistrationToken('kiosk-health');
    const { privateKeyPem, csrPem } = await createKioskKeyAndCsr('kiosk-health');
    const result = await postJson(server, '/v1/kiosk-registrations', registrationBody(token, csrPem), pinnedCa);
    expect(result.status).toBe(201);
    const body = result.json as Record<string, unknown>;
    expect(body).toMatchObject({
      kioskId: 'kiosk-health',
      caCertificate: server.pki.ca.pem,
      hpkePublicKey: { keyId: server.pki.hpke.keyId, kem: 'DHKEM(X25519, HKDF-SHA256)', kdf: 'HKDF-SHA256', aead: 'AES-256-GCM', envelopeVersion: 1 },
    });
    expect(new x509.X509Certificate(body.certificate as string).subjectName.getField('CN')).toEqual(['kiosk-health']);
    expect(result.headers['cache-control']).toBe('no-store');

    const credentials = { certificatePem: body.certificate as string, privateKeyPem, caCertificatePem: body.caCertificate as string };
    const health = await httpsCall(server, { path: '/v1/health', tls: kioskTlsOptions(credentials) });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok', kioskId: 'kiosk-health', time: clock.now.toISOString() });
  });

  it('publishes the HPKE public key to kiosks, and what a kiosk seals to it the server opens', async () => {
    const kiosk = await registerKiosk(server, 'kiosk-hpke');
    const result = await httpsCall(server, { path: '/v1/hpke-public-key', tls: kioskTlsOptions(kiosk) });
    expect(result.status).toBe(200);
    const { publicKey, keyId } = result.json as { publicKey: string; keyId: string };
    expect(keyId).toBe(server.pki.hpke.keyId);
    const aad = new TextEncoder().encode('kiosk-hpke:outbox-1');
    const sealed = await sealForCentral(Buffer.from(publicKey, 'base64url'), new TextEncoder().encode('deferred enrollment'), aad);
    expect(new TextDecoder().decode(await openSealed(server.pki.hpke.privateKey, sealed, aad))).toBe('deferred enrollment');
  });

  it('refuses a token the second time with registration_token_used', async () => {
    const { token } = server.authority.issueRegistrationToken('kiosk-reuse');
    expect(
      (await postJson(server, '/v1/kiosk-registrations', registrationBody(token, (await createKioskKeyAndCsr('kiosk-reuse')).csrPem), pinnedCa)).status,
    ).toBe(201);
    const again = await postJson(server, '/v1/kiosk-registrations', registrationBody(token, (await createKioskKeyAndCsr('kiosk-reuse')).csrPem), pinnedCa);
    expect(again.status).toBe(403);
    expect(again.headers['content-type']).toBe('application/problem+json');
    expect(again.json).toMatchObject({ status: 403, code: 'registration_token_used', type: 'urn:claveunica-central:problem:registration_token_used' });
  });

  it('refuses an expired token with registration_token_expired', async () => {
    const { token } = server.authority.issueRegistrationToken('kiosk-late', DAY);
    const { csrPem } = await createKioskKeyAndCsr('kiosk-late');
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + DAY + 1);
    try {
      const result = await postJson(server, '/v1/kiosk-registrations', registrationBody(token, csrPem), pinnedCa);
      expect(result.json).toMatchObject({ status: 403, code: 'registration_token_expired' });
    } finally {
      clock.now = saved;
    }
  });

  it('refuses a CSR with a bad signature, and one with an RSA key, with 422 problems', async () => {
    const { token } = server.authority.issueRegistrationToken('kiosk-csr');
    const { csrPem } = await createKioskKeyAndCsr('kiosk-csr');
    const der = Buffer.from(x509.PemConverter.decodeFirst(csrPem));
    der[der.length - 1]! ^= 0x01;
    const broken = await postJson(server, '/v1/kiosk-registrations', registrationBody(token, x509.PemConverter.encode(der, 'CERTIFICATE REQUEST')), pinnedCa);
    expect(broken.json).toMatchObject({ status: 422, code: 'csr_signature_invalid' });

    const rsaKeys = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const rsaCsr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: [{ CN: ['kiosk-csr'] }],
      keys: rsaKeys,
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5' },
    });
    const rsa = await postJson(server, '/v1/kiosk-registrations', registrationBody(token, rsaCsr.toString('pem')), pinnedCa);
    expect(rsa.json).toMatchObject({ status: 422, code: 'csr_key_unsupported' });
  });

  it('refuses a body with unknown fields (strict schema)', async () => {
    const result = await postJson(server, '/v1/kiosk-registrations', { registrationToken: 'x', csr: 'y', kioskId: 'root' }, pinnedCa);
    expect(result.json).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('never logs the token, the CSR or the certificate', async () => {
    const { token } = server.authority.issueRegistrationToken('kiosk-quiet');
    const { csrPem } = await createKioskKeyAndCsr('kiosk-quiet');
    await postJson(server, '/v1/kiosk-registrations', registrationBody(token, csrPem), pinnedCa);
    await postJson(server, '/v1/kiosk-registrations', registrationBody(token, csrPem), pinnedCa);
    const logged = JSON.stringify(logger.records);
    expect(logged).toContain('kiosk_registered');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('BEGIN');
  });
});

describe('client certificates', () => {
  it('answers a TLS client without a certificate 401 problem+json on every kiosk route, existing or not, and hangs up', async () => {
    for (const path of ['/v1/health', '/v1/hpke-public-key', '/v1/nothing-here', '/']) {
      // A keep-alive client, so that `connection: close` is the server's decision and not an echo of ours.
      const agent = new Agent({ keepAlive: true, ...pinnedCa });
      const result = await httpsCall(server, { path, tls: pinnedCa, agent }).finally(() => agent.destroy());
      expect(result.status).toBe(401);
      expect(result.headers['content-type']).toBe('application/problem+json');
      expect(result.headers['www-authenticate']).toMatch(/^ClientCertificate /);
      expect(result.headers.connection).toBe('close');
      expect(result.json).toEqual({
        type: 'urn:claveunica-central:problem:client_certificate_required',
        title: 'A valid kiosk client certificate is required',
        status: 401,
        code: 'client_certificate_required',
      });
    }
  });

  it('refuses a client certificate from another CA, even one naming a registered kiosk', async () => {
    await registerKiosk(server, 'kiosk-twin');
    const impostor = await startCentralServer({ dataDir: temporaryDataDir() });
    try {
      const foreign = await registerKiosk(impostor, 'kiosk-twin');
      const result = await httpsCall(server, { path: '/v1/health', tls: { ...pinnedCa, cert: foreign.certificatePem, key: foreign.privateKeyPem } });
      expect(result.status).toBe(401);
      expect(result.json).toMatchObject({ code: 'client_certificate_required' });
      expect(logger.records.some((record) => record.event === 'client_certificate_refused' && String(record.fields.reason).startsWith('tls_'))).toBe(true);
    } finally {
      await impostor.close();
    }
  });

  it('refuses a revoked certificate, also on a keep-alive connection it already used', async () => {
    const kiosk = await registerKiosk(server, 'kiosk-revoked');
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ...kioskTlsOptions(kiosk) });
    try {
      const before = await healthOnAgent(agent);
      expect(before.status).toBe(200);
      expect(server.authority.revoke(kiosk.serial, 'key_compromise')).toBe(true);
      const after = await healthOnAgent(agent);
      expect(after.status).toBe(401);
      expect(after.socket).toBe(before.socket);
      expect((await httpsCall(server, { path: '/v1/health', tls: kioskTlsOptions(kiosk) })).status).toBe(401);
    } finally {
      agent.destroy();
    }
  });

  it('still maps a resumed TLS session to its kiosk, and revocation reaches resumed sessions too', async () => {
    const kiosk = await registerKiosk(server, 'kiosk-resumed');
    let ticket: Buffer | undefined;
    const call = (session?: Buffer) =>
      new Promise<{ status: number; resumed: boolean }>((resolve, reject) => {
        const req = request(
          { host: server.host, port: server.port, path: '/v1/health', agent: false, ...kioskTlsOptions(kiosk), ...(session && { session }) },
          (res) => {
            const resumed = (res.socket as TLSSocket).isSessionReused();
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, resumed }));
          },
        );
        req.on('socket', (socket) => socket.on('session', (value: Buffer) => (ticket = value)));
        req.on('error', reject);
        req.end();
      });
    expect(await call()).toEqual({ status: 200, resumed: false });
    expect(await call(ticket)).toEqual({ status: 200, resumed: true });
    server.authority.revoke(kiosk.serial);
    expect(await call(ticket)).toEqual({ status: 401, resumed: true });
  });

  it('refuses the previous certificate once a kiosk registers again', async () => {
    const first = await registerKiosk(server, 'kiosk-renewed');
    const second = await registerKiosk(server, 'kiosk-renewed');
    expect((await httpsCall(server, { path: '/v1/health', tls: kioskTlsOptions(first) })).status).toBe(401);
    expect((await httpsCall(server, { path: '/v1/health', tls: kioskTlsOptions(second) })).status).toBe(200);
  });
});

/** GET /v1/health through `agent`, which reuses one TLS connection between calls. */
function healthOnAgent(agent: Agent): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    get({ host: server.host, port: server.port, path: '/v1/health', agent }, (res) => {
      const socket = res.socket;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, socket }));
    }).on('error', reject);
  });
}

describe('TLS versions', () => {
  it('negotiates TLS 1.3 with a default client, and accepts a TLS 1.2-only client', async () => {
    expect(await handshake({})).toEqual({ protocol: 'TLSv1.3' });
    expect(await handshake({ maxVersion: 'TLSv1.2' })).toEqual({ protocol: 'TLSv1.2' });
  });

  it('cannot even be tried with maxVersion TLSv1.1 alone: Node 24 clients default to minVersion TLSv1.2', async () => {
    expect(await handshake({ maxVersion: 'TLSv1.1' })).toEqual({ error: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' });
  });

  it('refuses a client that really offers only TLS 1.0–1.1, with a protocol_version alert from the server', async () => {
    const before = logger.records.length;
    // OpenSSL 3 only builds a TLS ≤ 1.1 ClientHello at security level 0 (SHA-1/MD5 handshake signatures).
    const result = await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    // The alert (RFC 8446 §6.2 protocol_version, 70) comes from the server: the refusal is the server's, not the client's own.
    expect(result).toEqual({ error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    await expect
      .poll(() =>
        logger.records.slice(before).some((record) => record.event === 'tls_handshake_refused' && record.fields.code === 'ERR_SSL_UNSUPPORTED_PROTOCOL'),
      )
      .toBe(true);
  });
});

describe('TLS 1.2 cipher suites', () => {
  /** A TLS 1.2 handshake offering only `cipher`: the suite the server agreed to, or the client's error code. */
  async function tls12With(cipher: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect({ host: server.host, port: server.port, ...pinnedCa, maxVersion: 'TLSv1.2', ciphers: cipher });
      socket.once('secureConnect', () => {
        resolve(socket.getCipher().standardName);
        socket.end();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  }

  it.each(['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-SHA384'])(
    'refuses a client that offers only %s (CBC, not AEAD)',
    async (cipher) => {
      // The server's handshake_failure alert (RFC 5246 §7.2.2, 40): no suite in common.
      expect(await tls12With(cipher)).toMatch(/^ERR_SSL_.*ALERT_HANDSHAKE_FAILURE$/);
    },
  );

  it.each([
    ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
    ['ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
    ['ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
  ])('agrees to %s (ECDHE with an AEAD)', async (cipher, standardName) => {
    expect(await tls12With(cipher)).toBe(standardName);
  });
});

describe('lifecycle', () => {
  it('keeps its CA across restarts, so a kiosk registered before the restart still gets in (with a persistent store)', async () => {
    const dataDir = temporaryDataDir();
    const store = createInMemoryKioskPkiStore();
    const first = await startCentralServer({ dataDir, store });
    const kiosk = await registerKiosk(first, 'kiosk-restart');
    await first.close();
    const second = await startCentralServer({ dataDir, store });
    try {
      expect(second.pki.created.ca).toBe(false);
      expect(second.pki.ca.pem).toBe(first.pki.ca.pem);
      expect((await httpsCall(second, { path: '/v1/health', tls: kioskTlsOptions(kiosk) })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('closes gracefully: refuses new connections once closed', async () => {
    const transient = await startCentralServer({ dataDir: temporaryDataDir() });
    const kiosk = await registerKiosk(transient, 'kiosk-close');
    await transient.close();
    await expect(httpsCall(transient, { path: '/v1/health', tls: kioskTlsOptions(kiosk) })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
