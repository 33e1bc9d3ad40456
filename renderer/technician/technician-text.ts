/**
 * How technician screens name things from the contract: device states,
 * check ids and error codes map to catalogue keys here, in one place.
 */
import type { DeviceState } from '../../electron/contract/devices.ts';
import type { KioskError } from '../../electron/contract/errors.ts';
import type { Catalogue } from '../i18n/catalogues/es-CL.ts';

type TechnicianKeys = Catalogue['technician'];

export const STATE_KEYS = {
  ready: 'ready',
  busy: 'busy',
  'not-connected': 'notConnected',
  'not-configured': 'notConfigured',
  'needs-attention': 'needsAttention',
} as const satisfies Record<DeviceState, keyof TechnicianKeys['state']>;

/** `device.fingerprint` → `deviceFingerprint`: selftest check ids as catalogue keys; null for a check this build does not name. */
export function checkKey(check: string): keyof TechnicianKeys['health']['checks'] | null {
  const key = check.replace(/\.([a-zA-Z])/g, (_, letter: string) => letter.toUpperCase());
  const known: readonly string[] = ['config', 'deviceFingerprint', 'deviceCardReader', 'devicePrinter', 'centralReachable', 'centralClock', 'centralCertificate', 'disk', 'outbox'];
  return known.includes(key) ? (key as keyof TechnicianKeys['health']['checks']) : null;
}

/** Contract message keys all live under `errors.` (test/renderer/i18n-catalogues.test.ts checks it). */
export type ErrorMessageKey = `errors.${keyof Catalogue['errors']}`;

export function errorKey(error: KioskError): ErrorMessageKey {
  return error.messageKey as ErrorMessageKey;
}

/** A date as the technician reads it: the local calendar day (UTC in the stored records). */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
