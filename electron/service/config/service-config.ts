import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LANGUAGE, type DeviceRole, KioskModeSchema, LANGUAGES, LanguageSchema } from '../../contract/index.ts';
import { DeviceAssignmentSchema, type DeviceAssignments, parseDeviceAssignment, SIMULATED_DEVICES } from './device-config.ts';

/**
 * The part of the kiosk configuration this service needs today, read from the
 * environment. The kiosk-service issue moves configuration into SQLite with
 * the same schema style; defaults give the embedded development setup.
 */
export const ServiceConfigSchema = z
  .object({
    kioskId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore; at most 64'),
    mode: KioskModeSchema,
    languages: z.array(LanguageSchema).min(1),
    defaultLanguage: LanguageSchema,
    /** Seconds without a touch after which a session is wiped. */
    idleTimeoutSeconds: z.number().int().min(15).max(3600),
    /** Simulated devices and the dev.* commands. */
    simulatedDevices: z.boolean(),
    /** Where the kiosk keeps its files (database, simulated printer output). */
    dataDir: z.string().min(1).max(4096),
    devices: z.object({ fingerprint: DeviceAssignmentSchema, cardReader: DeviceAssignmentSchema, printer: DeviceAssignmentSchema }).strict(),
    /** The central enrollment API (https); absent: the kiosk runs without central. */
    centralUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2048).optional(),
    /** Path of the central CA certificate (PEM) the kiosk pins. */
    centralCaFile: z.string().min(1).max(4096).optional(),
    /** One-time registration token; used only while the kiosk has no client certificate. Never logged. */
    centralRegistrationToken: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((c) => c.languages.includes(c.defaultLanguage), { message: 'must be one of languages', path: ['defaultLanguage'] })
  .refine((c) => (c.centralUrl === undefined) === (c.centralCaFile === undefined), { message: 'KIOSK_CENTRAL_URL and KIOSK_CENTRAL_CA go together', path: ['centralCaFile'] });
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export const DEFAULT_SERVICE_CONFIG: ServiceConfig = {
  kioskId: 'dev-kiosk-01',
  mode: 'civil-digital',
  languages: [...LANGUAGES],
  defaultLanguage: DEFAULT_LANGUAGE,
  idleTimeoutSeconds: 120,
  simulatedDevices: true,
  dataDir: join(tmpdir(), 'kiosk-data'),
  devices: SIMULATED_DEVICES,
};

/** Where each role's device is configured from the environment. */
const DEVICE_VARIABLES: Readonly<Record<DeviceRole, string>> = {
  fingerprint: 'KIOSK_FINGERPRINT',
  cardReader: 'KIOSK_CARD_READER',
  printer: 'KIOSK_PRINTER',
};

export class ConfigError extends Error {
  readonly code = 'config.invalid';
  readonly field: string;
  constructor(field: string, reason: string) {
    super(`invalid kiosk configuration: ${field}: ${reason}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

const ENV_FIELDS = {
  KIOSK_ID: 'kioskId',
  KIOSK_MODE: 'mode',
  KIOSK_LANGUAGES: 'languages',
  KIOSK_DEFAULT_LANGUAGE: 'defaultLanguage',
  KIOSK_IDLE_TIMEOUT_S: 'idleTimeoutSeconds',
  KIOSK_SIMULATED: 'simulatedDevices',
  KIOSK_DATA_DIR: 'dataDir',
  KIOSK_CENTRAL_URL: 'centralUrl',
  KIOSK_CENTRAL_CA: 'centralCaFile',
  KIOSK_CENTRAL_TOKEN: 'centralRegistrationToken',
} as const;

/** Reads `KIOSK_*` variables over the defaults; an invalid value is refused with the variable's name. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ServiceConfig {
  const candidate: Record<string, unknown> = { ...DEFAULT_SERVICE_CONFIG };
  for (const [variable, field] of Object.entries(ENV_FIELDS)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    if (field === 'languages') candidate[field] = raw.split(',').map((s) => s.trim());
    else if (field === 'idleTimeoutSeconds') candidate[field] = Number(raw);
    else if (field === 'simulatedDevices') {
      if (raw !== '0' && raw !== '1') throw new ConfigError(variable, 'must be 0 or 1');
      candidate[field] = raw === '1';
    } else candidate[field] = raw;
  }
  candidate.devices = devicesFromEnv(env, candidate.simulatedDevices === true);
  const parsed = ServiceConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const variable = Object.entries(ENV_FIELDS).find(([, f]) => f === field)?.[0] ?? field;
    throw new ConfigError(variable, issue?.message ?? 'invalid');
  }
  return parsed.data;
}

function devicesFromEnv(env: Readonly<Record<string, string | undefined>>, simulated: boolean): DeviceAssignments {
  const devices: Record<string, unknown> = {};
  for (const [role, variable] of Object.entries(DEVICE_VARIABLES) as [DeviceRole, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') {
      // A development kiosk simulates what is not configured; a real one reports it as not configured.
      devices[role] = simulated ? { transport: 'simulated' } : { transport: 'none' };
      continue;
    }
    const parsed = parseDeviceAssignment(role, raw);
    if (!parsed.ok) throw new ConfigError(variable, parsed.reason);
    if (parsed.value.transport === 'simulated' && !simulated) throw new ConfigError(variable, 'simulated devices need KIOSK_SIMULATED=1');
    devices[role] = parsed.value;
  }
  return devices as unknown as DeviceAssignments;
}
