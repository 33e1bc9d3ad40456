/**
 * How technician screens name things from the contract: device states,
 * check ids and error codes map to catalogue keys here, in one place.
 */
import type { DeviceState } from '../../electron/contract/devices.ts';
import type { KioskError } from '../../electron/contract/errors.ts';
import type { TFunction } from 'i18next';
import type { MaintenanceText } from '../../electron/contract/technician.ts';
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
  const known: readonly string[] = [
    'config',
    'deviceFingerprint',
    'deviceCardReader',
    'devicePrinter',
    'centralReachable',
    'centralClock',
    'centralCertificate',
    'disk',
    'outbox',
  ];
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

type MaintenanceKeys = TechnicianKeys['maintenance'];

/**
 * What the service's maintenance layer says (a message or an advice key with
 * parameters), in the screen's language. Parameters that are words in the
 * service (a device role, a time unit, a direction) are translated first; a
 * key this build does not know shows as its code, never as nothing.
 */
export function maintenanceText(translate: TFunction, kind: 'messages' | 'advice', text: MaintenanceText): string {
  // The keys come from the service at run time; the catalogue test checks every one of them exists.
  const t = translate as unknown as (key: string, options?: Record<string, unknown>) => string;
  const params: Record<string, unknown> = { ...text.params };
  if (typeof params.role === 'string' && params.role in ROLE_WORDS) params.role = t(`technician.roles.${params.role}`);
  if (typeof params.ageUnit === 'string' && params.ageUnit in UNIT_WORDS) params.ageUnit = t(`technician.maintenance.units.${params.ageUnit}`);
  if (typeof params.direction === 'string' && params.direction in DIRECTION_WORDS)
    params.direction = t(`technician.maintenance.directions.${params.direction}`);
  if (typeof params.verdict === 'string' && params.verdict in VERDICT_WORDS) params.verdict = t(`technician.maintenance.verdicts.${params.verdict}`);
  return t(`technician.maintenance.${kind}.${text.key}`, { ...params, defaultValue: text.key, interpolation: { escapeValue: false } });
}

const ROLE_WORDS: Record<string, true> = { fingerprint: true, cardReader: true, printer: true } satisfies Record<keyof TechnicianKeys['roles'], true>;
const UNIT_WORDS: Record<string, true> = { min: true, h: true, days: true } satisfies Record<keyof MaintenanceKeys['units'], true>;
const DIRECTION_WORDS: Record<string, true> = { behind: true, ahead: true } satisfies Record<keyof MaintenanceKeys['directions'], true>;
const VERDICT_WORDS: Record<string, true> = { warn: true, fail: true } satisfies Record<keyof MaintenanceKeys['verdicts'], true>;
