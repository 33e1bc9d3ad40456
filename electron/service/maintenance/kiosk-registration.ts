/**
 * Registering the kiosk with central (kioskctl register, technician mode):
 * its ECDSA P-256 key and client certificate from a one-time token
 * (ensureKioskRegistered), made in a staging folder inside the data
 * directory and moved into place only once central has issued the
 * certificate, so a refused token leaves the kiosk's current credentials as
 * they were. A kiosk that is registered already needs `force` to register
 * again (a new key; the old one is deleted). And the connection test: GET
 * /v1/health over mTLS with the clock and certificate verdicts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CentralError, ensureKioskRegistered } from '../central/central-registration.ts';
import { centralClientDir, centralClientFile, installClientCredentials } from '../central/client-files.ts';
import { type ConfigPatch, KioskConfigStore, validateConfigPatch } from '../config/kiosk-config.ts';
import type { ServiceConfig } from '../config/service-config.ts';
import type { KioskDatabase } from '../db/database.ts';
import { parseCentralSealingKey } from '../outbox/sealing.ts';
import { centralSetup, isRegistered, probeCentralHealth, storedClientCertificate } from './central-check.ts';
import { certificateFacts, exchangeError, recordingFetch } from './central-probe.ts';
import { checkConfigFiles } from './config-files.ts';
import { loadConfiguration } from './kiosk-files.ts';
import { advice, configInvalid, type MaintenanceAdviceKey, MaintenanceError, message } from './maintenance-error.ts';
import { certificateCheck, clockCheck } from './selftest-checks.ts';
import { recordWith, type TechnicianChannel, technicianRecord } from './technician-audit.ts';

/** What to do about each refusal central can answer a registration with (central/openapi.yaml, kiosk registrations). */
const REGISTRATION_ADVICE: Readonly<Record<string, MaintenanceAdviceKey>> = {
  registration_token_invalid: 'tokenInvalid',
  registration_token_used: 'tokenUsed',
  registration_token_expired: 'tokenExpired',
  csr_kiosk_mismatch: 'tokenOtherKiosk',
  kiosk_id_invalid: 'kioskIdInvalid',
};

function registrationError(error: unknown, url: URL, timeoutMs: number): MaintenanceError {
  if (!(error instanceof CentralError)) return error instanceof MaintenanceError ? error : exchangeError(error, url, timeoutMs);
  if (error.code === 'central.unreachable' || error.code === 'central.untrusted') return exchangeError(error.cause ?? error, url, timeoutMs);
  if (error.code === 'central.registration_failed') {
    const key = error.problemCode !== undefined ? REGISTRATION_ADVICE[error.problemCode] : undefined;
    return new MaintenanceError('central.registration_failed', message('registrationFailed', { detail: error.message }), {
      ...(key !== undefined && { advice: advice(key) }),
      cause: error,
    });
  }
  return new MaintenanceError(error.code, message('centralFailed', { detail: error.message }), { cause: error });
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
 * MaintenanceError: config.invalid (with the field), central.already_registered,
 * central.registration_failed, central.unreachable/untrusted/timeout.
 */
export async function registerKiosk(request: KioskRegistration) {
  const { dataDir, db, token, patch, timeoutMs } = request;
  const before = loadConfiguration(db, dataDir);
  const checked = validateConfigPatch(patch, before.config);
  if (!checked.ok) throw configInvalid(checked.field, message('configInvalid', { reason: checked.reason }));
  checkConfigFiles(checked.config, ['centralCaFile']);
  const setup = centralSetup(request.effectiveConfig === undefined ? checked.config : request.effectiveConfig(checked.config));
  if (isRegistered(dataDir) && !request.force) {
    const current = storedClientCertificate(dataDir);
    throw new MaintenanceError(
      'central.already_registered',
      message('centralAlreadyRegistered', current === null ? {} : { serial: current.serial, subject: current.subject, notAfter: current.notAfter }),
    );
  }

  const staging = mkdtempSync(join(dataDir, '.register-'));
  const recorder = recordingFetch(timeoutMs);
  try {
    let registration;
    try {
      registration = await ensureKioskRegistered({
        dataDir: staging,
        centralUrl: setup.url.href,
        caCertificatePem: setup.caPem,
        kioskId: setup.kioskId,
        registrationToken: token,
        fetchImpl: recorder.fetch,
      });
    } catch (error) {
      throw registrationError(error, setup.url, timeoutMs);
    }
    let sealingKeyId: string | null = null;
    try {
      // The key central seals to, kept where the service looks for it (central-link.ts), so deferred enrollments work before its first connection.
      sealingKeyId = parseCentralSealingKey(registration.hpkePublicKey).keyId;
      mkdirSync(centralClientDir(staging), { recursive: true, mode: 0o700 });
      writeFileSync(centralClientFile(staging, 'sealingKey'), JSON.stringify(registration.hpkePublicKey), { mode: 0o644 });
    } catch {
      sealingKeyId = null; // the service fetches it at its first connection
    }
    const replaced = installClientCredentials(dataDir, staging);
    const certificate = certificateFacts(readFileSync(centralClientFile(dataDir, 'cert'), 'utf8'));

    const fields = Object.keys(patch).filter(
      (field) => (before.config as Record<string, unknown>)[field] !== (checked.config as Record<string, unknown>)[field],
    );
    const now = new Date();
    const record = await technicianRecord(
      'technician.kiosk_registered',
      { fields: fields.join(',') || 'none', replacedCertificate: replaced },
      setup.kioskId,
      now,
      request.via,
    );
    const store = new KioskConfigStore(db, { dataDir });
    recordWith(db, record, () => (fields.length > 0 || !before.stored ? store.update(patch as ConfigPatch, now) : undefined));
    const exchange = recorder.last();
    return {
      registered: true as const,
      kioskId: setup.kioskId,
      central: setup.url.origin,
      tls: { version: exchange?.tlsVersion ?? null, serverCertificate: exchange?.serverCertificate ?? null },
      certificate: {
        serial: certificate.serial,
        subject: certificate.subject,
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        daysLeft: certificate.daysLeft,
      },
      sealingKeyId,
      replacedCertificate: replaced,
      configSaved: fields,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The connection test's facts and verdicts (shared by `kioskctl central test` and technician mode). Throws MaintenanceError as probeCentralHealth does. */
export async function centralConnectionTest(dataDir: string, config: ServiceConfig, timeoutMs: number) {
  const probe = await probeCentralHealth(dataDir, centralSetup(config), timeoutMs);
  const clock = clockCheck(probe.clock.skewSeconds, probe.clock.centralDate);
  const certificate = certificateCheck(probe.clientCertificate, config.kioskId);
  return { probe, clock, certificate };
}
