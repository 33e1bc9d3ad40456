/**
 * At service start: when the kiosk is configured with a central
 * (KIOSK_CENTRAL_URL + KIOSK_CENTRAL_CA, and KIOSK_CENTRAL_TOKEN until it has
 * registered), make sure it is registered and that central answers over mTLS,
 * in the background, and log the outcome. Sessions do not use central yet.
 */
import { readFile } from 'node:fs/promises';
import type { ServiceConfig } from '../config/service-config.ts';
import type { Logger } from '../log.ts';
import { CentralError, centralHealth, ensureKioskRegistered, type CentralFetch, type KioskRegistration } from './central-registration.ts';

export type CentralStartupOutcome = { ok: true; registration: KioskRegistration } | { ok: false; code: string } | { ok: false; code: 'central.not_configured' };

export async function connectToCentral(
  config: Pick<ServiceConfig, 'kioskId' | 'dataDir' | 'centralUrl' | 'centralCaFile' | 'centralRegistrationToken'>,
  log: Logger,
  fetchImpl?: CentralFetch,
): Promise<CentralStartupOutcome> {
  if (config.centralUrl === undefined || config.centralCaFile === undefined) return { ok: false, code: 'central.not_configured' };
  try {
    let caCertificatePem: string;
    try {
      caCertificatePem = await readFile(config.centralCaFile, 'utf8');
    } catch (error) {
      throw new CentralError('central.config_invalid', 'central CA certificate file could not be read', { cause: error });
    }
    const registration = await ensureKioskRegistered({
      dataDir: config.dataDir,
      centralUrl: config.centralUrl,
      caCertificatePem,
      kioskId: config.kioskId,
      registrationToken: config.centralRegistrationToken,
      ...(fetchImpl !== undefined && { fetchImpl }),
    });
    await centralHealth(registration.tls, config.centralUrl, fetchImpl);
    log.log('info', registration.registered ? 'central.registered' : 'central.connected', { kioskId: config.kioskId, centralUrl: config.centralUrl });
    return { ok: true, registration };
  } catch (error) {
    const code = error instanceof CentralError ? error.code : 'central.internal';
    const fields: Record<string, string | number> = { kioskId: config.kioskId, code };
    if (error instanceof CentralError && error.status !== undefined) fields.status = error.status;
    if (error instanceof CentralError && error.problemCode !== undefined) fields.problemCode = error.problemCode;
    log.log('warn', 'central.unavailable', fields);
    return { ok: false, code };
  }
}
