/**
 * Files the configuration names, checked before a configuration is used or
 * stored: certificate files must exist and hold a PEM certificate, the key
 * file must be private (key-protector.ts). A CA path with a typo is refused
 * now, not at the next start of the service.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { assertKeyFileProtected } from '../config/key-protector.ts';
import { ConfigError, type ServiceConfig } from '../config/service-config.ts';
import { configInvalid, message } from './maintenance-error.ts';

/** Throws MaintenanceError config.invalid naming the field. */
export function checkConfigFiles(config: ServiceConfig, fields: readonly string[] = ['centralCaFile', 'centralClientCertFile', 'centralClientKeyFile']): void {
  for (const field of ['centralCaFile', 'centralClientCertFile'] as const) {
    const path = config[field];
    if (path === undefined || !fields.includes(field)) continue;
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      throw configInvalid(field, message('configFileUnreadable', { path, os: (error as NodeJS.ErrnoException).code ?? 'error' }));
    }
    try {
      new X509Certificate(pem);
    } catch {
      throw configInvalid(field, message('configNotCertificate', { path }));
    }
  }
  if (config.centralClientKeyFile !== undefined && fields.includes('centralClientKeyFile')) {
    try {
      assertKeyFileProtected(config.centralClientKeyFile);
    } catch (error) {
      if (error instanceof ConfigError)
        throw configInvalid(error.field, message('configInvalid', { reason: error.message.replace(/^invalid kiosk configuration: [^:]+: /, '') }));
      throw error;
    }
  }
}
